#include "trainers/trainer.h"

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

}  // namespace genzoo
