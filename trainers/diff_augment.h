#pragma once
/// Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"):
/// the same random transforms applied to real and generated images in every discriminator pass, built from
/// differentiable operations so the generator's gradient flows through them.
///
///   auto policy = genzoo::parse_diff_augment("color,translation,cutout", "gan trainer options");
///   auto uniform = [&](int64_t cols) { return torch::rand({x.size(0), cols}); };
///   auto y = genzoo::diff_augment(x, policy, uniform);   // x, y [B,C,H,W] in [-1,1]
#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

namespace genzoo {

enum class Augment { Color, Translation, Cutout };

/// "" (none) or a comma-separated list of "color", "translation" and "cutout", each at most once, in the order
/// they are applied; anything else is an error naming `context` and the field diff_augment.
std::vector<Augment> parse_diff_augment(const std::string& text, const std::string& context);

/// Draws U[0,1) numbers, one row of `cols` for each image of the batch: [B,cols].
using UniformDraw = std::function<torch::Tensor(int64_t cols)>;

/// The uniform columns one image takes under `policy` (what diff_augment asks `uniform` for).
int64_t diff_augment_draws(const std::vector<Augment>& policy);

/// Applies `policy` to x [B,C,H,W] with the paper's strengths: brightness +-0.5, saturation x[0,2], contrast
/// x[0.5,1.5]; translation by up to 1/8 of the side, zero-filled; cutout of a square half the side, centred
/// anywhere in the image. An empty policy returns x itself.
torch::Tensor diff_augment(const torch::Tensor& x, const std::vector<Augment>& policy, const UniformDraw& uniform);

}  // namespace genzoo
