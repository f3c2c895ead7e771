#pragma once
/// `genzoo eval`: how good a trained model's samples are, scored with a classifier of the domain, with the same
/// scores of real training images beside them as the floor; for VAEs also likelihood bounds on the test set.
///
///   auto report = genzoo::evaluate("runs/gan", genzoo::EvalOptions{});
///   std::cout << report.to_json().dump(2);   // "fld_lenet", "kid", "precision", "recall", "coverage", ...
#include "eval/classifier.h"
#include "eval/likelihood.h"
#include "eval/sample_metrics.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace genzoo {

struct EvalOptions {
  std::string data;                  // empty: the dataset the model trained on
  std::filesystem::path data_dir;    // empty: the dataset search path
  std::filesystem::path classifier;  // empty: find_classifier(data)
  int64_t n = 10000;                 // generated images (and training images for the floor)
  uint64_t seed = 0;
  int64_t iw_k = 1000;               // VAEs: importance samples per test image
  int64_t iw_images = 0;             // VAEs: test images for the bounds (0: all)
  bool binarized = false;            // VAEs: also the bounds on dynamically binarized test images
  std::ostream* log = nullptr;       // a line per stage
};

/// Scores of a set of images against the test set, on the classifier's 128-wide features.
struct SampleScores {
  int64_t images = 0;
  double fld = 0;  // Fréchet distance of Gaussian fits: "FLD (LeNet features)", not FID
  KidResult kid;
  PrecisionRecall pr;
  ClassCoverage coverage;
  nlohmann::json to_json() const;
};

/// Scores `images` (uint8 [N,1,28,28]) against precomputed test features.
SampleScores score_images(LeNetImpl& classifier, const torch::Tensor& images, const torch::Tensor& test_features,
                          uint64_t seed);

struct EvalReport {
  std::string model, data, classifier;
  double classifier_test_accuracy = 0;
  int64_t test_images = 0;
  SampleScores samples;  // n generated images
  SampleScores floor;    // n training images: what a perfect model would score
  nlohmann::json likelihood;  // VAEs: {"k", "images", "nelbo", "iw_nll", "binarized": {...}}; null otherwise
  nlohmann::json to_json() const;
};

/// Loads a model (anything loading/source.h's open_model takes), draws n samples with `seed`, and scores them.
EvalReport evaluate(const std::filesystem::path& checkpoint, const EvalOptions& options = {});

/// A readable table of a report.
void print_report(const EvalReport& report, std::ostream& out);

}  // namespace genzoo
