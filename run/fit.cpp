#include "run/fit.h"

#include "core/error.h"
#include "core/files.h"
#include "core/progress.h"
#include "core/runtime.h"
#include "data/grid.h"
#include "loading/run_layout.h"
#include "report/report.h"
#include "run/metrics_log.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
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
  nlohmann::json line = {{metrics_key::kType, metrics_line::kEval}, {metrics_key::kStep, state.step}};
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

// Data-parallel steps: the ranks' losses become the global batch's (weighted by shard), and a Ctrl-C on any rank
// stops all of them after the same step; one all-reduce.
void agree(DataParallel& group, Metrics& metrics, bool& stop, int64_t local_n, int64_t global_n) {
  std::vector<double> values;
  for (const auto& m : metrics) values.push_back(m.second);
  values.push_back(stop ? static_cast<double>(global_n) : 0.0);  // any rank's flag survives the weighting
  average_values(group, values, local_n, global_n);
  for (size_t i = 0; i < metrics.size(); ++i) metrics[i].second = values[i];
  stop = values.back() > 0;
}

// The end of an epoch on rank 0: held-out metrics, the sample grid, the checkpoint and the summary line.
void finish_epoch(GenerativeModel& model, Trainer& trainer, const Dataset* test, const FitOptions& options,
                  FitState& state, int64_t completed, nlohmann::json line, MetricsLog& metrics_log,
                  Progress& progress, const SaveCheckpoint& save) {
  const RunLayout run(options.out_dir);
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
  std::string summary = "epoch " + std::to_string(completed) + " done:";
  for (const auto& [key, value] : line.items()) {
    if (std::count(key.begin(), key.end(), '/') == 1) {  // train/loss, test/nelbo; not test/kl/3
      char buf[64];
      std::snprintf(buf, sizeof buf, " %s %.4g", key.c_str(), value.get<double>());
      summary += buf;
    }
  }
  progress.message(summary + "  (" + Progress::format_duration(line[metrics_key::kTrainSeconds].get<double>()) + ")");
}

}  // namespace

Metrics evaluate_dataset(GenerativeModel& model, Trainer& trainer, const Dataset& data, int64_t batch_size) {
  Averages averages;
  const auto device = model.device();
  ScopedSeed seed(kEvaluationSeed);
  for (int64_t begin = 0; begin < data.size(); begin += batch_size) {
    const int64_t end = std::min(begin + batch_size, data.size());
    auto x = to_float(data.images.slice(0, begin, end).to(device), model.pixel_range());  // [b,C,H,W]
    auto metrics = trainer.evaluate(x);
    if (metrics.empty()) return {};
    averages.add(metrics, static_cast<double>(end - begin));
  }
  return averages.means();
}

