#include "eval/sample_metrics.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace genzoo {
namespace {

void require_features(const torch::Tensor& a, const torch::Tensor& b, const char* what, int64_t min_rows) {
  if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(1)) {
    throw Error(std::string(what) + ": expected two [N,D] feature sets of one width, found " +
                std::string(c10::str(a.sizes())) + " and " + std::string(c10::str(b.sizes())));
  }
  if (a.size(0) < min_rows || b.size(0) < min_rows) {
    throw Error(std::string(what) + ": expected at least " + std::to_string(min_rows) + " rows per set, found " +
                std::to_string(a.size(0)) + " and " + std::to_string(b.size(0)));
  }
}

torch::Tensor covariance(const torch::Tensor& x) {  // x [N,D] double -> [D,D]
  auto centred = x - x.mean(0, /*keepdim=*/true);
  return centred.t().matmul(centred) / static_cast<double>(x.size(0) - 1);
}

constexpr int64_t kChunk = 2048;

// Squared distances between rows of a [N,D] and b [M,D], float32.
torch::Tensor squared_distances(const torch::Tensor& a, const torch::Tensor& b) {
  auto d = torch::addmm(a.pow(2).sum(1, true) + b.pow(2).sum(1).unsqueeze(0), a, b.t(), /*beta=*/1, /*alpha=*/-2);
  return d.clamp_min_(0);
}

// Share of `query` rows within the k-NN ball of at least one `manifold` row.
double share_inside(const torch::Tensor& query, const torch::Tensor& manifold, const torch::Tensor& radii) {
  int64_t inside = 0;
  for (int64_t begin = 0; begin < query.size(0); begin += kChunk) {
    auto d = squared_distances(query.slice(0, begin, begin + kChunk), manifold);  // [chunk,M]
    inside += d.le(radii.unsqueeze(0)).any(1).sum().item<int64_t>();
  }
  return static_cast<double>(inside) / static_cast<double>(query.size(0));
}

// Sum of the polynomial kernel (x.y/D + 1)^3 over the entries of a [m,m] product, without and with its diagonal.
std::pair<double, double> kernel_sums(const torch::Tensor& x, const torch::Tensor& y, double dim) {
  auto k = torch::addmm(torch::ones({1}, x.options()), x, y.t(), /*beta=*/1, /*alpha=*/1.0 / dim).pow_(3);
  const double total = k.sum(torch::kFloat64).item<double>();
  return {total, total - k.diagonal().sum(torch::kFloat64).item<double>()};
}

}  // namespace

torch::Tensor feature_scale(const torch::Tensor& real, double floor_share) {
  if (real.dim() != 2 || real.size(0) < 2) {
    throw Error("feature_scale: expected real features [N,D] with N >= 2, found " +
                std::string(c10::str(real.sizes())));
  }
  auto std = real.to(torch::kFloat64).std(0);  // [D]
  auto varies = std > 1e-6;
  if (!varies.any().item<bool>()) return torch::ones_like(std);
  const double floor = floor_share * std.masked_select(varies).median().item<double>();
  return torch::where(varies, std.clamp_min(floor), torch::ones_like(std));
}

std::string feature_scale_description() {
  std::ostringstream out;
  out << "standardised by the test features' mean and std (floored at " << kFeatureStdFloorShare << "x the median std)";
  return out.str();
}

torch::Tensor sqrtm_psd(const torch::Tensor& a) {
  if (a.dim() != 2 || a.size(0) != a.size(1)) {
    throw Error("sqrtm_psd: expected a square matrix, found " + std::string(c10::str(a.sizes())));
  }
  auto sym = a.to(torch::kFloat64);
  sym = (sym + sym.t()) / 2;
  auto eig = torch::linalg_eigh(sym, "L");
  auto values = std::get<0>(eig).clamp_min(0).sqrt();  // [D]
  auto vectors = std::get<1>(eig);                     // [D,D]
  return (vectors * values.unsqueeze(0)).matmul(vectors.t());
}

