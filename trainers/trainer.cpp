#include "trainers/trainer.h"

#include "core/error.h"

#include <torch/torch.h>

namespace genzoo {

Metrics read_metrics(const NamedScalars& named) {
  if (named.empty()) return {};
  std::vector<torch::Tensor> values;
  for (const auto& entry : named) values.push_back(entry.second.reshape({}).to(torch::kFloat64));
  auto host = torch::stack(values).cpu();  // [n]
  auto v = host.accessor<double, 1>();
  Metrics metrics;
  for (size_t i = 0; i < named.size(); ++i) metrics.emplace_back(named[i].first, v[i]);
  return metrics;
}

void Trainer::check_shard(const Shard& shard, int64_t local_n) const {
  if (shard.size != local_n) {
    throw Error("data-parallel step: rank " + std::to_string(group_->rank()) + " got " + std::to_string(local_n) +
                " images, its shard of the global batch of " + std::to_string(global_batch_) + " is " +
                std::to_string(shard.size));
  }
}

void Trainer::sync_gradients(const std::vector<torch::Tensor>& parameters, int64_t local_n) {
  if (!group_) return;
  auto timed = phase("allreduce");
  check_shard(shard_of(global_batch_, group_->rank(), group_->world_size()), local_n);
  average_gradients(*group_, parameters, local_n, global_batch_);
}

void PhaseTimer::add(const std::string& phase, double seconds) {
  for (auto& p : phases_) {
    if (p.name == phase) {
      p.seconds += seconds;
      ++p.calls;
      return;
    }
  }
  phases_.push_back({phase, seconds, 1});
}

Metrics PhaseTimer::mean_ms() const {
  Metrics out;
  for (const auto& p : phases_) out.emplace_back(p.name, 1000.0 * p.seconds / static_cast<double>(p.calls));
  return out;
}

}  // namespace genzoo
