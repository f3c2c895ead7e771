#include "run/metrics_log.h"

#include "core/error.h"
#include "core/tensorboard.h"

#include <cerrno>
#include <cstring>
#include <map>

namespace genzoo {

MetricsLog::MetricsLog(const RunLayout& run, bool tensorboard) : path_(run.metrics()), out_(path_, std::ios::app) {
  if (!out_) throw Error(path_.string() + ": cannot open for appending");
  if (tensorboard) events_ = std::make_unique<EventWriter>(run.tensorboard());
}

MetricsLog::~MetricsLog() = default;

void MetricsLog::write(const nlohmann::json& line) {
  out_ << line.dump() << "\n" << std::flush;
  if (!out_) throw Error(path_.string() + ": cannot append (" + std::strerror(errno) + ")");
  if (!events_) return;
  std::map<std::string, double> scalars;
  for (const auto& [key, value] : line.items()) {
    if (value.is_number() && key != metrics_key::kStep && key != metrics_key::kEpoch)
      scalars[key] = value.get<double>();
  }
  events_->scalars(scalars, line.at("step").get<int64_t>());
}

void MetricsLog::image(const std::string& tag, const std::string& png, const torch::Tensor& image, int64_t step) {
  if (events_) {
    events_->image(tag, png, static_cast<int>(image.size(0)), static_cast<int>(image.size(1)),
                   static_cast<int>(image.size(2)), step);
  }
}

}  // namespace genzoo
