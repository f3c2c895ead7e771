#pragma once
/// Progress of a long run: a live line with losses, images/s and ETA on a terminal (redrawn at most 5 times a second);
/// elsewhere (CI logs, nohup) a plain line every `plain_interval` (10 s by default) and at the last step.
///
///   genzoo::Progress progress(std::cout, /*live=*/isatty(1), total_steps, start_step, steps_per_epoch);
///   progress.update(step, metrics, images_per_s);
///   { genzoo::Stage stage(&std::cerr, "scoring the floor"); ... }   // "scoring the floor ... 2.1 s"
#include "core/metrics.h"

#include <chrono>
#include <ostream>
#include <string>

namespace genzoo {

/// "what ... 1.2 s" on `log` (nullptr: quiet) around one stage of work.
class Stage {
 public:
  Stage(std::ostream* log, const std::string& what);
  ~Stage();
  Stage(const Stage&) = delete;
  Stage& operator=(const Stage&) = delete;

 private:
  std::ostream* log_;
  std::chrono::steady_clock::time_point started_;
};

class Progress {
 public:
  Progress(std::ostream& out, bool live, int64_t total_steps, int64_t start_step, int64_t steps_per_epoch,
           std::chrono::milliseconds plain_interval = std::chrono::seconds(10));
  /// `step` counts completed steps.
  void update(int64_t step, const Metrics& metrics, double images_per_s);
  /// Prints a line of its own, keeping the live line intact.
  void message(const std::string& line);
  void finish();

  /// "1h02m", "3m07s", "12s".
  static std::string format_duration(double seconds);

 private:
  std::string line(int64_t step, const Metrics& metrics, double images_per_s) const;

  std::ostream& out_;
  bool live_;
  int64_t total_, start_, steps_per_epoch_;
  std::chrono::milliseconds plain_interval_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_ = started_;
  bool dirty_ = false;
};

}  // namespace genzoo
