#include "eval/latent_views.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace genzoo {
namespace {

void require_at_least(int64_t value, int64_t minimum, const std::string& what) {
  if (value < minimum) {
    throw Error(what + ": expected at least " + std::to_string(minimum) + ", found " + std::to_string(value));
  }
}

void require_latents(const GenerativeModel& model, const torch::Tensor& z, const std::string& what) {
  if (z.dim() != 2 || z.size(1) != model.latent_size()) {
    throw Error(what + ": expected latents [N," + std::to_string(model.latent_size()) + "], found " +
                std::string(c10::str(z.sizes())));
  }
}

std::string format_kl(int64_t dim, double kl) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "z%lld  KL %.2f nats", static_cast<long long>(dim), kl);
  return buf;
}

}  // namespace

VariationalModel& require_variational(GenerativeModel& model, const std::string& what) {
  auto* vae = dynamic_cast<VariationalModel*>(&model);
  if (!vae) {
    throw Error(what + ": needs a model with an encoder (vae, beta-vae); '" + model.registry_name() +
                "' has none");
  }
  return *vae;
}

torch::Tensor latent_kl_per_dim(VariationalModel& model, const Dataset& data, int64_t batch_size) {
  require_at_least(data.size(), 1, "latent_kl_per_dim: " + data.name + " images");
  EvalScope scope(model);
  auto total = torch::zeros({model.latent_size()}, torch::kFloat64);
  for (int64_t begin = 0; begin < data.size(); begin += batch_size) {
    auto x = to_float(data.images.slice(0, begin, begin + batch_size).to(model.device()),
                      PixelRange::ZeroOne);  // [B,C,H,W]
    auto q = model.encode(x);
    total += gaussian_kl(q.mean, q.logvar).sum(0).to(torch::kCPU, torch::kFloat64);
  }
  return total / static_cast<double>(data.size());
}

int64_t active_units(const torch::Tensor& kl_per_dim, double threshold) {
  return kl_per_dim.gt(threshold).sum().item<int64_t>();
}

nlohmann::json active_units_report(VariationalModel& model, const Dataset& data, double threshold) {
  const auto kl = latent_kl_per_dim(model, data).contiguous();  // [latent]
  std::vector<double> per_dim(kl.data_ptr<double>(), kl.data_ptr<double>() + kl.numel());
  return {{"count", active_units(kl, threshold)}, {"of", model.latent_size()}, {"threshold_nats", threshold},
          {"data", data.name + " test, " + std::to_string(data.size()) + " images"}, {"kl_per_dim", per_dim}};
}

LatentGrid reconstruction_grid(VariationalModel& model, const torch::Tensor& images, int64_t cols) {
  require_at_least(cols, 1, "reconstruction_grid: cols");
  require_at_least(images.size(0), 1, "reconstruction_grid: images");
  EvalScope scope(model);
  auto recon = model.reconstruct(images.to(model.device())).cpu();  // [N,C,H,W]

  const int64_t n = images.size(0), pairs = (n + cols - 1) / cols;
  LatentGrid grid;
  grid.rows = 2 * pairs;
  grid.cols = cols;
  grid.images = torch::zeros({grid.rows * cols, images.size(1), images.size(2), images.size(3)});
  for (int64_t p = 0; p < pairs; ++p) {
    const int64_t begin = p * cols, count = std::min(cols, n - begin);
    grid.images.slice(0, 2 * p * cols, 2 * p * cols + count).copy_(images.slice(0, begin, begin + count));
    grid.images.slice(0, (2 * p + 1) * cols, (2 * p + 1) * cols + count).copy_(recon.slice(0, begin, begin + count));
    grid.row_labels.push_back("inputs " + std::to_string(begin) + ".." + std::to_string(begin + count - 1));
    grid.row_labels.push_back("their reconstructions");
  }
  grid.note = "each row of inputs has its reconstructions (decoded posterior means) beneath";
  return grid;
}

LatentGrid traversal_grid(GenerativeModel& model, const torch::Tensor& center, const torch::Tensor& directions,
                          double range, int64_t steps) {
  require_at_least(steps, 2, "traverse: steps");
  require_latents(model, center.reshape({1, -1}), "traverse: centre");
  require_latents(model, directions, "traverse: directions");
  if (!(range > 0)) throw Error("traverse: range: expected a positive number, found " + std::to_string(range));
  const int64_t rows = directions.size(0);
  auto t = torch::linspace(-range, range, steps, torch::kFloat32);                    // [S]
  auto z = center.reshape({1, 1, -1}) + t.reshape({1, steps, 1}) * directions.unsqueeze(1);  // [R,S,latent]
  LatentGrid grid;
  grid.images = model.generate_cpu(z.reshape({rows * steps, -1}));  // [R*S,C,H,W]
  grid.rows = rows;
  grid.cols = steps;
  return grid;
}

