#include "loading/provenance.h"

#include "core/error.h"
#include "core/runtime.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "loading/pretrained.h"


namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPrefix = "genzoo.";

// The chunk's value as JSON of the kind `fits` accepts; anything else names the keyword.
nlohmann::json field(const PngText& text, const std::string& key, const std::string& source, const char* expected,
                     bool (*fits)(const nlohmann::json&)) {
  const auto it = text.find(kPrefix + key);
  require(it != text.end(), source, kPrefix + key, expected, "no such text chunk");
  const auto value = try_parse_json(it->second);
  require(!value.is_discarded() && fits(value), source, kPrefix + key, expected, json_text(it->second));
  return value;
}

std::string text_field(const PngText& text, const std::string& key, const std::string& source) {
  const auto it = text.find(kPrefix + key);
  require(it != text.end() && !it->second.empty(), source, kPrefix + key, "a text", "no such text chunk");
  return it->second;
}

// Text chunks hold printable ASCII: anything else becomes '?'.
std::string ascii_only(std::string text) {
  for (auto& c : text) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return text;
}

bool is_count(const nlohmann::json& v) { return v.is_number_unsigned() && v.get<uint64_t>() <= uint64_t{INT64_MAX}; }
bool is_sample_count(const nlohmann::json& v) {
  return v.is_number_unsigned() && v.get<uint64_t>() >= 1 && v.get<uint64_t>() <= uint64_t{kMaxSampleCount};
}
bool is_seed(const nlohmann::json& v) { return v.is_number_unsigned(); }
bool is_number(const nlohmann::json& v) { return v.is_number(); }

}  // namespace

PngText SampleRecord::to_png_text() const {
  return {{"Software", "genzoo " + version},
          {"genzoo.version", version},
          {"genzoo.model", model},
          {"genzoo.weights", weights},
          {"genzoo.weights_sha256", weights_sha256},
          {"genzoo.step", std::to_string(step)},
          {"genzoo.n", std::to_string(n)},
          {"genzoo.nrow", std::to_string(nrow)},
          {"genzoo.seed", std::to_string(seed)},
          {"genzoo.truncation", format_number(truncation)}};
}

SampleRecord SampleRecord::from_png_text(const PngText& text, const std::string& source) {
  if (const auto view = text.find("genzoo.view"); view != text.end()) {
    throw Error(source + ": a grid of genzoo " + printable(view->second) + ", not of genzoo sample: only sample grids "
                "are drawn again");
  }
  SampleRecord r;
  r.version = text_field(text, "version", source);
  r.model = text_field(text, "model", source);
  r.weights = text_field(text, "weights", source);
  r.weights_sha256 = text_field(text, "weights_sha256", source);
  r.step = field(text, "step", source, "a step count", is_count).get<int64_t>();
  const auto count = "an integer from 1 to " + std::to_string(kMaxSampleCount);
  r.n = field(text, "n", source, count.c_str(), is_sample_count).get<int64_t>();
  r.nrow = field(text, "nrow", source, count.c_str(), is_sample_count).get<int64_t>();
  r.seed = field(text, "seed", source, "a seed", is_seed).get<uint64_t>();
  r.truncation = field(text, "truncation", source, "a number", is_number).get<double>();
  return r;
}

SampleRecord sample_record(const OpenedModel& opened, const std::string& asked_for, int64_t n, int64_t nrow,
                           uint64_t seed, double truncation) {
  SampleRecord r;
  r.version = genzoo_version();
  r.model = opened.model->registry_name();
  const fs::path asked(asked_for);
  r.weights = fs::exists(asked) ? opened.source.file.filename().string() : asked_for;  // a path says only its name
  r.weights = ascii_only(r.weights);
  r.weights_sha256 = sha256_file(opened.source.file);
  r.step = opened.steps;
  r.n = n;
  r.nrow = nrow;
  r.seed = seed;
  r.truncation = truncation;
  return r;
}

PngText view_png_text(const OpenedModel& opened, const std::string& asked_for, const std::string& view,
                      const std::string& note) {
  const auto record = sample_record(opened, asked_for, 0, 0, 0, 0);
  auto text = record.to_png_text();
  for (const char* unused : {"genzoo.n", "genzoo.nrow", "genzoo.seed", "genzoo.truncation"}) text.erase(unused);
  text["genzoo.view"] = view;
  text["genzoo.note"] = ascii_only(note.substr(0, kMaxPngTextBytes));
  return text;
}

fs::path weights_for(const SampleRecord& record, const std::string& source, const std::string& png) {
  if (!source.empty()) {
    const auto file = ModelSource::resolve(source).file;
    const auto hash = sha256_file(file);
    if (hash != record.weights_sha256) {
      throw Error(png + " was drawn by weights with SHA-256 " + record.weights_sha256 + " (" + record.weights +
                  "), but " + file.string() + " has " + hash);
    }
    return file;
  }
  for (const auto& dir : weights_search_path()) {
    if (!fs::exists(dir / "manifest.json")) continue;
    for (const auto& entry : read_manifest(dir / "manifest.json")) {
      if (entry.sha256 == record.weights_sha256) return pretrained_file(entry.name);
    }
  }
  throw Error(png + " was drawn by " + record.model + " weights '" + record.weights + "' (SHA-256 " +
              record.weights_sha256 + "), which are not among the pretrained weights: pass them, e.g. genzoo sample " +
              "RUN_OR_FILE --like " + png);
}

}  // namespace genzoo
