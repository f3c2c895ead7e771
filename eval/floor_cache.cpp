// scorer_and_floor (eval/evaluate.h): the test features and the floor's scores, cached beside the classifier.
#include "eval/evaluate.h"

#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/progress.h"
#include "formats/safetensors.h"

#include <torch/torch.h>


namespace genzoo {
namespace fs = std::filesystem;
namespace {

// Bumped whenever the scores themselves change (features, standardisation, metric definitions); the
// standardisation's floor is part of it, so changing kFeatureStdFloorShare alone invalidates the caches too.
std::string scores_version() { return "scores-3 (LeNet features " + feature_scale_description() + ")"; }

std::string bytes_of(const torch::Tensor& t) {
  auto c = t.contiguous();
  return std::string(static_cast<const char*>(c.data_ptr()), static_cast<size_t>(c.nbytes()));
}

// Seeded random subset of n rows (all rows, in order, when n >= N).
torch::Tensor random_rows(const torch::Tensor& x, int64_t n, uint64_t seed) {
  if (n >= x.size(0)) return x;
  auto generator = at::detail::createCPUGenerator(seed);
  return x.index_select(0, torch::randperm(x.size(0), generator, torch::kLong).slice(0, 0, n));
}

}  // namespace

ScorerAndFloor scorer_and_floor(const fs::path& classifier_path, const Dataset& test, const Dataset& train, int64_t n,
                                uint64_t seed, std::ostream* log) {
  auto classifier = load_classifier(classifier_path);
  const auto floor_images = random_rows(train.images, n, seed);  // uint8 [n,1,28,28]
  const std::string key = sha256_hex(scores_version() + "|" + sha256_file(classifier_path) + "|" +
                                     sha256_hex(bytes_of(test.images)) + "|" + sha256_hex(bytes_of(test.labels)) +
                                     "|" + sha256_hex(bytes_of(floor_images)) + "|" + std::to_string(seed));
  const fs::path cache = classifier_path.string() + "." + test.name + ".scores.safetensors";
  if (fs::exists(cache)) {
    try {
      const auto file = read_safetensors(cache);
      if (file.metadata.at("key") == key) {
        Stage stage(log, "test features and floor from " + cache.string());
        return {SampleScorer(classifier, file.tensors.at("test_features"), std::stod(file.metadata.at("test_accuracy")),
                             seed),
                SampleScores::from_json(parse_json(file.metadata.at("floor"), cache.string()))};
      }
    } catch (const std::exception&) {
      // An unreadable or foreign cache is recomputed and replaced.
    }
  }
  std::unique_ptr<SampleScorer> scorer;
  {
    Stage stage(log, "classifier on " + std::to_string(test.size()) + " " + test.name + " test images");
    scorer = std::make_unique<SampleScorer>(classifier, test, seed);
  }
  SampleScores floor;
  {
    Stage stage(log, "scoring the floor: " + std::to_string(floor_images.size(0)) + " training images");
    floor = scorer->score(floor_images);
  }
  try {
    write_safetensors(cache, {{"test_features", scorer->raw_test_features()}},
                      {{"key", key}, {"test_accuracy", format_number(scorer->test_accuracy())},
                       {"floor", floor.to_json().dump()}, {"what", scores_version()}});
  } catch (const Error& e) {
    if (log) *log << "note: scores not cached (" << e.what() << ")\n";
  }
  return {std::move(*scorer), floor};
}

}  // namespace genzoo