double frechet_distance(const torch::Tensor& mean1, const torch::Tensor& cov1, const torch::Tensor& mean2,
                        const torch::Tensor& cov2) {
  auto m1 = mean1.to(torch::kFloat64), m2 = mean2.to(torch::kFloat64);
  auto c1 = cov1.to(torch::kFloat64), c2 = cov2.to(torch::kFloat64);
  // tr((C1 C2)^1/2) = tr((C1^1/2 C2 C1^1/2)^1/2), and the inner product is symmetric PSD: eigenvalues suffice.
  auto s1 = sqrtm_psd(c1);
  auto inner = s1.matmul(c2).matmul(s1);
  auto trace_sqrt = torch::linalg_eigvalsh((inner + inner.t()) / 2, "L").clamp_min(0).sqrt().sum();
  auto d = (m1 - m2).pow(2).sum() + c1.trace() + c2.trace() - 2 * trace_sqrt;
  return std::max(0.0, d.item<double>());
}

double frechet_distance(const torch::Tensor& features1, const torch::Tensor& features2) {
  require_features(features1, features2, "frechet_distance", 2);
  auto a = features1.to(torch::kFloat64), b = features2.to(torch::kFloat64);
  return frechet_distance(a.mean(0), covariance(a), b.mean(0), covariance(b));
}

torch::Tensor kth_neighbour_radii(const torch::Tensor& x, int64_t k) {
  auto f = x.to(torch::kFloat32).contiguous();
  std::vector<torch::Tensor> radii;
  for (int64_t begin = 0; begin < f.size(0); begin += kChunk) {
    auto d = squared_distances(f.slice(0, begin, begin + kChunk), f);  // [chunk,N], includes self at 0
    radii.push_back(std::get<0>(d.topk(k + 1, 1, /*largest=*/false)).select(1, k));
  }
  return torch::cat(radii);  // squared radii [N]
}

KidResult kernel_inception_distance(const torch::Tensor& features1, const torch::Tensor& features2, int64_t subsets,
                                    int64_t subset_size, uint64_t seed) {
  require_features(features1, features2, "kernel_inception_distance", 2);
  auto a = features1.to(torch::kFloat32), b = features2.to(torch::kFloat32);
  const int64_t m = std::min({subset_size, a.size(0), b.size(0)});
  const double dim = static_cast<double>(a.size(1)), md = static_cast<double>(m);
  auto generator = at::detail::createCPUGenerator(seed);
  std::vector<double> values;
  for (int64_t s = 0; s < subsets; ++s) {
    auto x = a.index_select(0, torch::randperm(a.size(0), generator, torch::kLong).slice(0, 0, m));  // [m,D]
    auto y = b.index_select(0, torch::randperm(b.size(0), generator, torch::kLong).slice(0, 0, m));  // [m,D]
    const double kxx = kernel_sums(x, x, dim).second, kyy = kernel_sums(y, y, dim).second;
    const double kxy = kernel_sums(x, y, dim).first;
    values.push_back((kxx + kyy) / (md * (md - 1)) - 2 * kxy / (md * md));
  }
  auto t = torch::tensor(values, torch::kFloat64);
  return {t.mean().item<double>(), values.size() > 1 ? t.std().item<double>() : 0.0};
}

PrecisionRecall precision_recall(const torch::Tensor& generated, const torch::Tensor& real, int64_t k,
                                 const torch::Tensor& real_radii) {
  require_features(generated, real, "precision_recall", k + 1);
  auto g = generated.to(torch::kFloat32).contiguous(), r = real.to(torch::kFloat32).contiguous();
  const auto radii = real_radii.defined() ? real_radii : kth_neighbour_radii(r, k);
  return {share_inside(g, r, radii), share_inside(r, g, kth_neighbour_radii(g, k))};
}

ClassCoverage class_coverage(const torch::Tensor& logits) {
  if (logits.dim() != 2 || logits.size(0) == 0) {
    throw Error("class_coverage: expected logits [N,classes], found " + std::string(c10::str(logits.sizes())));
  }
  auto probs = torch::softmax(logits.to(torch::kFloat64), 1);  // [N,classes]
  auto predicted = probs.argmax(1);
  auto histogram = torch::bincount(predicted, {}, logits.size(1)).to(torch::kFloat64) /
                   static_cast<double>(logits.size(0));  // [classes]
  ClassCoverage c;
  c.histogram.assign(histogram.data_ptr<double>(), histogram.data_ptr<double>() + histogram.numel());
  auto nonzero = histogram.masked_select(histogram.gt(0));
  c.entropy_nats = -(nonzero * nonzero.log()).sum().item<double>();
  c.largest_class_share = histogram.max().item<double>();
  c.mean_confidence = std::get<0>(probs.max(1)).mean().item<double>();
  return c;
}

}  // namespace genzoo
