#pragma once
/// A LeNet-style classifier of the domain (28x28 digits or garments) whose 128-wide hidden layer gives the
/// features for FLD, KID and precision/recall — the FID authors' advice where Inception does not fit the data.
///
///   auto clf = genzoo::load_classifier(genzoo::find_classifier("mnist"));
///   auto out = clf->forward(x);          // x [B,1,28,28] in [0,1] -> logits [B,10], features [B,128]
///   double acc = genzoo::classifier_accuracy(*clf, test);
#include "core/json.h"
#include "data/dataset.h"
#include "data/image_folder.h"
#include "models/image_shape.h"

#include <nlohmann/json.hpp>
#include <torch/arg.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <filesystem>
#include <ostream>
#include <string>

namespace genzoo {

struct LeNetOptions {
  /// The fields by name, for JSON (core/json.h).
  template <typename Visit>
  void fields(Visit&& visit) {
    visit("classes", classes());
    visit("features", features());
    visit("dropout", dropout());
    visit("channels", channels());
    visit("image_size", image_size());
  }
  /// Throws unless every field is in range; `context` names the options in messages.
  void validate(const std::string& context = "classifier options") const;
  /// {channels, image_size, image_size}.
  ImageShape image_shape() const { return {channels(), image_size(), image_size()}; }

  /// Number of classes.
  TORCH_ARG(int64_t, classes) = 10;
  /// Width of the feature layer.
  TORCH_ARG(int64_t, features) = 128;
  /// Dropout on the feature layer, in training only.
  TORCH_ARG(double, dropout) = 0.5;
  /// The images it reads (models/image_shape.h); the defaults are MNIST's.
  TORCH_ARG(int64_t, channels) = kDefaultChannels;
  TORCH_ARG(int64_t, image_size) = kDefaultImageSize;
};

struct LeNetOutput {
  torch::Tensor logits;    // [B,classes]
  torch::Tensor features;  // [B,features], after the ReLU
};

/// conv5x5(C->32) ReLU maxpool -> conv5x5(32->64) ReLU maxpool -> Linear(64·(S/4)²->128) ReLU -> Linear(128->classes);
/// at MNIST's 1x28x28, Linear(3136->128).
class LeNetImpl : public torch::nn::Module {
 public:
  explicit LeNetImpl(const LeNetOptions& options = {});
  /// x [B,C,S,S] in [0,1].
  LeNetOutput forward(const torch::Tensor& x);

  LeNetOptions options;

 private:
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(LeNet);

/// Logits and features of every image of a dataset (uint8 [N,C,S,S]) in eval mode, in batches; CPU.
LeNetOutput classify(LeNetImpl& classifier, const torch::Tensor& images, int64_t batch_size = 1000);
/// Share of the dataset's images whose predicted class is their label.
double classifier_accuracy(LeNetImpl& classifier, const Dataset& data);

struct ClassifierTrainOptions {
  std::string data = "mnist";
  std::filesystem::path data_dir;  // empty: the dataset search path
  /// How an image folder is decoded (data/image_folder.h): its side and channels, as the models it scores see it.
  ImageFolderOptions folder;
  int64_t epochs = 10;
  int64_t batch_size = 128;
  double lr = 1e-3;
  uint64_t seed = 0;
  std::ostream* log = nullptr;  // progress, and a line per epoch
  bool live_progress = false;   // redraw one line (a terminal)
};

struct ClassifierReport {
  std::string data;
  int64_t train_images = 0, test_images = 0, epochs = 0;
  double test_accuracy = 0, train_seconds = 0;
  nlohmann::json to_json() const;
};

/// Trains a classifier on the training split (Adam, cross-entropy) and measures it on the test split. Throws unless
/// the data are labelled and of the classifier's image shape, with labels below its class count.
ClassifierReport train_classifier(LeNetImpl& classifier, const ClassifierTrainOptions& options);

/// The options of a classifier for a dataset: its image shape, and its class count (an image folder's class folders;
/// for IDX data, the largest label + 1, at least 10). Throws for an image folder without class folders: its samples
/// cannot be scored by a classifier of its classes.
LeNetOptions classifier_options_for(const Dataset& train);

/// Saves the classifier with its options and report; loading checks every tensor by name and shape.
void save_classifier(const LeNetImpl& classifier, const ClassifierReport& report, const std::filesystem::path& path);
LeNet load_classifier(const std::filesystem::path& path, ClassifierReport* report = nullptr);

/// The classifier for a dataset, classifier-<data>.pt, from the weights search path (loading/pretrained.h):
/// $GENZOO_WEIGHTS, then the weights beside the genzoo library.
std::filesystem::path find_classifier(const std::string& data);

}  // namespace genzoo
