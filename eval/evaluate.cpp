#include "eval/evaluate.h"

#include "core/error.h"
#include "core/progress.h"
#include "data/idx.h"
#include "data/image_decode.h"
#include "loading/source.h"

#include <torch/torch.h>

#include <cstdio>
#include <iomanip>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

nlohmann::json bounds_json(const LikelihoodBounds& b) {
  return {{"nelbo", b.nelbo}, {"iw_nll", b.iw_nll}, {"k", b.k}, {"images", b.images}};
}

std::string fixed(double value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

// The report of `images` (uint8 [N,C,H,W], the classifier's shape) drawn by `model`, scored on `test` beside the
// floor from `train`.
EvalReport score_report(const std::string& model, const torch::Tensor& images, const Dataset& test,
                        const Dataset& train, const EvalOptions& options) {
  if (images.size(0) < 4) throw Error("eval: expected at least 4 images, found " + std::to_string(images.size(0)));
  const fs::path classifier_path = options.classifier.empty() ? find_classifier(test.name) : options.classifier;
  auto scoring = scorer_and_floor(classifier_path, test, train, options.n, options.seed, options.log);
  EvalReport report;
  report.model = model;
  report.data = test.name;
  report.classifier = classifier_path.string();
  report.classifier_test_accuracy = scoring.scorer.test_accuracy();
  report.test_images = test.size();
  report.floor = scoring.floor;
  Stage stage(options.log, "scoring " + std::to_string(images.size(0)) + " " + model + " samples");
  report.samples = scoring.scorer.score(images);
  return report;
}

}  // namespace

nlohmann::json EvalReport::to_json() const {
  nlohmann::json j = {{"model", model},
                      {"data", data},
                      {"classifier", {{"file", classifier}, {"test_accuracy", classifier_test_accuracy}}},
                      {"feature_space", features + " (FLD, not FID)"},
                      {"test_images", test_images},
                      {"samples", samples.to_json()},
                      {"floor_train_images", floor.to_json()}};
  if (truncation > 0) j["truncation"] = truncation;
  if (!likelihood.is_null()) j["likelihood"] = likelihood;
  return j;
}

EvalReport evaluate(const fs::path& checkpoint, const EvalOptions& options) {
  if (options.n < 4) throw Error("eval: n: expected at least 4 images, found " + std::to_string(options.n));
  const auto opened = open_model(checkpoint);
  const auto& model = opened.model;
  const auto test = model_dataset(opened, Split::Test, options.data, options.data_dir);
  const auto train = model_dataset(opened, Split::Train, options.data, options.data_dir);
  auto samples = to_uint8(model->sample(options.n, options.seed, options.truncation));  // [n,1,28,28] uint8
  auto report = score_report(model->registry_name(), samples, test, train, options);
  report.truncation = options.truncation;
  if (auto* vae = dynamic_cast<VariationalModel*>(model.get())) {
    auto x = to_float(options.iw_images > 0 ? test.images.slice(0, 0, options.iw_images) : test.images,
                      PixelRange::ZeroOne);  // [M,1,28,28]
    const auto likelihood_options = LikelihoodOptions().k(options.iw_k).seed(options.seed);
    {
      Stage stage(options.log, "likelihood bounds, k = " + std::to_string(options.iw_k) + " on " +
                                   std::to_string(x.size(0)) + " test images");
      report.likelihood = bounds_json(likelihood_bounds(*vae, x, likelihood_options));
      report.likelihood["data"] = "continuous [0,1] pixels, Bernoulli cross-entropy as in training";
    }
    if (options.binarized) {
      Stage stage(options.log, "likelihood bounds on binarized test images");
      auto generator = at::detail::createCPUGenerator(options.seed);
      auto binary = torch::bernoulli(x, generator);  // dynamic binarization, one draw
      report.likelihood["binarized"] = bounds_json(likelihood_bounds(*vae, binary, likelihood_options));
    }
  }
  return report;
}

EvalReport evaluate_samples(const fs::path& idx_file, const EvalOptions& options) {
  if (options.data.empty()) throw Error("eval --samples: --data: expected the dataset the samples imitate, found none");
  require(options.truncation == 0, "eval --samples", "--truncation", "0 (a file's samples are drawn already)",
          format_number(options.truncation));
  (void)parse_hex_colour(options.background, "eval --samples: --background");
  const auto images = read_idx_images(idx_file);  // uint8 [N,C,H,W]
  const ImageShape shape = {images.size(1), images.size(2), images.size(3)};
  const auto folder =  // decoded as the samples are
      ImageFolderOptions().channels(shape[0]).image_size(shape[1]).background(options.background);
  const auto test = load_dataset(options.data, Split::Test, options.data_dir, folder);
  const auto train = load_dataset(options.data, Split::Train, options.data_dir, folder);
  return score_report(idx_file.filename().string(), images, test, train, options);
}

void print_report(const EvalReport& r, std::ostream& out) {
  out << r.model << " on " << r.data << " (" << r.test_images << " test images); features: " << r.features
      << ", from " << r.classifier << " (test accuracy " << fixed(100 * r.classifier_test_accuracy, 2) << "%)\n";
  if (r.truncation > 0) out << "samples drawn with the latent truncated to [-" << format_number(r.truncation) << ", "
                            << format_number(r.truncation) << "]\n";
  out << std::left << std::setw(28) << "metric" << std::right << std::setw(14) << "samples" << std::setw(16)
      << "train images" << "\n";
  const auto row = [&](const std::string& name, double a, double b, int digits) {
    out << std::left << std::setw(28) << name << std::right << std::setw(14) << fixed(a, digits) << std::setw(16)
        << fixed(b, digits) << "\n";
  };
  const auto& s = r.samples;
  const auto& f = r.floor;
  row("images", static_cast<double>(s.images), static_cast<double>(f.images), 0);
  row("FLD (LeNet features)", s.fld, f.fld, 3);
  row("KID (x1000)", 1000 * s.kid.mean, 1000 * f.kid.mean, 3);
  row("KID std (x1000)", 1000 * s.kid.std, 1000 * f.kid.std, 3);
  row("precision (k=3)", s.pr.precision, f.pr.precision, 3);
  row("recall (k=3)", s.pr.recall, f.pr.recall, 3);
  row("class entropy (nats)", s.coverage.entropy_nats, f.coverage.entropy_nats, 3);
  row("largest class share", s.coverage.largest_class_share, f.coverage.largest_class_share, 3);
  row("mean max-softmax", s.coverage.mean_confidence, f.coverage.mean_confidence, 3);
  std::string hist;
  for (double h : s.coverage.histogram) hist += (hist.empty() ? "" : " ") + fixed(h, 3);
  out << "sample class histogram: " << hist << "\n";
  if (!r.likelihood.is_null()) {
    const auto& l = r.likelihood;
    out << "test -ELBO " << fixed(l["nelbo"].get<double>(), 2) << ", importance-weighted bound on -log p(x) "
        << fixed(l["iw_nll"].get<double>(), 2) << " nats/image (k = " << l["k"] << ", " << l["images"]
        << " images; " << l["data"].get<std::string>() << ")\n";
    if (l.contains("binarized")) {
      const auto& b = l["binarized"];
      out << "binarized test images: -ELBO " << fixed(b["nelbo"].get<double>(), 2) << ", IW bound "
          << fixed(b["iw_nll"].get<double>(), 2) << " nats/image\n";
    }
  }
}

}  // namespace genzoo
