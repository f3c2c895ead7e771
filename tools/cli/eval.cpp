// genzoo eval | train-classifier: scoring samples with a classifier of the domain, and training that classifier.
#include "core/error.h"
#include "core/files.h"
#include "eval/classifier.h"
#include "eval/evaluate.h"
#include "loading/run_layout.h"
#include "models/image_shape.h"
#include "tools/cli/commands.h"

#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace {

struct EvalArgs {
  std::string source, samples;
  bool json = false;
  EvalOptions options;
};

void run_eval(EvalArgs& a) {
  if (!a.json) a.options.log = &std::cerr;
  if (a.source.empty() == a.samples.empty()) {
    throw Error("eval: name a model (run dir, checkpoint, .safetensors or pretrained name) or --samples FILE, not both");
  }
  const auto report = a.samples.empty() ? evaluate(a.source, a.options) : evaluate_samples(a.samples, a.options);
  const RunLayout run(a.source);
  if (!a.source.empty() && std::filesystem::is_directory(run.dir) && std::filesystem::exists(run.config())) {
    write_file_atomic(run.eval_report(), report.to_json().dump(2) + "\n");  // for export's metadata and the report
    if (!a.json) std::cout << "wrote " << run.eval_report().string() << "\n";
  }
  if (a.json) {
    std::cout << report.to_json().dump(2) << "\n";
  } else {
    print_report(report, std::cout);
  }
}

struct ClassifierArgs {
  std::string out;
  ClassifierTrainOptions options;
};

void run_train_classifier(ClassifierArgs& a) {
  a.options.log = &std::cout;
  a.options.live_progress = stdout_is_terminal();
  const std::string out = a.out.empty() ? "weights/classifier-" + a.options.data + ".pt" : a.out;
  std::vector<std::filesystem::path> inputs;
  for (const auto split : {Split::Train, Split::Test}) {
    for (const auto& file : dataset_files(a.options.data, split, a.options.data_dir)) inputs.push_back(file);
  }
  check_output(out, inputs);  // a classifier: never a run's file
  LeNet classifier(classifier_options_for(load_dataset(a.options.data, Split::Train, a.options.data_dir,
                                                      a.options.folder)));
  const auto report = train_classifier(*classifier, a.options);
  save_classifier(*classifier, report, out);
  std::cout << "test accuracy " << 100 * report.test_accuracy << "% on " << report.test_images << " " << report.data
            << " test images; wrote " << out << "\n";
}

}  // namespace

void add_eval(CLI::App& app) {
  auto e = std::make_shared<EvalArgs>();
  auto& o = e->options;
  auto* eval = app.add_subcommand("eval", "Score a model's samples (FLD, KID, precision/recall, class coverage) "
                                          "beside real images; VAEs also get likelihood bounds");
  eval->add_option("checkpoint", e->source, "Run dir, checkpoint (RUN/best.pt: the best), .safetensors or name");
  eval->add_option("--samples", e->samples, "Score this IDX file of samples instead (with --data), whoever made it");
  eval->add_option("--data", o.data, "Test set (default: the one the model trained on)");
  eval->add_option("--data-dir", o.data_dir, "Directory holding the IDX files");
  eval->add_option("--background", o.background,
                   "With --samples: colour under an image folder's transparent pixels (default #ffffff; a model's "
                   "own run or export says what it trained with)");
  eval->add_option("--classifier", o.classifier, "Classifier weights (default: classifier-<data>.pt from weights)");
  eval->add_option("--n", o.n, "Generated images (and training images for the floor)")->check(CLI::Range(4, 1000000));
  eval->add_option("--seed", o.seed, "Seed of the samples and subsets")->check(non_negative_integer());
  eval->add_option("--truncation", o.truncation, "Draw the latent from N(0,1) truncated to [-T,T] (0: none; at most 5)");
  eval->add_option("--iw-k", o.iw_k, "VAEs: importance samples per test image")->check(positive_integer());
  eval->add_option("--iw-images", o.iw_images, "VAEs: test images for the likelihood bounds (0: all)")
      ->check(non_negative_integer());
  eval->add_flag("--binarized", o.binarized, "VAEs: also bound -log p(x) of dynamically binarized test images");
  eval->add_flag("--json", e->json, "Print one JSON object");
  eval->callback([e] { run_eval(*e); });

  auto c = std::make_shared<ClassifierArgs>();
  auto* train_clf = app.add_subcommand(
      "train-classifier", "Train the LeNet classifier whose features eval scores with (FLD, KID, precision/recall)");
  train_clf->add_option("--data", c->options.data, "Dataset name: mnist, fashion-mnist, emoji, ...");
  train_clf->add_option("--data-dir", c->options.data_dir, "Directory holding the IDX files or a labelled image folder");
  train_clf->add_option_function<int64_t>(
      "--image-size", [c](int64_t v) { c->options.folder.image_size(v); },
      "Side of an image folder's images, as the models it scores draw them (default 32)")
      ->check(CLI::IsMember(std::vector<int64_t>(kImageSizes.begin(), kImageSizes.end())));
  train_clf->add_option_function<int64_t>(
      "--channels", [c](int64_t v) { c->options.folder.channels(v); },
      "Channels of an image folder: 1 or 3 (default: 3 when any image has colour)")
      ->check(CLI::IsMember({1, 3}));
  train_clf->add_option("--epochs", c->options.epochs, "Epochs")->check(positive_integer());
  train_clf->add_option("--seed", c->options.seed, "Random seed")->check(non_negative_integer());
  train_clf->add_option("--out", c->out, "File to write (default weights/classifier-<data>.pt)");
  train_clf->callback([c] { run_train_classifier(*c); });
}

}  // namespace genzoo::cli
