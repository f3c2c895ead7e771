#pragma once
/// `genzoo eval`: how good a trained model's samples are, scored with a classifier of the domain on standardised
/// features (eval/scorer.h), with the same scores of real training images beside them as the floor; for VAEs also
/// likelihood bounds on the test set. Also scores an IDX file of samples, whoever made them.
///
///   auto report = genzoo::evaluate("runs/gan", genzoo::EvalOptions{});
///   std::cout << report.to_json().dump(2);   // "fld_lenet", "kid", "precision", "recall", "coverage", ...
///   genzoo::EvalOptions o;
///   o.data = "mnist";
///   auto twin = genzoo::evaluate_samples("twin-samples-idx3-ubyte", o);
#include "eval/classifier.h"
#include "eval/likelihood.h"
#include "eval/sample_metrics.h"
#include "eval/scorer.h"

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
  std::string background = "#ffffff";  // --samples: what an image folder's transparent pixels are composited over
  std::filesystem::path classifier;  // empty: find_classifier(data)
  int64_t n = 10000;                 // generated images (and training images for the floor)
  uint64_t seed = 0;
  double truncation = 0;             // GANs and VAEs: latent truncation of the samples (0: none; GenerativeModel)
  int64_t iw_k = 1000;               // VAEs: importance samples per test image
  int64_t iw_images = 0;             // VAEs: test images for the bounds (0: all)
  bool binarized = false;            // VAEs: also the bounds on dynamically binarized test images
  std::ostream* log = nullptr;       // a line per stage
};

struct EvalReport {
  std::string model, data, classifier;
  double truncation = 0;  // of the scored samples' latent draw (0: none)
  std::string features = "LeNet 128-d, " + feature_scale_description();
  double classifier_test_accuracy = 0;
  int64_t test_images = 0;
  SampleScores samples;  // n generated images
  SampleScores floor;    // n training images: what a perfect model would score
  nlohmann::json likelihood;  // VAEs: {"k", "images", "nelbo", "iw_nll", "binarized": {...}}; null otherwise
  nlohmann::json to_json() const;
};

/// Loads a model (anything loading/source.h's open_model takes), draws n samples with `seed`, and scores them.
EvalReport evaluate(const std::filesystem::path& checkpoint, const EvalOptions& options = {});
/// Scores the images of an IDX file (uint8 [N,H,W] or [N,C,H,W], e.g. `genzoo sample --format idx` or the Python
/// twin's) against options.data's test split (options.data is required; an image folder is decoded at the samples'
/// shape over options.background).
EvalReport evaluate_samples(const std::filesystem::path& idx_file, const EvalOptions& options);

/// A scorer for `test` and the floor (n random rows of `train` scored alike), read from a cache file beside the
/// classifier when its key (classifier file, test and floor images, format) matches, else computed and cached
/// there (a read-only folder only costs the time). `log` gets a line per stage.
struct ScorerAndFloor {
  SampleScorer scorer;
  SampleScores floor;
};
ScorerAndFloor scorer_and_floor(const std::filesystem::path& classifier, const Dataset& test, const Dataset& train,
                                int64_t n, uint64_t seed, std::ostream* log = nullptr);

/// A readable table of a report.
void print_report(const EvalReport& report, std::ostream& out);

}  // namespace genzoo
