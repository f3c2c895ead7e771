#include "models/dcgan.h"

#include "core/text.h"

#include "formats/module_state.h"
#include "models/transposed_conv.h"

#include <torch/torch.h>

#include <utility>
#include <vector>

namespace genzoo {
namespace {

// Kernel, stride and padding of the generator's four transposed convolutions: 1 -> 4 -> 7 -> 14 -> 28.
struct Geometry {
  int64_t k, s, p;
};
constexpr Geometry kUp[4] = {{4, 1, 0}, {3, 2, 1}, {4, 2, 1}, {4, 2, 1}};

torch::nn::ConvTranspose2d deconv(int64_t in, int64_t out, const Geometry& g) {
  return torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(in, out, g.k).stride(g.s).padding(g.p).bias(false));
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
}

CriticNorm DcganOptions::critic_norm_kind(const std::string& context) const {
  return choose(kCriticNorms, critic_norm(), context, "critic_norm");
}

DcganKernels DcganOptions::kernels_kind(const std::string& context) const {
  return choose(kKernels, kernels(), context, "kernels");
}

DcganGeneratorImpl::DcganGeneratorImpl(const DcganOptions& options) : options_(options) {
  const int64_t w = options.width();
  deconv1 = register_module("deconv1", deconv(options.latent(), 4 * w, kUp[0]));
  bn1 = register_module("bn1", torch::nn::BatchNorm2d(4 * w));
  deconv2 = register_module("deconv2", deconv(4 * w, 2 * w, kUp[1]));
  bn2 = register_module("bn2", torch::nn::BatchNorm2d(2 * w));
  deconv3 = register_module("deconv3", deconv(2 * w, w, kUp[2]));
  bn3 = register_module("bn3", torch::nn::BatchNorm2d(w));
  deconv4 = register_module("deconv4", deconv(w, 1, kUp[3]));
}

torch::Tensor DcganGeneratorImpl::up(int layer, const torch::Tensor& x) {
  auto& m = layer == 0 ? deconv1 : layer == 1 ? deconv2 : layer == 2 ? deconv3 : deconv4;
  if (!cpu_kernels(options_, x)) return m->forward(x);
  return conv_transpose2d_via_conv(channels_last(x), m->weight, kUp[layer].s, kUp[layer].p);
}

torch::Tensor DcganGeneratorImpl::forward(const torch::Tensor& z) {
  auto x = z.reshape({z.size(0), z.size(1), 1, 1});   // [N,latent,1,1]
  x = torch::relu(bn1->forward(up(0, x)));  // [N,4w,4,4]
  x = torch::relu(bn2->forward(up(1, x)));  // [N,2w,7,7]
  x = torch::relu(bn3->forward(up(2, x)));  // [N,w,14,14]
  return torch::tanh(up(3, x));             // [N,1,28,28]
}

DcganCriticImpl::DcganCriticImpl(const DcganOptions& options) : options_(options) {
  const int64_t w = options.width();
  conv1 = register_module("conv1", conv(1, w, 4, 2, 1));
  conv2 = register_module("conv2", conv(w, 2 * w, 4, 2, 1));
  norm2 = critic_norm(options.critic_norm_kind(), 2 * w, 7);
  register_module("norm2", norm2.ptr());
  conv3 = register_module("conv3", conv(2 * w, 4 * w, 4, 2, 1));
  norm3 = critic_norm(options.critic_norm_kind(), 4 * w, 3);
  register_module("norm3", norm3.ptr());
  conv4 = register_module("conv4", conv(4 * w, 1, 3, 1, 0));
}

torch::Tensor DcganCriticImpl::forward(const torch::Tensor& x) {
  auto h = cpu_kernels(options_, x) ? channels_last(x) : x;        // [N,1,28,28]
  h = torch::leaky_relu(conv1->forward(h), 0.2);                     // [N,w,14,14]
  h = torch::leaky_relu(norm2.forward(conv2->forward(h)), 0.2);      // [N,2w,7,7]
  h = torch::leaky_relu(norm3.forward(conv3->forward(h)), 0.2);      // [N,4w,3,3]
  return conv4->forward(h).reshape({-1});                            // [N]
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
  return g->forward(z).add(1).div(2);  // [N,1,28,28] in [0,1]
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
