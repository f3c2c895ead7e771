#pragma once
/// Sample-quality metrics on feature vectors (rows of [N,D] tensors): Gaussian fits in double precision, distances
/// and kernels as float32 matrix products (on standardised features their rounding is far below sampling noise).
///
///   double fld = genzoo::frechet_distance(generated_features, test_features);  // "FLD (LeNet features)"
///   auto kid = genzoo::kernel_inception_distance(generated_features, test_features);  // kid.mean, kid.std
///   auto pr = genzoo::precision_recall(generated_features, test_features, 3);         // pr.precision, pr.recall
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace genzoo {

/// Per-dimension scale that standardises features by real ones [N,D]: each dimension's standard deviation, floored
/// at `floor_share` of the median deviation of the dimensions that vary; a dimension constant on real data gets 1.
/// The floor keeps a feature that fires on a handful of real images (deviation ~1/1000 of the others) from
/// dominating: divided by its own deviation, one generated image that fires it moves FLD by whole units. [D] double.
constexpr double kFeatureStdFloorShare = 0.1;
torch::Tensor feature_scale(const torch::Tensor& real, double floor_share = kFeatureStdFloorShare);
/// "standardised by the test features' mean and std (floored at 0.1x the median std)": what eval prints and the
/// floor cache's version carries, from kFeatureStdFloorShare.
std::string feature_scale_description();

/// Square root of a symmetric positive semi-definite matrix by eigen-decomposition (eigenvalues below 0, from
/// rounding, clamped to 0). A [D,D]; the result is symmetric PSD, double.
torch::Tensor sqrtm_psd(const torch::Tensor& a);

/// ||mu1 - mu2||^2 + tr(C1 + C2 - 2 (C1^1/2 C2 C1^1/2)^1/2): the Fréchet distance of two Gaussians.
double frechet_distance(const torch::Tensor& mean1, const torch::Tensor& cov1, const torch::Tensor& mean2,
                        const torch::Tensor& cov2);
/// The Fréchet distance between Gaussian fits (mean, unbiased covariance) of two feature sets.
double frechet_distance(const torch::Tensor& features1, const torch::Tensor& features2);

struct KidResult {
  double mean = 0;  // unbiased MMD^2 with k(x,y) = (x.y/D + 1)^3, averaged over subsets
  double std = 0;   // its standard deviation over the subsets
};
/// KID (Bińkowski et al. 2018): `subsets` random subsets of min(subset_size, N1, N2) rows from each set.
KidResult kernel_inception_distance(const torch::Tensor& features1, const torch::Tensor& features2,
                                    int64_t subsets = 100, int64_t subset_size = 1000, uint64_t seed = 0);

struct PrecisionRecall {
  double precision = 0;  // share of generated samples inside the real manifold
  double recall = 0;     // share of real samples inside the generated manifold
};
/// Squared distance of each row of x [N,D] to its k-th nearest other row: [N].
torch::Tensor kth_neighbour_radii(const torch::Tensor& x, int64_t k);

/// Kynkäänniemi et al. 2019: a manifold is the union of balls reaching each point's k-th nearest neighbour.
/// `real_radii` (kth_neighbour_radii(real, k)) may be passed when the real set is scored against repeatedly.
PrecisionRecall precision_recall(const torch::Tensor& generated, const torch::Tensor& real, int64_t k = 3,
                                 const torch::Tensor& real_radii = {});

struct ClassCoverage {
  std::vector<double> histogram;  // share of samples predicted as each class
  double entropy_nats = 0;        // of that histogram; log(10) = 2.303 when every class is equally common
  double largest_class_share = 0;
  double mean_confidence = 0;     // mean max-softmax probability
};
/// From classifier logits [N,classes].
ClassCoverage class_coverage(const torch::Tensor& logits);

}  // namespace genzoo
