#include "models/dcgan.h"

#include "core/text.h"

#include "formats/module_state.h"
#include "models/transposed_conv.h"

#include <torch/torch.h>

#include <utility>
#include <vector>

namespace genzoo {
namespace {

// Kernel, stride and padding of one (transposed) convolution.
struct Geometry {
  int64_t k, s, p;
};
constexpr Geometry kFirstUp = {4, 1, 0};  // [latent,1,1] -> [4,4]
constexpr Geometry kDouble = {4, 2, 1};   // side -> 2 side (up) or side / 2, rounded down (down)

// The generator's transposed convolutions: 1 -> 4 -> 7 -> 14 -> 28 (the pytorch/examples network), 1 -> 4 -> 8 ->
// 16 -> 32, and for 64 one more doubling (the DCGAN paper's network). The critic mirrors them.
std::vector<Geometry> up_geometry(int64_t size) {
  if (size == 28) return {kFirstUp, {3, 2, 1}, kDouble, kDouble};
  if (size == 32) return {kFirstUp, kDouble, kDouble, kDouble};
  return {kFirstUp, kDouble, kDouble, kDouble, kDouble};
}

// Hidden blocks (those with a normalisation) of generator and critic: 3 below 64 pixels, 4 at 64.
int64_t hidden_blocks(const DcganOptions& o) { return o.image_size() == 64 ? 4 : 3; }

torch::nn::ConvTranspose2d deconv(int64_t in, int64_t out, const Geometry& g) {
  return torch::nn::ConvTranspose2d(
      torch::nn::ConvTranspose2dOptions(in, out, g.k).stride(g.s).padding(g.p).bias(false));
}

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t k, int64_t s, int64_t p) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, k).stride(s).padding(p).bias(false));
}

const std::vector<std::pair<std::string, CriticNorm>> kCriticNorms = {
    {"batch", CriticNorm::Batch}, {"layer", CriticNorm::Layer}, {"none", CriticNorm::None}};
const std::vector<std::pair<std::string, DcganKernels>> kKernels = {{"auto", DcganKernels::Auto},
                                                                    {"native", DcganKernels::Native}};

template <typename Enum>
Enum choose(const std::vector<std::pair<std::string, Enum>>& table, const std::string& value,
            const std::string& context, const char* key) {
  for (const auto& [name, kind] : table) {
    if (name == value) return kind;
  }
  const auto names = join(table, [](const auto& entry) { return "\"" + entry.first + "\""; });
  throw Error(context + ": " + key + ": expected one of " + names + ", found " + json_text(value));
}

torch::nn::AnyModule critic_norm(CriticNorm kind, int64_t channels, int64_t size) {
  switch (kind) {
    case CriticNorm::Batch: return torch::nn::AnyModule(torch::nn::BatchNorm2d(channels));
    case CriticNorm::Layer:
      return torch::nn::AnyModule(torch::nn::LayerNorm(std::vector<int64_t>{channels, size, size}));
    case CriticNorm::None: break;
  }
  return torch::nn::AnyModule(torch::nn::Identity());
}

bool cpu_kernels(const DcganOptions& options, const torch::Tensor& x) {
  return options.kernels_kind() == DcganKernels::Auto && x.device().is_cpu();
}

// oneDNN convolutions take NHWC without reordering; on these small images that is measurably faster.
torch::Tensor channels_last(const torch::Tensor& x) { return x.contiguous(torch::MemoryFormat::ChannelsLast); }

}  // namespace

void DcganOptions::validate(const std::string& context) const {
  require(latent() > 0, context, "latent", "a positive integer", std::to_string(latent()));
  require(width() > 0, context, "width", "a positive integer", std::to_string(width()));
  (void)critic_norm_kind(context);
  (void)kernels_kind(context);
  require(ema_decay() >= 0 && ema_decay() < 1, context, "ema_decay", "a number in [0,1) (0: no average)",
          format_number(ema_decay()));
  require(ema_warmup() >= 1, context, "ema_warmup", "a number >= 1", format_number(ema_warmup()));
  validate_image_shape(context, channels(), image_size());
}

CriticNorm DcganOptions::critic_norm_kind(const std::string& context) const {
  return choose(kCriticNorms, critic_norm(), context, "critic_norm");
}

DcganKernels DcganOptions::kernels_kind(const std::string& context) const {
  return choose(kKernels, kernels(), context, "kernels");
}

DcganGeneratorImpl::DcganGeneratorImpl(const DcganOptions& options) : options_(options) {
  const int64_t blocks = hidden_blocks(options);
  const auto geometry = up_geometry(options.image_size());
  int64_t in = options.latent();
  for (int64_t i = 0; i < blocks; ++i) {
    const int64_t out = options.width() << (blocks - 1 - i);  // 4w, 2w, w (8w first at 64 pixels)
    const auto n = std::to_string(i + 1);
    ups.push_back(register_module("deconv" + n, deconv(in, out, geometry[i])));
    norms.push_back(register_module("bn" + n, torch::nn::BatchNorm2d(out)));
    in = out;
  }
  const auto last = "deconv" + std::to_string(blocks + 1);
  ups.push_back(register_module(last, deconv(in, options.channels(), geometry[blocks])));
  for (const auto& g : geometry) stride_padding_.emplace_back(g.s, g.p);
}