FitResult fit(GenerativeModel& model, Trainer& trainer, const Dataset& train, const Dataset* test,
              const FitOptions& options, FitState& state, const SaveCheckpoint& save) {
  const auto shape = model.image_shape();
  train.check_image_shape(shape[0], shape[1], shape[2]);
  if (test) test->check_image_shape(shape[0], shape[1], shape[2]);
  if (options.total_steps <= 0) throw Error("step budget: expected a positive number of steps");
  DataParallel* group = options.parallel;
  const bool chief = !group || group->rank() == 0;  // rank 0 writes, logs, scores and saves
  if (chief && options.eval_every > 0 && !options.score) throw Error("eval_every: set, but no scorer was given");
  SigintGuard sigint(options.handle_sigint);
  BatchSampler sampler(train.size(), options.batch_size, options.seed);
  const int64_t steps_per_epoch = sampler.steps_per_epoch();
  const int64_t global_batch = std::min(options.batch_size, train.size());
  trainer.set_data_parallel(group, global_batch);
  const auto device = model.device();
  const auto images = train.images.to(device);  // uint8 [N,C,H,W], stays on the model's device
  const RunLayout run(options.out_dir);
  std::unique_ptr<MetricsLog> metrics_log;
  if (chief) {
    fs::create_directories(run.epoch_samples(0).parent_path());
    metrics_log = std::make_unique<MetricsLog>(run, options.tensorboard);
  }
  std::ostream null_stream(nullptr);
  Progress progress(chief && options.log ? *options.log : null_stream, options.live_progress, options.total_steps,
                    state.step, steps_per_epoch);
  const auto average_statistics = [&] {
    if (group) average_buffers(*group, model);
  };

  Averages epoch_train, window;
  int64_t last_saved = state.step > 0 ? state.step : -1, window_images = 0, window_steps = 0;
  double window_seconds = 0, epoch_seconds = 0, images_per_s = 0;
  FitResult result;

  while (state.step < options.total_steps) {
    const int64_t epoch = state.step / steps_per_epoch, in_epoch = state.step % steps_per_epoch;
    auto idx = group ? shard_indices(sampler, epoch, in_epoch, group->rank(), group->world_size())
                     : sampler.indices(epoch, in_epoch);
    const auto t0 = std::chrono::steady_clock::now();
    auto x = to_float(images.index_select(0, idx.to(device)), model.pixel_range());  // [B,1,28,28]
    auto metrics = trainer.step(x, state.step);
    bool stop = g_stop_requested;
    if (group) agree(*group, metrics, stop, x.size(0), global_batch);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    check_finite(metrics, state.step + 1, last_saved);
    ++state.step;

    const int64_t step_images = group ? global_batch : x.size(0);
    epoch_train.add(metrics);
    window.add(metrics);
    window_images += step_images;
    window_seconds += seconds;
    ++window_steps;
    epoch_seconds += seconds;
    const double instant = step_images / std::max(seconds, 1e-9);
    images_per_s = images_per_s == 0 ? instant : 0.9 * images_per_s + 0.1 * instant;
    progress.update(state.step, metrics, images_per_s);

    const bool epoch_end = state.step % steps_per_epoch == 0 || state.step == options.total_steps;
    if (state.step % options.log_every == 0 || epoch_end) {
      nlohmann::json line = {{metrics_key::kType, metrics_line::kStep},
                             {metrics_key::kStep, state.step},
                             {metrics_key::kEpoch, epoch + 1}};
      put(line, "", window.means());
      line["images_per_s"] = window_images / std::max(window_seconds, 1e-9);
      if (group) line["allreduce_ms"] = 1000 * group->take_comm_seconds() / static_cast<double>(window_steps);
      if (chief) metrics_log->write(line);
      window.clear();
      window_images = window_steps = 0;
      window_seconds = 0;
    }

    if (epoch_end) {
      average_statistics();
      const int64_t completed = (state.step + steps_per_epoch - 1) / steps_per_epoch;
      nlohmann::json line = {{metrics_key::kType, metrics_line::kEpoch},
                             {metrics_key::kEpoch, completed},
                             {metrics_key::kStep, state.step},
                             {metrics_key::kTrainSeconds, epoch_seconds}};
      put(line, "train/", epoch_train.means());
      if (chief) finish_epoch(model, trainer, test, options, state, completed, line, *metrics_log, progress, save);
      last_saved = state.step;
      epoch_train.clear();
      epoch_seconds = 0;
    }

    if (options.eval_every > 0 && (state.step % options.eval_every == 0 || state.step == options.total_steps)) {
      if (!epoch_end) average_statistics();
      if (chief) score_and_keep_best(model, options, state, *metrics_log, progress);
    }
    if (epoch_end && options.report && chief) write_report({run.dir}, run.report());

    if (stop) {
      if (last_saved != state.step) {
        average_statistics();
        if (chief) save(state);
      }
      result.interrupted = true;
      break;
    }
  }
  progress.finish();
  if (group) group->take_comm_seconds();
  result.step = state.step;
  return result;
}

}  // namespace genzoo