LatentGrid traverse(GenerativeModel& model, const TraverseOptions& options, const Dataset* test) {
  auto* vae = dynamic_cast<VariationalModel*>(&model);
  if (!vae) {
    require_at_least(options.rows(), 1, "traverse: rows");
    auto center = model.sample_latent(1, options.seed())[0];                             // [latent]
    auto directions = model.sample_latent(options.rows(), options.seed() + 1);           // [R,latent]
    directions = directions / directions.norm(2, {1}, /*keepdim=*/true);
    auto grid = traversal_grid(model, center, directions, options.range(), options.steps());
    for (int64_t r = 0; r < options.rows(); ++r) grid.row_labels.push_back("random direction " + std::to_string(r));
    grid.note = model.registry_name() + " has no encoder and its axes mean nothing on their own: each row sweeps a "
                "random unit direction of z around a random z (seed " + std::to_string(options.seed()) + ")";
    return grid;
  }
  if (!test) throw Error("traverse: a VAE traversal needs test images to encode and to rank dimensions by KL");
  if (options.image_index() < 0 || options.image_index() >= test->size()) {
    throw Error("traverse: image_index: expected 0.." + std::to_string(test->size() - 1) + " (" + test->name +
                " test images), found " + std::to_string(options.image_index()));
  }
  const auto kl_tensor = latent_kl_per_dim(*vae, *test).contiguous();  // [latent]
  const std::vector<double> kl(kl_tensor.data_ptr<double>(), kl_tensor.data_ptr<double>() + kl_tensor.numel());
  std::vector<int64_t> order(kl.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return kl[a] > kl[b]; });

  torch::Tensor center;
  {
    EvalScope scope(*vae);
    auto x = to_float(test->images.slice(0, options.image_index(), options.image_index() + 1).to(vae->device()),
                      PixelRange::ZeroOne);     // [1,C,H,W]
    center = vae->encode(x).mean[0].cpu();  // [latent]
  }
  auto directions = torch::zeros({vae->latent_size(), vae->latent_size()});
  for (size_t r = 0; r < order.size(); ++r) directions[static_cast<int64_t>(r)][order[r]] = 1.0;  // one-hot rows
  auto grid = traversal_grid(model, center, directions, options.range(), options.steps());
  for (auto d : order) grid.row_labels.push_back(format_kl(d, kl[static_cast<size_t>(d)]));
  grid.note = "each row sweeps one latent dimension by -" + format_number(options.range()) + "..+" +
              format_number(options.range()) + " around the posterior mean of " + test->name +
              " test image " + std::to_string(options.image_index()) + "; rows by average test KL, largest first";
  return grid;
}

torch::Tensor interpolate_latents(const torch::Tensor& from, const torch::Tensor& to, int64_t steps,
                                  Interpolation mode) {
  require_at_least(steps, 2, "interpolate: steps");
  if (from.dim() != 2 || from.sizes() != to.sizes()) {
    throw Error("interpolate: expected two [R,latent] endpoint tensors of one shape, found " +
                std::string(c10::str(from.sizes())) + " and " + std::string(c10::str(to.sizes())));
  }
  auto a = from.to(torch::kFloat64), b = to.to(torch::kFloat64);
  const int64_t rows = a.size(0);
  auto out = torch::empty({rows, steps, a.size(1)}, torch::kFloat64);
  for (int64_t r = 0; r < rows; ++r) {
    const double cos_omega = torch::cosine_similarity(a[r], b[r], 0).item<double>();
    const double omega = std::acos(std::clamp(cos_omega, -1.0, 1.0));
    const bool linear = mode == Interpolation::Linear || std::sin(omega) < 1e-6;
    for (int64_t i = 0; i < steps; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(steps - 1);
      const double wa = linear ? 1 - t : std::sin((1 - t) * omega) / std::sin(omega);
      const double wb = linear ? t : std::sin(t * omega) / std::sin(omega);
      out[r][i] = wa * a[r] + wb * b[r];
    }
  }
  return out.reshape({rows * steps, -1}).to(from.scalar_type());
}

LatentGrid interpolation_grid(GenerativeModel& model, const torch::Tensor& from, const torch::Tensor& to,
                              int64_t steps, Interpolation mode) {
  require_latents(model, from, "interpolate: from");
  require_latents(model, to, "interpolate: to");
  LatentGrid grid;
  grid.images = model.generate_cpu(interpolate_latents(from, to, steps, mode));  // [R*S,C,H,W]
  grid.rows = from.size(0);
  grid.cols = steps;
  for (int64_t r = 0; r < grid.rows; ++r) grid.row_labels.push_back("pair " + std::to_string(r));
  grid.note = std::string(mode == Interpolation::Slerp ? "spherical" : "linear") +
              " interpolation between pairs of latents";
  return grid;
}

LatentGrid interpolate(GenerativeModel& model, const InterpolateOptions& options) {
  require_at_least(options.rows(), 1, "interpolate: rows");
  auto z = model.sample_latent(2 * options.rows(), options.seed());  // [2R,latent]
  auto grid = interpolation_grid(model, z.slice(0, 0, options.rows()), z.slice(0, options.rows()),
                                 options.steps(), options.mode());
  grid.note += " drawn from N(0,I) with seed " + std::to_string(options.seed());
  return grid;
}

}  // namespace genzoo
