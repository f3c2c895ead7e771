#pragma once
/// The files of a run directory, named in one place.
///
///   genzoo::RunLayout run("runs/vae");
///   run.checkpoint();   // runs/vae/checkpoint.pt: model, optimiser state, RNG, config (run/checkpoint.h)
///   run.best();         // runs/vae/best.pt: the same at the best score of --eval-every
///   run.samples();      // runs/vae/samples.png: the latest epoch's grid
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

namespace genzoo {

struct RunLayout {
  explicit RunLayout(std::filesystem::path dir) : dir(std::move(dir)) {}

  /// The training checkpoint: written every epoch, at the end and on Ctrl-C.
  std::filesystem::path checkpoint() const { return dir / "checkpoint.pt"; }
  /// The training checkpoint with the best score of `train --eval-every` (lowest FLD); same format.
  std::filesystem::path best() const { return dir / "best.pt"; }
  /// The resolved configuration (a valid --config).
  std::filesystem::path config() const { return dir / "config.json"; }
  /// One JSON object per logged step and per epoch.
  std::filesystem::path metrics() const { return dir / "metrics.jsonl"; }
  /// TensorBoard event files: one per process that trained the run (core/tensorboard.h).
  std::filesystem::path tensorboard() const { return dir / "tb"; }
  /// The latest epoch's sample grid.
  std::filesystem::path samples() const { return dir / "samples.png"; }
  /// Every epoch's grid: samples/epoch_NNN.png.
  std::filesystem::path epoch_samples(int64_t epoch) const {
    char name[32];
    std::snprintf(name, sizeof name, "epoch_%03ld.png", static_cast<long>(epoch));
    return dir / "samples" / name;
  }
  /// What `genzoo export RUN` writes by default.
  std::filesystem::path exported() const { return dir / "model.safetensors"; }
  /// The command lines that trained the run, one per process (the first train, then each resume).
  std::filesystem::path commands() const { return dir / "commands.txt"; }
  /// The page `genzoo report` draws (report/report.h); train rewrites it every epoch.
  std::filesystem::path report() const { return dir / "report.html"; }
  /// The scores `genzoo eval RUN` leaves (for export's metadata and the report).
  std::filesystem::path eval_report() const { return dir / "eval.json"; }
  /// The lock a train or resume holds (core/files.h DirectoryLock).
  std::filesystem::path lock() const { return dir / ".lock"; }

  /// Whether `path` is one of this run's files: any named above, a latent view's image, or anything under samples/
  /// or tb/ (symlinks and `..` resolved). Commands other than train write none of them except their own output.
  bool owns(const std::filesystem::path& path) const;
  /// Whether `path` is a regular file (not a symlink) that lies inside this run's folder once every link above it is
  /// resolved: the only files a page made to be shared (the report) may embed.
  bool holds(const std::filesystem::path& path) const;
  /// Whether `dir` holds a run: a config.json or a checkpoint.pt.
  static bool is_run(const std::filesystem::path& dir);

  std::filesystem::path dir;
};

/// The latent views' images (genzoo reconstruct, traverse, interpolate); the report shows them when a run holds them.
namespace view_file {
inline constexpr const char* kReconstructions = "reconstructions.png";
inline constexpr const char* kTraverse = "traverse.png";
inline constexpr const char* kInterpolate = "interpolate.png";
inline constexpr const char* kAll[] = {kReconstructions, kTraverse, kInterpolate};
}  // namespace view_file

/// The run whose file `path` would be (its folder, or samples/ or tb/ inside it, is a run), if any.
std::optional<RunLayout> owning_run(const std::filesystem::path& path);

/// Keys of metrics.jsonl's lines: written by the fit loop, read by `genzoo runs`, the report and resume.
namespace metrics_key {
inline constexpr const char* kType = "type";  // one of the metrics_line names below
inline constexpr const char* kStep = "step";
inline constexpr const char* kEpoch = "epoch";
inline constexpr const char* kTrainSeconds = "train_seconds";
inline constexpr const char* kEvalFld = "eval/fld";
}  // namespace metrics_key
namespace metrics_line {
inline constexpr const char* kStep = "step";    // a logged training step
inline constexpr const char* kEpoch = "epoch";  // an epoch's end, with test metrics
inline constexpr const char* kEval = "eval";    // scores of samples (train --eval-every)
}  // namespace metrics_line

/// Keys of a training checkpoint's metadata: written and fully read by run/checkpoint.cpp, read for inference by
/// loading/source.cpp and shown by model_info.
namespace checkpoint_key {
inline constexpr const char* kModel = "model";
inline constexpr const char* kModelOptions = "model_options";
inline constexpr const char* kConfig = "config";
inline constexpr const char* kState = "state";  // {step, steps_per_epoch, total_steps, ...}
inline constexpr const char* kStep = "step";
inline constexpr const char* kTotalSteps = "total_steps";
inline constexpr const char* kMetrics = "metrics";
inline constexpr const char* kBest = "best";  // {step, fld}
inline constexpr const char* kVersion = "genzoo_version";
}  // namespace checkpoint_key

/// A run directory stands for its checkpoint; any other path for itself.
inline std::filesystem::path resolve_checkpoint_path(const std::filesystem::path& path) {
  return std::filesystem::is_directory(path) ? RunLayout(path).checkpoint() : path;
}

}  // namespace genzoo
