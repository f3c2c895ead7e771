#pragma once
/// A run's metrics.jsonl, and the same numbers as TensorBoard scalars (tag = key, at the line's step) in RUN/tb.
///
///   genzoo::MetricsLog log(genzoo::RunLayout("runs/vae"), /*tensorboard=*/true);
///   log.write({{"type", "step"}, {"step", 100}, {"loss", 101.2}});
#include "loading/run_layout.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace genzoo {

class EventWriter;

class MetricsLog {
 public:
  MetricsLog(const RunLayout& run, bool tensorboard);
  ~MetricsLog();
  /// Appends one line (flushed); its numbers other than step and epoch also go to TensorBoard.
  void write(const nlohmann::json& line);
  /// A PNG-encoded image [H,W,C] as a TensorBoard image summary (nothing without TensorBoard).
  void image(const std::string& tag, const std::string& png, const torch::Tensor& image, int64_t step);

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::unique_ptr<EventWriter> events_;
};

}  // namespace genzoo
