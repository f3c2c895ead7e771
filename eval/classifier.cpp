#include "eval/classifier.h"

#include "core/error.h"
#include "core/progress.h"
#include "core/text.h"
#include "formats/archive.h"
#include "formats/module_state.h"
#include "loading/pretrained.h"
#include "models/generative_model.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace genzoo {
namespace fs = std::filesystem;

void LeNetOptions::validate(const std::string& context) const {
  require(classes() > 1, context, "classes", "at least 2", std::to_string(classes()));
  require(features() > 0, context, "features", "a positive integer", std::to_string(features()));
  require(dropout() >= 0 && dropout() < 1, context, "dropout", "a value in [0,1)", format_number(dropout()));
  validate_image_shape(context, channels(), image_size());
}

LeNetImpl::LeNetImpl(const LeNetOptions& options_) : torch::nn::Module("LeNet"), options(options_) {
  options.validate();
  using torch::nn::Conv2dOptions;
  const int64_t side = options.image_size() / 4;  // after two 2x2 max-pools (28 -> 7)
  conv1 = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(options.channels(), 32, 5).padding(2)));
  conv2 = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(32, 64, 5).padding(2)));
  fc1 = register_module("fc1", torch::nn::Linear(64 * side * side, options.features()));
  fc2 = register_module("fc2", torch::nn::Linear(options.features(), options.classes()));
}

LeNetOutput LeNetImpl::forward(const torch::Tensor& x) {
  auto h = torch::max_pool2d(torch::relu(conv1(x - 0.5)), 2);  // [B,32,S/2,S/2]
  h = torch::max_pool2d(torch::relu(conv2(h)), 2);             // [B,64,S/4,S/4]
  auto features = torch::relu(fc1(h.flatten(1)));              // [B,128]
  auto logits = fc2(torch::dropout(features, options.dropout(), is_training()));  // [B,10]
  return {logits, features};
}

LeNetOutput classify(LeNetImpl& classifier, const torch::Tensor& images, int64_t batch_size) {
  EvalScope scope(classifier);
  std::vector<torch::Tensor> logits, features;
  for (int64_t begin = 0; begin < images.size(0); begin += batch_size) {
    auto x = images.slice(0, begin, begin + batch_size);
    if (x.scalar_type() == torch::kUInt8) x = to_float(x, PixelRange::ZeroOne);  // [B,C,S,S]
    auto out = classifier.forward(x);
    logits.push_back(out.logits);
    features.push_back(out.features);
  }
  return {torch::cat(logits), torch::cat(features)};
}

double classifier_accuracy(LeNetImpl& classifier, const Dataset& data) {
  data.check_labels(classifier.options.classes());
  auto predicted = classify(classifier, data.images).logits.argmax(1);  // [N]
  return predicted.eq(data.labels).to(torch::kFloat64).mean().item<double>();
}

nlohmann::json ClassifierReport::to_json() const {
  return {{"data", data},         {"train_images", train_images},   {"test_images", test_images},
          {"epochs", epochs},     {"test_accuracy", test_accuracy}, {"train_seconds", train_seconds}};
}

