// genzoo sample | info | export: a trained model's samples, description and inference weights.
#include "core/error.h"
#include "core/runtime.h"
#include "core/text.h"
#include "data/grid.h"
#include "data/idx.h"
#include "eval/latent_views.h"
#include "loading/export.h"
#include "loading/provenance.h"
#include "loading/run_layout.h"
#include "loading/source.h"
#include "tools/cli/commands.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

namespace genzoo::cli {
namespace {

constexpr const char* kSourceHelp = "Run dir, checkpoint, .safetensors or pretrained name";

struct SampleArgs {
  std::string source, out = "grid.png", format = "png", like;
  int64_t n = 64, nrow = 8;
  uint64_t seed = 0;
  double truncation = 0;
  std::optional<SampleRecord> record;  // --like: the grid's, written again as it was
};

// --like GRID: the grid's own n, nrow, seed and truncation, and its weights (the source given, or the pretrained
// file of the grid's SHA-256).
void adopt_grid(SampleArgs& a) {
  auto record = SampleRecord::from_png_text(read_png_text(a.like), a.like);
  a.source = weights_for(record, a.source, a.like).string();
  a.n = record.n;
  a.nrow = record.nrow;
  a.seed = record.seed;
  a.truncation = record.truncation;
  record.version = genzoo_version();
  a.record = record;
}

void run_sample(SampleArgs& a) {
  if (!a.like.empty()) adopt_grid(a);
  if (a.source.empty()) throw Error("sample: expected a model (run dir, checkpoint, .safetensors or name), found none");
  check_output(a.out, {ModelSource::resolve(a.source).file});
  const auto opened = open_model(a.source);
  auto images = opened.model->sample(a.n, a.seed, a.truncation);  // [n,C,H,W] in [0,1]
  if (a.format == "idx") {
    write_idx_images(a.out, to_uint8(images));
  } else {
    const auto record = a.record ? *a.record : sample_record(opened, a.source, a.n, a.nrow, a.seed, a.truncation);
    save_grid(images, a.out, GridOptions().nrow(a.nrow).text(record.to_png_text()));
  }
  std::cout << "wrote " << a.n << " " << opened.model->registry_name() << " samples to " << a.out << "\n";
}

// A grid's text chunks: where it came from.
void run_png_info(const std::string& png, bool json) {
  const auto text = read_png_text(png);
  if (json) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, value] : text) j[key] = value;
    std::cout << j.dump(2) << "\n";
    return;
  }
  if (text.empty()) std::cout << png << ": no text chunks (not drawn by genzoo sample)\n";
  for (const auto& [key, value] : text) {
    std::cout << std::left << std::setw(24) << printable(key) << printable(value) << "\n";
  }
}

// A value for a person: numbers to 4 significant digits, lists as their length, objects one level deep.
std::string readable(const nlohmann::json& v, bool nested = false) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v.get<double>());
    return text;
  }
  if (v.is_array()) return std::to_string(v.size()) + " values";
  if (v.is_object()) {
    if (nested) return "{...}";
    const auto out = join(v.items(), [](const auto& item) { return item.key() + " " + readable(item.value(), true); });
    return out.empty() ? "-" : out;
  }
  return v.dump();
}

// A few lines a person reads; the config and file metadata, which are long, only in --json.
void print_summary(const nlohmann::json& info) {
  const std::vector<std::string> first = {"model", "description", "file", "parameters", "steps", "data"};
  const auto line = [&](const std::string& key) {
    if (info.contains(key)) std::cout << std::left << std::setw(14) << key << readable(info.at(key)) << "\n";
  };
  for (const auto& key : first) line(key);
  for (const auto& [key, value] : info.items()) {
    const bool shown = std::find(first.begin(), first.end(), key) != first.end();
    if (!shown && key != "config" && key != "metadata" && key != "checkpoint") line(key);
  }
  std::cout << "(--json prints everything, config and metadata included)\n";
}

