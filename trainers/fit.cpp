#include "trainers/fit.h"

#include "core/error.h"
#include "core/files.h"
#include "core/progress.h"
#include "core/runtime.h"
#include "core/tensorboard.h"
#include "data/grid.h"
#include "loading/run_layout.h"
#include "trainers/report.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void on_sigint(int) {
  g_stop_requested = true;
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C stops at once
}

class SigintGuard {
 public:
  explicit SigintGuard(bool enabled) : enabled_(enabled) {
    g_stop_requested = false;
    if (enabled_) previous_ = std::signal(SIGINT, on_sigint);
  }
  ~SigintGuard() {
    if (enabled_) std::signal(SIGINT, previous_);
  }

 private:
  bool enabled_;
  void (*previous_)(int) = SIG_DFL;
};

// metrics.jsonl, and the same numbers as TensorBoard scalars (tag = key, at the line's step) when `tensorboard`.
class MetricsLog {
 public:
  MetricsLog(const RunLayout& run, bool tensorboard) : path_(run.metrics()), out_(path_, std::ios::app) {
    if (!out_) throw Error(path_.string() + ": cannot open for appending");
    if (tensorboard) events_ = std::make_unique<EventWriter>(run.tensorboard());
  }
  void write(const nlohmann::json& line) {
    out_ << line.dump() << "\n" << std::flush;
    if (!out_) throw Error(path_.string() + ": cannot append (" + std::strerror(errno) + ")");
    if (!events_) return;
    std::map<std::string, double> scalars;
    for (const auto& [key, value] : line.items()) {
      if (value.is_number() && key != "step" && key != "epoch") scalars[key] = value.get<double>();
    }
    events_->scalars(scalars, line.at("step").get<int64_t>());
  }
  void image(const std::string& tag, const std::string& png, const torch::Tensor& image, int64_t step) {
    if (events_) {
      events_->image(tag, png, static_cast<int>(image.size(0)), static_cast<int>(image.size(1)),
                     static_cast<int>(image.size(2)), step);
    }
  }

 private:
  fs::path path_;
  std::ofstream out_;
  std::unique_ptr<EventWriter> events_;
};

// `last_saved` < 0: no checkpoint was written yet.
void check_finite(const Metrics& metrics, int64_t step, int64_t last_saved) {
  for (const auto& [name, value] : metrics) {
    if (!std::isfinite(value)) {
      throw Error("training diverged at step " + std::to_string(step) + ": " + name + " is " + format_number(value) +
                  (last_saved < 0 ? std::string("; no checkpoint was written")
                                  : "; the last checkpoint (step " + std::to_string(last_saved) + ") is intact"));
    }
  }
}

void put(nlohmann::json& line, const std::string& prefix, const Metrics& metrics) {
  for (const auto& [name, value] : metrics) line[prefix + name] = value;
}

// Evaluation draws its own noise (a VAE's z), the same every time.
constexpr uint64_t kEvaluationSeed = 1234;

double score_named(const Metrics& scores, const std::string& name) {
  for (const auto& [key, value] : scores) {
    if (key == name) return value;
  }
  throw Error("eval: the scorer gave no '" + name + "'");
}

void score_and_keep_best(GenerativeModel& model, const FitOptions& options, FitState& state, MetricsLog& log,
                         Progress& progress) {
  const auto scores = options.score(model);
  nlohmann::json line = {{"type", "eval"}, {"step", state.step}};
  put(line, "eval/", scores);
  log.write(line);
  const double fld = score_named(scores, "fld");
  const bool better = state.best.is_null() || fld < state.best["fld"].get<double>();
  if (better) {
    state.best = {{"step", state.step}, {"fld", fld}};
    if (options.save_best) options.save_best(state);
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "eval at step %lld: FLD %.4g%s (best %.4g at step %lld)",
                static_cast<long long>(state.step), fld, better ? ", a new best" : "",
                state.best["fld"].get<double>(), static_cast<long long>(state.best["step"].get<int64_t>()));
  progress.message(buf);
}

}  // namespace

Metrics evaluate_dataset(GenerativeModel& model, Trainer& trainer, const Dataset& data, int64_t batch_size) {
  Averages averages;
  const auto device = model.device();
  ScopedCpuSeed seed(kEvaluationSeed);
  for (int64_t begin = 0; begin < data.size(); begin += batch_size) {
    const int64_t end = std::min(begin + batch_size, data.size());
    auto x = to_float(data.images.slice(0, begin, end).to(device), model.pixel_range());  // [b,1,28,28]
    auto metrics = trainer.evaluate(x);
    if (metrics.empty()) return {};
    averages.add(metrics, static_cast<double>(end - begin));
  }
  return averages.means();
}