ClassifierReport train_classifier(LeNetImpl& classifier, const ClassifierTrainOptions& options) {
  require(options.epochs > 0, "train-classifier", "epochs", "a positive integer", std::to_string(options.epochs));
  const auto train = load_dataset(options.data, Split::Train, options.data_dir, options.folder);
  const auto test = load_dataset(options.data, Split::Test, options.data_dir, options.folder);
  if (!train.labelled) (void)classifier_options_for(train);  // the error for a folder without classes
  const auto shape = classifier.options.image_shape();
  for (const auto* split : {&train, &test}) split->check_image_shape(shape[0], shape[1], shape[2], "the classifier");
  train.check_labels(classifier.options.classes());
  test.check_labels(classifier.options.classes());
  torch::manual_seed(options.seed);
  torch::optim::Adam optimizer(classifier.parameters(), torch::optim::AdamOptions(options.lr));
  BatchSampler sampler(train.size(), options.batch_size, options.seed);
  const int64_t steps_per_epoch = sampler.steps_per_epoch(), total = options.epochs * steps_per_epoch;
  std::ostream null_stream(nullptr);
  Progress progress(options.log ? *options.log : null_stream, options.live_progress, total, 0, steps_per_epoch);
  const auto started = std::chrono::steady_clock::now();
  for (int64_t step = 0; step < total; ++step) {
    classifier.train();
    const auto t0 = std::chrono::steady_clock::now();
    auto index = sampler.indices(step / steps_per_epoch, step % steps_per_epoch);
    auto x = to_float(train.images.index_select(0, index), PixelRange::ZeroOne);  // [B,C,S,S]
    auto loss = torch::cross_entropy_loss(classifier.forward(x).logits, train.labels.index_select(0, index));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double images_per_second = static_cast<double>(x.size(0)) / std::max(seconds, 1e-9);
    progress.update(step + 1, {{"loss", loss.item<double>()}}, images_per_second);
    if ((step + 1) % steps_per_epoch == 0) {
      progress.message("epoch " + std::to_string((step + 1) / steps_per_epoch) + " done: test accuracy " +
                       format_number(classifier_accuracy(classifier, test)));
    }
  }
  progress.finish();
  ClassifierReport report;
  report.data = train.name;
  report.train_images = train.size();
  report.test_images = test.size();
  report.epochs = options.epochs;
  report.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.test_accuracy = classifier_accuracy(classifier, test);
  return report;
}

void save_classifier(const LeNetImpl& classifier, const ClassifierReport& report, const fs::path& path) {
  torch::serialize::OutputArchive archive;
  write_meta(archive, {{"model", "lenet-classifier"},
                       {"model_options", options_to_json(classifier.options)},
                       {"report", report.to_json()}});
  write_module_state(archive, "model", classifier);
  save_archive(archive, path);
}

LeNet load_classifier(const fs::path& path, ClassifierReport* report) {
  auto archive = open_archive(path);
  const auto meta = read_meta(archive, path.string());
  if (meta.value("model", "") != "lenet-classifier") {
    throw Error(path.string() + ": model: expected 'lenet-classifier', found '" + meta.value("model", "") + "'");
  }
  LeNet classifier(options_from_json<LeNetOptions>(meta.value("model_options", nlohmann::json::object()),
                                                   path.string() + " model_options"));
  read_module_state(archive, "model", *classifier, path.string());
  classifier->eval();
  if (report) {
    const auto r = meta.value("report", nlohmann::json::object());
    report->data = r.value("data", "");
    report->train_images = r.value("train_images", int64_t{0});
    report->test_images = r.value("test_images", int64_t{0});
    report->epochs = r.value("epochs", int64_t{0});
    report->test_accuracy = r.value("test_accuracy", 0.0);
    report->train_seconds = r.value("train_seconds", 0.0);
  }
  return classifier;
}

LeNetOptions classifier_options_for(const Dataset& train) {
  if (!train.labelled) {
    throw Error(train.images_file.string() + ": an image folder without class folders has no labels, so no classifier "
                "of its classes can score samples of it; put its images in one subfolder per class");
  }
  const int64_t classes = train.classes.empty() ? std::max<int64_t>(10, train.labels.max().item<int64_t>() + 1)
                                                : static_cast<int64_t>(train.classes.size());
  return LeNetOptions().classes(classes).channels(train.images.size(1)).image_size(train.images.size(2));
}

fs::path find_classifier(const std::string& data) {
  const std::string file = "classifier-" + data + ".pt";
  std::vector<std::string> looked;
  for (const auto& dir : weights_search_path()) {
    const auto c = dir / file;
    if (fs::exists(c)) return c;
    looked.push_back(c.string());
  }
  throw Error("no classifier for '" + data + "': looked for " + join(looked) +
              "; make one with: genzoo train-classifier --data " + data + " (or pass --classifier FILE)");
}

}  // namespace genzoo