// model_info, and for VAEs the active latent units on the test split when that dataset can be found.
void run_info(const std::string& source, bool json) {
  if (std::filesystem::path(source).extension() == ".png") return run_png_info(source, json);
  const auto opened = open_model(source);
  auto info = model_info(opened);
  if (auto* vae = dynamic_cast<VariationalModel*>(opened.model.get())) {
    try {
      info["active_units"] = active_units_report(*vae, model_dataset(opened, Split::Test));
    } catch (const Error& e) {
      info["active_units"] = std::string("unavailable: ") + e.what();
    }
  }
  if (json) {
    std::cout << info.dump(2) << "\n";
  } else {
    print_summary(info);
  }
}

struct ExportArgs {
  std::string source, out;
  ExportOptions options;
};

void run_export(const ExportArgs& a) {
  const auto from = ModelSource::resolve(a.source).file;
  const auto out = a.out.empty() ? RunLayout(from.parent_path()).exported() : std::filesystem::path(a.out);
  check_output(out, {from}, {RunLayout(from.parent_path()).exported()});
  const auto count = export_safetensors(a.source, out, a.options);
  std::cout << "wrote " << count << " tensors to " << out.string() << "\n";
}

}  // namespace

void add_model_commands(CLI::App& app) {
  auto s = std::make_shared<SampleArgs>();
  auto* sample = app.add_subcommand("sample", "Write a grid of samples from a trained model");
  sample->add_option("checkpoint", s->source, kSourceHelp);
  auto* n = sample->add_option("--n", s->n, "Number of samples")->check(integer_in(1, kMaxSampleCount));
  auto* nrow = sample->add_option("--nrow", s->nrow, "Images per row")->check(integer_in(1, kMaxSampleCount));
  auto* seed = sample->add_option("--seed", s->seed, "Seed of the latent draw")->check(non_negative_integer());
  auto* truncation = sample->add_option("--truncation", s->truncation,
                                        "Draw the latent from N(0,1) truncated to [-T,T] (0: none; at most 5)");
  sample->add_option("--like", s->like,
                     "Draw a grid genzoo wrote again, bit for bit: its n, nrow, seed, truncation and weights (the "
                     "model given, which must match, or the pretrained weights it names)")
      ->excludes(n)
      ->excludes(nrow)
      ->excludes(seed)
      ->excludes(truncation);
  sample->add_option("--out", s->out, "File to write");
  sample->add_option("--format", s->format,
                     "png: a grid; idx: uint8 IDX images [n,H,W] as in MNIST ([n,C,H,W] for colour)")
      ->check(CLI::IsMember({"png", "idx"}));
  sample->callback([s] { run_sample(*s); });

  auto info_source = std::make_shared<std::string>();
  auto info_json = std::make_shared<bool>(false);
  auto* info = app.add_subcommand("info", "Describe a model: options, parameters, data, steps, metrics");
  info->add_option("checkpoint", *info_source, std::string(kSourceHelp) + "; or a grid.png: where it came from")
      ->required();
  info->add_flag("--json", *info_json, "Print one JSON object");
  info->callback([info_source, info_json] { run_info(*info_source, *info_json); });

  auto e = std::make_shared<ExportArgs>();
  auto* exporter = app.add_subcommand("export", "Write a model's inference weights as .safetensors");
  exporter->add_option("checkpoint", e->source, "Run dir or checkpoint (or any model source)")->required();
  exporter->add_option("--out", e->out, "File to write (default <run>/model.safetensors)");
  exporter->add_flag("--with-critic", e->options.with_critic,
                     "GANs: keep the critic (left out by default: sampling needs only G)");
  exporter->add_flag("--no-average", e->options.without_average,
                     "GANs: leave out the generator's moving average, so the file samples from the trained generator");
  exporter->add_flag("--average-only", e->options.average_only,
                     "GANs: write the moving average as the generator and leave the trained one out: samples the "
                     "same, half the size");
  exporter->callback([e] { run_export(*e); });
}

}  // namespace genzoo::cli
