#pragma once
/// A trainer owns a model's optimisers and knows one training step; the fit loop (run/fit.h) does the rest.
///
///   const auto& recipe = genzoo::find_recipe("vae");                         // run/recipes.h
///   std::unique_ptr<genzoo::Trainer> trainer = recipe.make_trainer(model, recipe.trainer_options);
///   genzoo::Metrics m = trainer->step(batch, step);   // e.g. {{"loss", 101.2}, {"recon", 80.1}, {"kl", 21.1}}
#include "core/metrics.h"
#include "distributed/data_parallel.h"
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace genzoo {

/// Scalars still on the model's device, named in the order they are logged.
using NamedScalars = std::vector<std::pair<std::string, torch::Tensor>>;

/// Reads named scalars back to the host in one device-to-host copy (one sync per step, not one per metric).
Metrics read_metrics(const NamedScalars& named);

/// Wall time of the named parts of training steps (`genzoo bench --breakdown`): milliseconds per call.
class PhaseTimer {
 public:
  /// Adds the time from construction to destruction to `phase`; does nothing without a timer.
  class Scope {
   public:
    Scope(PhaseTimer* timer, const char* phase)
        : timer_(timer), phase_(phase), started_(std::chrono::steady_clock::now()) {}
    ~Scope() {
      if (timer_) timer_->add(phase_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PhaseTimer* timer_;
    const char* phase_;
    std::chrono::steady_clock::time_point started_;
  };

  void add(const std::string& phase, double seconds);
  /// Mean milliseconds per call of each phase, in first-seen order.
  Metrics mean_ms() const;
  void clear() { phases_.clear(); }

 private:
  struct Phase {
    std::string name;
    double seconds = 0;
    int64_t calls = 0;
  };
  std::vector<Phase> phases_;
};

class Trainer {
 public:
  virtual ~Trainer() = default;
  /// One optimisation step on batch [B,C,H,W] (model's pixel range, model's device).
  virtual Metrics step(const torch::Tensor& batch, int64_t global_step) = 0;
  /// Held-out losses on a batch without updating anything; empty when the family has none.
  virtual Metrics evaluate(const torch::Tensor& /*batch*/) { return {}; }
  /// The hyper-parameters the trainer was built with (what its factory takes back).
  virtual nlohmann::json options_json() const = 0;
  /// Optimiser state; hyper-parameters travel as JSON, since torch::load does not restore lr/betas.
  virtual void save(torch::serialize::OutputArchive& archive) const = 0;
  virtual void load(torch::serialize::InputArchive& archive) = 0;

  /// Times the parts of every following step into `timer` (nullptr: stop timing).
  void time_phases(PhaseTimer* timer) { timer_ = timer; }

  /// Data-parallel training (distributed/data_parallel.h): every following step gets this rank's shard of a global
  /// batch of `global_batch` images; noise is drawn for the whole global batch and gradients are averaged over
  /// the group before every optimiser step. nullptr: one process.
  void set_data_parallel(DataParallel* group, int64_t global_batch) {
    group_ = group;
    global_batch_ = global_batch;
  }

 protected:
  PhaseTimer::Scope phase(const char* name) { return PhaseTimer::Scope(timer_, name); }

  /// Noise for a step's `local_n` images: `draw(n)` returns n rows. In data-parallel training it draws the global
  /// batch's rows on every rank and keeps this rank's, so the ranks' random streams stay together and their rows
  /// are the ones one process would draw.
  template <typename Draw>
  torch::Tensor draw_noise(int64_t local_n, Draw&& draw) const {
    if (!group_) return draw(local_n);
    const auto shard = shard_of(global_batch_, group_->rank(), group_->world_size());
    check_shard(shard, local_n);
    return shard_rows(shard, global_batch_, draw);
  }
  /// Averages the gradients of `parameters` over the group, weighted by shard size (nothing in one process).
  void sync_gradients(const std::vector<torch::Tensor>& parameters, int64_t local_n);

 private:
  void check_shard(const Shard& shard, int64_t local_n) const;

  PhaseTimer* timer_ = nullptr;
  DataParallel* group_ = nullptr;
  int64_t global_batch_ = 0;
};

}  // namespace genzoo
