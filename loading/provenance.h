#pragma once
/// Where a sample grid came from, written into the PNG as text chunks (data/png_text.h) by `genzoo sample`, so that
/// `genzoo info grid.png` tells it and `genzoo sample --like grid.png` draws the same grid again, bit for bit.
///
///   auto record = genzoo::sample_record(opened, "gan.mnist", 64, 8, /*seed=*/0, /*truncation=*/0);
///   genzoo::save_grid(images, "grid.png", genzoo::GridOptions().nrow(8).text(record.to_png_text()));
///   auto again = genzoo::SampleRecord::from_png_text(genzoo::read_png_text("grid.png"), "grid.png");
///   auto weights = genzoo::weights_for(again, "", "grid.png");   // the pretrained file with that SHA-256
#include "data/png_text.h"
#include "loading/source.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace genzoo {

/// The most samples one grid or file holds: what `genzoo sample --n` and a grid's `genzoo.n` may ask for.
inline constexpr int64_t kMaxSampleCount = 1'000'000;

struct SampleRecord {
  std::string version;         // genzoo's, that drew it
  std::string model;           // registry name
  std::string weights;         // what was asked for: a pretrained name, else the weights file's name
  std::string weights_sha256;  // of the file the weights were read from
  int64_t step = 0;            // training steps behind the weights
  int64_t n = 0, nrow = 0;
  uint64_t seed = 0;
  double truncation = 0;       // 0: none

  PngText to_png_text() const;
  /// Every field from its chunk ("genzoo.model", ...); a missing chunk or a value of the wrong type or range (n and
  /// nrow from 1 to kMaxSampleCount) is an error naming `source` and the keyword.
  static SampleRecord from_png_text(const PngText& text, const std::string& source);
};

/// The record of a grid of `n` samples of an opened model; `asked_for` is what the user named (a pretrained name is
/// kept, a path becomes its file name).
SampleRecord sample_record(const OpenedModel& opened, const std::string& asked_for, int64_t n, int64_t nrow,
                           uint64_t seed, double truncation);

/// What a view of a model (`genzoo traverse`, `interpolate`, `reconstruct`) writes into its grid: version, model,
/// weights and their SHA-256, step, the view's name and its note (how the grid was made). Not a SampleRecord:
/// `sample --like` refuses it, naming the view.
PngText view_png_text(const OpenedModel& opened, const std::string& asked_for, const std::string& view,
                      const std::string& note);

/// The weights to draw `record` again: `source` when given, which must have the record's SHA-256 (else an error
/// naming both hashes); without it, the pretrained file of that hash, or an error saying which weights are needed.
/// `png` names the grid in errors.
std::filesystem::path weights_for(const SampleRecord& record, const std::string& source, const std::string& png);

}  // namespace genzoo
