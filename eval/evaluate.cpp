#include "eval/evaluate.h"

#include "core/error.h"
#include "loading/source.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <iomanip>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

class Stage {
 public:
  Stage(std::ostream* log, const std::string& what) : log_(log), started_(std::chrono::steady_clock::now()) {
    if (log_) *log_ << what << " ... " << std::flush;
  }
  ~Stage() {
    if (log_) {
      *log_ << std::fixed << std::setprecision(1)
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() << " s"
            << std::defaultfloat << std::endl;
    }
  }

 private:
  std::ostream* log_;
  std::chrono::steady_clock::time_point started_;
};

// Seeded random subset of n rows (all rows, in order, when n >= N).
torch::Tensor random_rows(const torch::Tensor& x, int64_t n, uint64_t seed) {
  if (n >= x.size(0)) return x;
  auto generator = at::detail::createCPUGenerator(seed);
  return x.index_select(0, torch::randperm(x.size(0), generator, torch::kLong).slice(0, 0, n));
}

nlohmann::json bounds_json(const LikelihoodBounds& b) {
  return {{"nelbo", b.nelbo}, {"iw_nll", b.iw_nll}, {"k", b.k}, {"images", b.images}};
}

std::string fixed(double value, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

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

SampleScores score_images(LeNetImpl& classifier, const torch::Tensor& images, const torch::Tensor& test_features,
                          uint64_t seed) {
  auto out = classify(classifier, images);  // logits [N,10], features [N,128]
  SampleScores s;
  s.images = images.size(0);
  s.fld = frechet_distance(out.features, test_features);
  s.kid = kernel_inception_distance(out.features, test_features, 100, 1000, seed);
  s.pr = precision_recall(out.features, test_features, 3);
  s.coverage = class_coverage(out.logits);
  return s;
}

nlohmann::json EvalReport::to_json() const {
  nlohmann::json j = {{"model", model},
                      {"data", data},
                      {"classifier", {{"file", classifier}, {"test_accuracy", classifier_test_accuracy}}},
                      {"feature_space", "LeNet 128-d features (FLD, not FID)"},
                      {"test_images", test_images},
                      {"samples", samples.to_json()},
                      {"floor_train_images", floor.to_json()}};
  if (!likelihood.is_null()) j["likelihood"] = likelihood;
  return j;
}

EvalReport evaluate(const fs::path& checkpoint, const EvalOptions& options) {
  if (options.n < 4) throw Error("eval: n: expected at least 4 images, found " + std::to_string(options.n));
  const auto opened = open_model(checkpoint);
  const auto& model = opened.model;
  const auto test = model_dataset(opened, Split::Test, options.data, options.data_dir);
  const std::string data = test.name;
  const fs::path classifier_path = options.classifier.empty() ? find_classifier(data) : options.classifier;
  ClassifierReport classifier_report;
  auto classifier = load_classifier(classifier_path, &classifier_report);

  EvalReport report;
  report.model = model->registry_name();
  report.data = data;
  report.classifier = classifier_path.string();
  report.test_images = test.size();
  torch::Tensor test_features;
  {
    Stage stage(options.log, "classifier on " + std::to_string(test.size()) + " " + data + " test images");
    report.classifier_test_accuracy = classifier_accuracy(*classifier, test);
    test_features = classify(*classifier, test.images).features;  // [T,128]
  }
  {
    Stage stage(options.log, "scoring " + std::to_string(options.n) + " " + report.model + " samples");
    auto samples = to_uint8(model->sample(options.n, options.seed));  // [n,1,28,28] uint8, as a PNG would hold
    report.samples = score_images(*classifier, samples, test_features, options.seed);
  }
  {
    Stage stage(options.log, "scoring the floor: " + std::to_string(options.n) + " training images");
    const auto train = model_dataset(opened, Split::Train, options.data, options.data_dir);
    report.floor = score_images(*classifier, random_rows(train.images, options.n, options.seed), test_features,
                                options.seed);
  }
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

void print_report(const EvalReport& r, std::ostream& out) {
  out << r.model << " on " << r.data << " (" << r.test_images << " test images); features: LeNet 128-d from "
      << r.classifier << " (test accuracy " << fixed(100 * r.classifier_test_accuracy, 2) << "%)\n";
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
