#pragma once
/// Latent-space views as image grids: reconstructions, latent traversals and interpolations.
///
///   auto model = genzoo::load("runs/beta-vae");                    // loading/source.h
///   auto test = genzoo::load_dataset("mnist", genzoo::Split::Test);
///   auto view = genzoo::traverse(*model, genzoo::TraverseOptions().range(3).steps(10), &test);
///   genzoo::save_grid(view.images, "traverse.png", view.cols);   // one row per latent dimension
///   auto walk = genzoo::interpolate(*model, genzoo::InterpolateOptions().rows(8).steps(10));
#include "data/dataset.h"
#include "models/generative_model.h"
#include "models/variational_model.h"

#include <nlohmann/json.hpp>
#include <torch/arg.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace genzoo {

/// A grid of generated images with a label per row.
struct LatentGrid {
  torch::Tensor images;                 // [rows*cols,C,H,W] in [0,1], CPU, row after row
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<std::string> row_labels;  // one per row
  std::string note;                     // how the grid was made
};

/// The model as a VAE, or an error naming `what` and the model when it has no encoder.
VariationalModel& require_variational(GenerativeModel& model, const std::string& what);

/// Average KL(q(z_d|x) || N(0,1)) of each latent dimension over a dataset: [latent] double, nats, CPU.
torch::Tensor latent_kl_per_dim(VariationalModel& model, const Dataset& data, int64_t batch_size = 500);
/// Latent dimensions whose average KL exceeds `threshold` nats: the ones the decoder uses.
int64_t active_units(const torch::Tensor& kl_per_dim, double threshold = 0.01);
/// {"count", "of", "threshold_nats", "data", "kl_per_dim"} of a VAE on a dataset (what `genzoo info` shows).
nlohmann::json active_units_report(VariationalModel& model, const Dataset& data, double threshold = 0.01);

/// Rows of `cols` images [N,1,28,28] in [0,1], each row followed by a row of their reconstructions.
LatentGrid reconstruction_grid(VariationalModel& model, const torch::Tensor& images, int64_t cols = 8);

/// Row r is generate(center + t * directions[r]) for `steps` values of t evenly spaced over [-range, range].
/// center [latent], directions [R,latent].
LatentGrid traversal_grid(GenerativeModel& model, const torch::Tensor& center, const torch::Tensor& directions,
                          double range, int64_t steps);

struct TraverseOptions {
  /// VAEs: the test image whose posterior mean is the centre.
  TORCH_ARG(int64_t, image_index) = 0;
  /// Sweep from -range to +range.
  TORCH_ARG(double, range) = 3.0;
  /// Images per row.
  TORCH_ARG(int64_t, steps) = 10;
  /// GANs: how many random directions.
  TORCH_ARG(int64_t, rows) = 10;
  /// GANs: the centre z and the directions.
  TORCH_ARG(uint64_t, seed) = 0;
};

/// VAEs: one row per latent dimension, swept around the posterior mean of test image `image_index`, rows ordered
/// by the dimension's average KL on `test` (most informative first). GANs (no encoder, no axis means anything):
/// `rows` random unit directions around a random z, and the note says so.
LatentGrid traverse(GenerativeModel& model, const TraverseOptions& options = {}, const Dataset* test = nullptr);

enum class Interpolation { Slerp, Linear };

/// Latents on the way from `from` to `to` ([R,latent] each): [R*steps,latent], row r at fractions
/// 0, 1/(steps-1), ..., 1, so a row starts exactly at from[r] and ends exactly at to[r]. Slerp walks the great
/// circle (Gaussian latents keep their norm; White 2016), falling back to linear for (anti)parallel endpoints.
torch::Tensor interpolate_latents(const torch::Tensor& from, const torch::Tensor& to, int64_t steps,
                                  Interpolation mode = Interpolation::Slerp);

/// Rows of generated images walking from from[r] to to[r].
LatentGrid interpolation_grid(GenerativeModel& model, const torch::Tensor& from, const torch::Tensor& to,
                              int64_t steps, Interpolation mode = Interpolation::Slerp);

struct InterpolateOptions {
  /// Pairs of endpoints, one row each.
  TORCH_ARG(int64_t, rows) = 8;
  /// Images per row, endpoints included.
  TORCH_ARG(int64_t, steps) = 10;
  /// Great circle (Slerp) or straight line.
  TORCH_ARG(Interpolation, mode) = Interpolation::Slerp;
  /// Endpoints: 2*rows latents drawn from N(0,I) with this seed.
  TORCH_ARG(uint64_t, seed) = 0;
};

/// interpolation_grid between pairs of prior samples.
LatentGrid interpolate(GenerativeModel& model, const InterpolateOptions& options = {});

}  // namespace genzoo
