#include "trainers/diff_augment.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace genzoo {
namespace {

constexpr double kTranslationShare = 0.125;
constexpr double kCutoutShare = 0.5;

int64_t draws_of(Augment a) { return a == Augment::Color ? 3 : 2; }

// u [B,1] in [0,1) -> [B,1,1,1]
torch::Tensor per_image(const torch::Tensor& u) { return u.view({-1, 1, 1, 1}); }

torch::Tensor color(const torch::Tensor& x, const torch::Tensor& u) {  // u [B,3]
  auto y = x + (per_image(u.narrow(1, 0, 1)) - 0.5);
  auto channel_mean = y.mean(1, true);  // [B,1,H,W]
  y = (y - channel_mean) * (per_image(u.narrow(1, 1, 1)) * 2) + channel_mean;
  auto image_mean = y.mean({1, 2, 3}, true);  // [B,1,1,1]
  return (y - image_mean) * (per_image(u.narrow(1, 2, 1)) + 0.5) + image_mean;
}

// Integer shifts in [-reach, reach] from u [B] in [0,1).
torch::Tensor shifts(const torch::Tensor& u, int64_t reach) {
  return (u * static_cast<double>(2 * reach + 1)).floor().to(torch::kLong).clamp_max(2 * reach) - reach;
}

torch::Tensor translation(const torch::Tensor& x, const torch::Tensor& u) {  // u [B,2]
  const int64_t b = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const auto reach = static_cast<int64_t>(std::lround(static_cast<double>(std::min(h, w)) * kTranslationShare));
  if (reach == 0) return x;
  auto padded = torch::constant_pad_nd(x, {reach, reach, reach, reach}, 0);  // [B,C,H+2r,W+2r]
  auto long_options = torch::TensorOptions().dtype(torch::kLong).device(x.device());
  auto rows = torch::arange(h, long_options).unsqueeze(0) + reach - shifts(u.select(1, 0), reach).unsqueeze(1);
  auto cols = torch::arange(w, long_options).unsqueeze(0) + reach - shifts(u.select(1, 1), reach).unsqueeze(1);
  auto by_rows = padded.gather(2, rows.view({b, 1, h, 1}).expand({b, c, h, w + 2 * reach}));  // [B,C,H,W+2r]
  return by_rows.gather(3, cols.view({b, 1, 1, w}).expand({b, c, h, w}));                      // [B,C,H,W]
}

// [B,n] true inside the window of `side` cells centred at floor(u * n).
torch::Tensor window(const torch::Tensor& u, int64_t n, int64_t side, const torch::TensorOptions& long_options) {
  auto start = (u * static_cast<double>(n)).floor().to(torch::kLong).clamp_max(n - 1) - side / 2;  // [B]
  auto cells = torch::arange(n, long_options).unsqueeze(0);                                       // [1,n]
  return (cells >= start.unsqueeze(1)) & (cells < (start + side).unsqueeze(1));
}

torch::Tensor cutout(const torch::Tensor& x, const torch::Tensor& u) {  // u [B,2]
  const int64_t b = x.size(0), h = x.size(2), w = x.size(3);
  auto long_options = torch::TensorOptions().dtype(torch::kLong).device(x.device());
  const auto side_h = static_cast<int64_t>(std::lround(static_cast<double>(h) * kCutoutShare));
  const auto side_w = static_cast<int64_t>(std::lround(static_cast<double>(w) * kCutoutShare));
  auto in_rows = window(u.select(1, 0), h, side_h, long_options);                  // [B,H]
  auto in_cols = window(u.select(1, 1), w, side_w, long_options);                  // [B,W]
  auto hole = (in_rows.unsqueeze(2) & in_cols.unsqueeze(1)).view({b, 1, h, w});   // [B,1,H,W]
  return x * (~hole).to(x.scalar_type());
}

}  // namespace

std::vector<Augment> parse_diff_augment(const std::string& text, const std::string& context) {
  std::vector<Augment> policy;
  if (text.empty()) return policy;
  const char* expected = "\"\" or a comma-separated list of \"color\", \"translation\", \"cutout\", each once";
  if (text.back() == ',') throw Error(context + ": diff_augment: expected " + expected + ", found \"" + text + "\"");
  std::istringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    Augment a;
    if (name == "color") {
      a = Augment::Color;
    } else if (name == "translation") {
      a = Augment::Translation;
    } else if (name == "cutout") {
      a = Augment::Cutout;
    } else {
      throw Error(context + ": diff_augment: expected " + expected + ", found \"" + text + "\"");
    }
    if (std::find(policy.begin(), policy.end(), a) != policy.end()) {
      throw Error(context + ": diff_augment: expected " + expected + ", found \"" + text + "\" (\"" + name +
                  "\" twice)");
    }
    policy.push_back(a);
  }
  return policy;
}

int64_t diff_augment_draws(const std::vector<Augment>& policy) {
  int64_t n = 0;
  for (auto a : policy) n += draws_of(a);
  return n;
}

torch::Tensor diff_augment(const torch::Tensor& x, const std::vector<Augment>& policy, const UniformDraw& uniform) {
  if (policy.empty()) return x;
  auto u = uniform(diff_augment_draws(policy)).to(x.device(), x.scalar_type());  // [B,draws]
  require(u.dim() == 2 && u.size(0) == x.size(0), "diff_augment", "uniform draws",
          "[" + std::to_string(x.size(0)) + "," + std::to_string(diff_augment_draws(policy)) + "]",
          std::to_string(u.dim()) + " dimensions");
  auto y = x;
  int64_t col = 0;
  for (auto a : policy) {
    auto cols = u.narrow(1, col, draws_of(a));
    col += draws_of(a);
    if (a == Augment::Color) y = color(y, cols);
    if (a == Augment::Translation) y = translation(y, cols);
    if (a == Augment::Cutout) y = cutout(y, cols);
  }
  return y;
}

}  // namespace genzoo
