#include "eval/scorer.h"

#include "core/error.h"
#include "models/dcgan.h"

#include <torch/torch.h>

namespace genzoo {
namespace {

constexpr int64_t kNeighbours = 3;
constexpr int64_t kKidSubsets = 100, kKidSubsetSize = 1000;

}  // namespace

nlohmann::json SampleScores::to_json() const {
  return {{"images", images},
          {"fld_lenet", fld},
          {"kid", {{"mean", kid.mean}, {"std", kid.std}}},
          {"precision", pr.precision},
          {"recall", pr.recall},
          {"coverage", {{"histogram", coverage.histogram},
                        {"entropy_nats", coverage.entropy_nats},
                        {"largest_class_share", coverage.largest_class_share},
                        {"mean_confidence", coverage.mean_confidence}}}};
}

SampleScores SampleScores::from_json(const nlohmann::json& j) {
  SampleScores s;
  s.images = j.at("images").get<int64_t>();
  s.fld = j.at("fld_lenet").get<double>();
  s.kid = {j.at("kid").at("mean").get<double>(), j.at("kid").at("std").get<double>()};
  s.pr = {j.at("precision").get<double>(), j.at("recall").get<double>()};
  const auto& c = j.at("coverage");
  s.coverage = {c.at("histogram").get<std::vector<double>>(), c.at("entropy_nats").get<double>(),
                c.at("largest_class_share").get<double>(), c.at("mean_confidence").get<double>()};
  return s;
}

Metrics SampleScores::summary() const {
  return {{"fld", fld},
          {"precision", pr.precision},
          {"recall", pr.recall},
          {"class_entropy", coverage.entropy_nats},
          {"largest_class_share", coverage.largest_class_share}};
}

SampleScorer::SampleScorer(LeNet classifier, const Dataset& test, uint64_t seed)
    : classifier_(std::move(classifier)), seed_(seed) {
  if (test.size() <= kNeighbours) {
    throw Error(test.images_file.string() + ": " + std::to_string(test.size()) + " test images; scoring needs at least " +
                std::to_string(kNeighbours + 1));
  }
  const auto shape = classifier_->options.image_shape();
  test.check_image_shape(shape[0], shape[1], shape[2], "the classifier that scores samples");
  test.check_labels(classifier_->options.classes());
  auto out = classify(*classifier_, test.images);  // logits [T,10], features [T,D]
  test_accuracy_ = out.logits.argmax(1).eq(test.labels).to(torch::kFloat64).mean().item<double>();
  fit_standardisation(out.features);
}

SampleScorer::SampleScorer(LeNet classifier, const torch::Tensor& test_features, double test_accuracy, uint64_t seed)
    : classifier_(std::move(classifier)), test_accuracy_(test_accuracy), seed_(seed) {
  fit_standardisation(test_features);
}

void SampleScorer::fit_standardisation(const torch::Tensor& test_features) {
  raw_test_features_ = test_features;
  auto f = test_features.to(torch::kFloat64);
  mean_ = f.mean(0);
  scale_ = feature_scale(f);
  real_ = standardise(test_features);                  // [T,D] float32
  real_radii_ = kth_neighbour_radii(real_, kNeighbours);  // [T]
}

torch::Tensor SampleScorer::standardise(const torch::Tensor& features) const {
  return ((features.to(torch::kFloat64) - mean_) / scale_).to(torch::kFloat32);
}

SampleScores SampleScorer::score(const torch::Tensor& images) const {
  const auto shape = classifier_->options.image_shape();
  if (images.dim() != 4 || images.size(1) != shape[0] || images.size(2) != shape[1] || images.size(3) != shape[2]) {
    throw Error("samples of shape " + c10::str(images.sizes()) + " cannot be scored: the classifier reads " +
                shape_text(shape) + " images");
  }
  auto out = classify(*classifier_.ptr(), images);  // logits [N,10], features [N,D]
  auto generated = standardise(out.features);
  SampleScores s;
  s.images = images.size(0);
  s.fld = frechet_distance(generated, real_);
  s.kid = kernel_inception_distance(generated, real_, kKidSubsets, kKidSubsetSize, seed_);
  s.pr = precision_recall(generated, real_, kNeighbours, real_radii_);
  s.coverage = class_coverage(out.logits);
  return s;
}

std::function<Metrics(GenerativeModel&)> training_scorer(const std::string& data, const std::filesystem::path& data_dir,
                                                         const std::filesystem::path& classifier, int64_t n,
                                                         uint64_t seed, const ImageFolderOptions& folder) {
  const auto test = load_dataset(data, Split::Test, data_dir, folder);
  auto scorer = std::make_shared<SampleScorer>(load_classifier(classifier.empty() ? find_classifier(data) : classifier),
                                               test, seed);
  return [scorer, n, seed](GenerativeModel& model) {
    auto scores = scorer->score(to_uint8(model.sample(n, seed))).summary();
    if (auto* gan = dynamic_cast<DcganImpl*>(&model); gan && gan->has_ema()) {
      gan->use_ema(false);
      try {
        for (const auto& [name, value] : scorer->score(to_uint8(model.sample(n, seed))).summary()) {
          scores.emplace_back("raw_" + name, value);
        }
      } catch (...) {
        gan->use_ema(true);
        throw;
      }
      gan->use_ema(true);
    }
    return scores;
  };
}

}  // namespace genzoo
