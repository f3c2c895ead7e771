#pragma once
/// Scores of generated images against a dataset's test split, in the 128-d feature space of the domain's LeNet
/// classifier standardised per dimension by the real test features' mean and standard deviation: the floor (real
/// training images) sits near 0 and models compare on one scale. Build it once, score many times (`genzoo eval`,
/// and `train --eval-every`).
///
///   genzoo::SampleScorer scorer(genzoo::load_classifier(genzoo::find_classifier("mnist")), test);
///   auto s = scorer.score(genzoo::to_uint8(model->sample(2000, 0)));   // s.fld, s.kid, s.pr, s.coverage
#include "core/metrics.h"
#include "data/dataset.h"
#include "eval/classifier.h"
#include "eval/sample_metrics.h"
#include "models/generative_model.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <functional>
#include <string>

namespace genzoo {

/// Scores of a set of images against the test split.
struct SampleScores {
  int64_t images = 0;
  double fld = 0;  // Fréchet distance of Gaussian fits: "FLD (LeNet features)", not FID
  KidResult kid;
  PrecisionRecall pr;
  ClassCoverage coverage;
  nlohmann::json to_json() const;
  static SampleScores from_json(const nlohmann::json& j);
  /// The scores `train --eval-every` logs: fld, precision, recall, class_entropy, largest_class_share.
  Metrics summary() const;
};

class SampleScorer {
 public:
  /// Classifies the test split once (features, accuracy) and fixes the standardisation.
  SampleScorer(LeNet classifier, const Dataset& test, uint64_t seed = 0);
  /// From cached test features [T,D] (raw, not standardised) and the classifier's test accuracy.
  SampleScorer(LeNet classifier, const torch::Tensor& test_features, double test_accuracy, uint64_t seed = 0);

  /// Scores uint8 images [N,1,28,28] (at least 4).
  SampleScores score(const torch::Tensor& images) const;

  double test_accuracy() const { return test_accuracy_; }
  int64_t test_images() const { return real_.size(0); }
  /// The raw test features, for a cache.
  const torch::Tensor& raw_test_features() const { return raw_test_features_; }

 private:
  void fit_standardisation(const torch::Tensor& test_features);
  torch::Tensor standardise(const torch::Tensor& features) const;

  LeNet classifier_;
  torch::Tensor raw_test_features_, mean_, scale_, real_, real_radii_;
  double test_accuracy_ = 0;
  uint64_t seed_ = 0;
};

/// What `train --eval-every` calls: `n` samples of the model (always from latents of the same `seed`) scored with
/// the classifier at `classifier` (empty: the one for `data`) against `data`'s test split; for a GAN that keeps a
/// generator average, also the trained generator's samples, as raw_fld, raw_precision, ...
inline constexpr uint64_t kTrainingScoreSeed = 1234;

/// `folder`: how an image folder's test split is decoded (the run's, run/config.h's folder_options).
std::function<Metrics(GenerativeModel&)> training_scorer(const std::string& data, const std::filesystem::path& data_dir,
                                                         const std::filesystem::path& classifier, int64_t n,
                                                         uint64_t seed = kTrainingScoreSeed,
                                                         const ImageFolderOptions& folder = {});

}  // namespace genzoo
