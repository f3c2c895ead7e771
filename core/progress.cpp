#include "core/progress.h"

#include <algorithm>

#include <cstdio>
#include <sstream>

namespace genzoo {

Progress::Progress(std::ostream& out, bool live, int64_t total_steps, int64_t start_step, int64_t steps_per_epoch,
                   std::chrono::milliseconds plain_interval)
    : out_(out), live_(live), total_(total_steps), start_(start_step), steps_per_epoch_(steps_per_epoch),
      plain_interval_(plain_interval) {}

Stage::Stage(std::ostream* log, const std::string& what) : log_(log), started_(std::chrono::steady_clock::now()) {
  if (log_) *log_ << what << " ... " << std::flush;
}

Stage::~Stage() {
  if (!log_) return;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  *log_ << buf << std::endl;
}

std::string Progress::format_duration(double seconds) {
  char buf[32];
  if (!(seconds >= 0 && seconds < 1e12)) {  // NaN, negative or beyond any run: no conversion to an integer
    std::snprintf(buf, sizeof buf, "%.3gs", seconds);
    return buf;
  }
  const auto s = static_cast<int64_t>(seconds + 0.5);
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", long(s / 3600), long(s % 3600 / 60));
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", long(s / 60), long(s % 60));
  else std::snprintf(buf, sizeof buf, "%lds", long(s));
  return buf;
}

std::string Progress::line(int64_t step, const Metrics& metrics, double images_per_s) const {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const int64_t done = step - start_;
  const double eta = done > 0 ? elapsed / done * (total_ - step) : 0.0;
  const int64_t epochs = (total_ + steps_per_epoch_ - 1) / steps_per_epoch_;
  std::ostringstream s;
  s << "epoch " << std::min(step / steps_per_epoch_ + 1, epochs) << "/" << epochs << "  step " << step
    << "/" << total_;
  char buf[64];
  for (const auto& [name, value] : metrics) {
    if (name.find('/') != std::string::npos) continue;  // per-dimension detail stays in metrics.jsonl
    std::snprintf(buf, sizeof buf, "  %s %.4g", name.c_str(), value);
    s << buf;
  }
  std::snprintf(buf, sizeof buf, "  %.0f img/s", images_per_s);
  s << buf << "  " << (step >= total_ ? "elapsed " + format_duration(elapsed) : "ETA " + format_duration(eta));
  return s.str();
}

void Progress::update(int64_t step, const Metrics& metrics, double images_per_s) {
  const auto now = std::chrono::steady_clock::now();
  if (live_) {
    if (step < total_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
    out_ << "\r\033[K" << line(step, metrics, images_per_s) << std::flush;
    dirty_ = true;
  } else {
    if (step < total_ && now - last_draw_ < plain_interval_) return;
    out_ << line(step, metrics, images_per_s) << "\n" << std::flush;
  }
  last_draw_ = now;
}

void Progress::message(const std::string& text) {
  if (live_ && dirty_) out_ << "\r\033[K";
  out_ << text << "\n" << std::flush;
  dirty_ = false;
}

void Progress::finish() {
  if (live_ && dirty_) out_ << "\n" << std::flush;
  dirty_ = false;
}

}  // namespace genzoo