torch::Tensor DcganGeneratorImpl::up(size_t layer, const torch::Tensor& x) {
  auto& m = ups[layer];
  if (!cpu_kernels(options_, x)) return m->forward(x);
  const auto [stride, padding] = stride_padding_[layer];
  return conv_transpose2d_via_conv(channels_last(x), m->weight, stride, padding);
}

torch::Tensor DcganGeneratorImpl::forward(const torch::Tensor& z) {
  auto x = z.reshape({z.size(0), z.size(1), 1, 1});  // [N,latent,1,1]
  for (size_t i = 0; i < norms.size(); ++i) {
    x = torch::relu(norms[i]->forward(up(i, x)));     // [N,4w,4,4], [N,2w,7|8,7|8], [N,w,14|16,14|16] (28|32 px)
  }
  return torch::tanh(up(norms.size(), x));            // [N,C,H,W]
}

DcganCriticImpl::DcganCriticImpl(const DcganOptions& options) : options_(options) {
  const int64_t blocks = hidden_blocks(options);
  int64_t in = options.channels(), side = options.image_size();
  for (int64_t i = 0; i < blocks; ++i) {
    const int64_t out = options.width() << i;  // w, 2w, 4w (8w at 64 pixels)
    const auto n = std::to_string(i + 1);
    downs.push_back(register_module("conv" + n, conv(in, out, kDouble.k, kDouble.s, kDouble.p)));
    side /= 2;
    // The first block has no normalisation, as in DCGAN.
    norms.push_back(i == 0 ? torch::nn::AnyModule(torch::nn::Identity())
                           : critic_norm(options.critic_norm_kind(), out, side));
    if (i > 0) register_module("norm" + n, norms.back().ptr());
    in = out;
  }
  // The last convolution covers what is left: 3x3 at 28 pixels, 4x4 at 32 and 64.
  downs.push_back(register_module("conv" + std::to_string(blocks + 1), conv(in, 1, side, 1, 0)));
}

torch::Tensor DcganCriticImpl::forward(const torch::Tensor& x) {
  auto h = cpu_kernels(options_, x) ? channels_last(x) : x;  // [N,C,H,W]
  for (size_t i = 0; i < norms.size(); ++i) {
    h = torch::leaky_relu(norms[i].forward(downs[i]->forward(h)), 0.2);  // [N,w,H/2,W/2], [N,2w,H/4,W/4], ...
  }
  return downs.back()->forward(h).reshape({-1});  // [N]
}

DcganImpl::DcganImpl(const DcganOptions& options_) : GenerativeModel("Dcgan"), options(options_) {
  options.validate();
  generator = register_module("generator", DcganGenerator(options));
  critic = register_module("critic", DcganCritic(options));
  dcgan_init(*this);
  if (options.ema_decay() > 0) {
    generator_ema = register_module("generator_ema", DcganGenerator(options));
    torch::NoGradGuard no_grad;
    for (auto& p : generator_ema->parameters()) p.requires_grad_(false);
    const auto source = module_tensors(*generator);
    for (auto& [name, target] : module_tensors(*generator_ema)) target.copy_(source.at(name));
  }
  if (options.kernels_kind() == DcganKernels::Auto) {
    torch::NoGradGuard no_grad;
    for (auto& p : parameters()) {
      if (p.dim() == 4) p.set_data(channels_last(p));
    }
  }
}

torch::Tensor DcganImpl::generate(const torch::Tensor& z) {
  auto& g = uses_ema() ? generator_ema : generator;
  return g->forward(z).add(1).div(2);  // [N,C,H,W] in [0,1]
}

bool DcganImpl::drop_average() {
  if (!has_ema()) return false;
  unregister_module("generator_ema");
  generator_ema = nullptr;
  options.ema_decay(0.0);
  return true;
}

bool DcganImpl::adopt_average() {
  if (!has_ema()) return false;
  torch::NoGradGuard no_grad;
  const auto average = module_tensors(*generator_ema);
  for (auto& [name, target] : module_tensors(*generator)) target.copy_(average.at(name));
  return drop_average();
}

void DcganImpl::update_ema(int64_t update) {
  if (!has_ema()) return;
  const double t = static_cast<double>(update);
  const double decay = std::min(options.ema_decay(), (1 + t) / (options.ema_warmup() + t));
  torch::NoGradGuard no_grad;
  const auto source = module_tensors(*generator);
  for (auto& [name, target] : module_tensors(*generator_ema)) {
    const auto& value = source.at(name);
    if (target.is_floating_point() && name.find("running_") == std::string::npos) {
      target.mul_(decay).add_(value, 1 - decay);
    } else {
      target.copy_(value);  // BatchNorm statistics and counters
    }
  }
}

void dcgan_init(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (auto& m : module.modules(/*include_self=*/false)) {
    if (auto* c = m->as<torch::nn::Conv2d>()) c->weight.normal_(0.0, 0.02);
    if (auto* c = m->as<torch::nn::ConvTranspose2d>()) c->weight.normal_(0.0, 0.02);
    if (auto* bn = m->as<torch::nn::BatchNorm2d>()) {
      bn->weight.normal_(1.0, 0.02);
      bn->bias.zero_();
    }
  }
}

}  // namespace genzoo
