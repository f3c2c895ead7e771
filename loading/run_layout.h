#pragma once
/// The files of a run directory, named in one place.
///
///   genzoo::RunLayout run("runs/vae");
///   run.checkpoint();   // runs/vae/checkpoint.pt: model, optimiser state, RNG, config (run/checkpoint.h)
///   run.best();         // runs/vae/best.pt: the same at the best score of --eval-every
///   run.samples();      // runs/vae/samples.png: the latest epoch's grid
#include <cstdio>
#include <filesystem>
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

  std::filesystem::path dir;
};

/// A run directory stands for its checkpoint; any other path for itself.
inline std::filesystem::path resolve_checkpoint_path(const std::filesystem::path& path) {
  return std::filesystem::is_directory(path) ? RunLayout(path).checkpoint() : path;
}

}  // namespace genzoo