FitResult fit(GenerativeModel& model, Trainer& trainer, const Dataset& train, const Dataset* test,
              const FitOptions& options, FitState& state, const SaveCheckpoint& save) {
  const auto& shape = GenerativeModel::kImageShape;
  train.check_image_shape(shape[0], shape[1], shape[2]);
  if (test) test->check_image_shape(shape[0], shape[1], shape[2]);
  if (options.total_steps <= 0) throw Error("step budget: expected a positive number of steps");
  if (options.eval_every > 0 && !options.score) throw Error("eval_every: set, but no scorer was given");

  SigintGuard sigint(options.handle_sigint);
  BatchSampler sampler(train.size(), options.batch_size, options.seed);
  const int64_t steps_per_epoch = sampler.steps_per_epoch();
  const auto device = model.device();
  const auto images = train.images.to(device);  // uint8 [N,1,28,28], stays on the model's device
  const RunLayout run(options.out_dir);
  fs::create_directories(run.epoch_samples(0).parent_path());
  MetricsLog metrics_log(run, options.tensorboard);
  std::ostream null_stream(nullptr);
  Progress progress(options.log ? *options.log : null_stream, options.live_progress, options.total_steps,
                    state.step, steps_per_epoch);

  Averages epoch_train, window;
  int64_t last_saved = state.step > 0 ? state.step : -1, window_images = 0;
  double window_seconds = 0, epoch_seconds = 0, images_per_s = 0;
  FitResult result;

  while (state.step < options.total_steps) {
    const int64_t epoch = state.step / steps_per_epoch;
    auto idx = sampler.indices(epoch, state.step % steps_per_epoch).to(device);
    const auto t0 = std::chrono::steady_clock::now();
    auto x = to_float(images.index_select(0, idx), model.pixel_range());  // [B,1,28,28]
    auto metrics = trainer.step(x, state.step);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    check_finite(metrics, state.step + 1, last_saved);
    ++state.step;

    epoch_train.add(metrics);
    window.add(metrics);
    window_images += x.size(0);
    window_seconds += seconds;
    epoch_seconds += seconds;
    const double instant = x.size(0) / std::max(seconds, 1e-9);
    images_per_s = images_per_s == 0 ? instant : 0.9 * images_per_s + 0.1 * instant;
    progress.update(state.step, metrics, images_per_s);

    const bool epoch_end = state.step % steps_per_epoch == 0 || state.step == options.total_steps;
    if (state.step % options.log_every == 0 || epoch_end) {
      nlohmann::json line = {{"type", "step"}, {"step", state.step}, {"epoch", epoch + 1}};
      put(line, "", window.means());
      line["images_per_s"] = window_images / std::max(window_seconds, 1e-9);
      metrics_log.write(line);
      window.clear();
      window_images = 0;
      window_seconds = 0;
    }

    if (epoch_end) {
      const int64_t completed = (state.step + steps_per_epoch - 1) / steps_per_epoch;
      nlohmann::json line = {{"type", "epoch"}, {"epoch", completed}, {"step", state.step},
                             {"train_seconds", epoch_seconds}};
      put(line, "train/", epoch_train.means());
      if (test) put(line, "test/", evaluate_dataset(model, trainer, *test, options.eval_batch_size));
      auto grid = model.generate_cpu(state.fixed_z);  // [n,1,28,28]
      const auto grid_image = make_grid(grid, GridOptions().nrow(options.grid_nrow));  // uint8 [H,W,1]
      const auto png = encode_png(grid_image);
      write_file_atomic(run.epoch_samples(completed), png);
      write_file_atomic(run.samples(), png);
      metrics_log.write(line);
      metrics_log.image("samples", png, grid_image, state.step);
      state.last_epoch = line;
      save(state);
      last_saved = state.step;
      epoch_train.clear();
      epoch_seconds = 0;
      std::string summary = "epoch " + std::to_string(completed) + " done:";
      for (const auto& [key, value] : line.items()) {
        if (std::count(key.begin(), key.end(), '/') == 1) {  // train/loss, test/nelbo; not test/kl/3
          char buf[64];
          std::snprintf(buf, sizeof buf, " %s %.4g", key.c_str(), value.get<double>());
          summary += buf;
        }
      }
      progress.message(summary + "  (" + Progress::format_duration(line["train_seconds"].get<double>()) + ")");
    }

    if (options.eval_every > 0 && (state.step % options.eval_every == 0 || state.step == options.total_steps)) {
      score_and_keep_best(model, options, state, metrics_log, progress);
    }
    if (epoch_end && options.report) write_report({run.dir}, run.report());

    if (g_stop_requested) {
      if (last_saved != state.step) save(state);
      result.interrupted = true;
      break;
    }
  }
  progress.finish();
  result.step = state.step;
  return result;
}

}  // namespace genzoo
