#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;

TEST_CASE("The LeNet classifier learns the tiny dataset and reloads exactly", "[eval][classifier]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 256, 64);
  torch::manual_seed(0);
  LeNet classifier;
  auto out = classifier->forward(torch::rand({3, 1, 28, 28}));
  CHECK(out.logits.sizes() == torch::IntArrayRef({3, 10}));
  CHECK(out.features.sizes() == torch::IntArrayRef({3, 128}));

  ClassifierTrainOptions options;
  options.data_dir = dir.path / "tiny";
  options.epochs = 3;
  options.batch_size = 32;
  auto report = train_classifier(*classifier, options);
  CHECK(report.test_accuracy > 0.9);
  CHECK(report.train_images == 256);
  CHECK(report.test_images == 64);

  save_classifier(*classifier, report, dir.path / "clf.pt");
  ClassifierReport loaded_report;
  auto loaded = load_classifier(dir.path / "clf.pt", &loaded_report);
  CHECK(loaded_report.test_accuracy == report.test_accuracy);
  auto x = torch::rand({5, 1, 28, 28});
  CHECK(torch::equal(classify(*classifier, x).logits, classify(*loaded, x).logits));

  CHECK_THROWS_WITH(load_classifier(dir.path / "missing.pt"), Contains("missing.pt"));
  CHECK_THROWS_WITH(LeNet(LeNetOptions().dropout(1.5)), Contains("dropout") && Contains("1.5"));
}

TEST_CASE("find_classifier says where it looked and how to make one", "[eval][classifier]") {
  CHECK_THROWS_WITH(find_classifier("no-such-data"),
                    Contains("classifier-no-such-data.pt") && Contains("genzoo train-classifier --data no-such-data"));
}
