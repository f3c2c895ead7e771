#pragma once
/// An image dataset held in memory as one uint8 tensor, and a seeded shuffled batch sampler over it.
///
///   auto train = genzoo::load_dataset("fashion-mnist", genzoo::Split::Train);
///   genzoo::BatchSampler sampler(train.size(), /*batch_size=*/128, /*seed=*/0);
///   auto x = genzoo::to_float(train.images.index_select(0, sampler.indices(0, 0)),
///                             genzoo::PixelRange::ZeroOne);  // [128,1,28,28]
#include <torch/types.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

enum class Split { Train, Test };
/// An image shape {C,H,W}.
using ImageShape = std::array<int64_t, 3>;
/// "CxHxW", as messages name a shape: shape_text({3, 64, 64}) == "3x64x64".
std::string shape_text(const ImageShape& shape);
/// The float range a model trains on: [0,1] for Bernoulli VAEs, [-1,1] for tanh generators.
enum class PixelRange { ZeroOne, MinusOneOne };

struct Dataset {
  std::string name;
  std::filesystem::path images_file;  // for error messages
  std::filesystem::path labels_file;
  torch::Tensor images;               // uint8 [N,C,H,W]
  torch::Tensor labels;               // int64 [N]
  /// Class names by label when the data names them (an image folder's subfolders); empty for IDX files.
  std::vector<std::string> classes;
  /// Whether the labels mean anything: false for an image folder without class folders (all labels 0).
  bool labelled = true;
  /// Image files an image folder left out as bad (ImageFolderOptions::skip_bad).
  std::vector<std::string> skipped;

  int64_t size() const { return images.size(0); }
  /// The first n examples (all when n <= 0 or n >= size()).
  Dataset head(int64_t n) const;
  /// The SHA-256 (hex) of the images' and labels' bytes: what data-parallel ranks compare before training.
  std::string sha256() const;
  /// {C,H,W} of the images.
  ImageShape image_shape() const { return {images.size(1), images.size(2), images.size(3)}; }
  /// Throws unless the images are [N,c,h,w], naming the file, both shapes and who needs them.
  void check_image_shape(int64_t c, int64_t h, int64_t w, const std::string& needed_by = "the model") const;
  /// Throws unless every label is in [0, classes), naming the labels file and the first label outside.
  void check_labels(int64_t classes) const;
};

/// Where `genzoo fetch` puts a named dataset and where the search looks first after data_dir:
/// $GENZOO_DATA/<name>, or ./data/<name> without it.
std::filesystem::path default_data_dir(const std::string& name);

/// Where a named dataset is looked for, in order: data_dir, $GENZOO_DATA/<name>, ./data/<name>, and for
/// fashion-mnist /usr/share/datasets/fashion-mnist.
std::vector<std::filesystem::path> dataset_search_path(const std::string& name,
                                                       const std::filesystem::path& data_dir = {});

/// Loads the IDX files of one split from a directory (names as distributed, .gz or raw).
Dataset load_idx_dataset(const std::filesystem::path& dir, Split split, const std::string& name = "");

/// Whether the search path holds files of that split (loading them may still fail: then they are broken).
bool has_dataset_split(const std::string& name, Split split, const std::filesystem::path& data_dir = {});
/// The images and labels files load_dataset would read, without reading them; empty when the split is missing.
std::vector<std::filesystem::path> dataset_files(const std::string& name, Split split,
                                                 const std::filesystem::path& data_dir = {});

/// Finds and loads a named dataset: IDX files, or an image folder (data/image_folder.h, decoded with its default
/// options; load_dataset there takes others). A missing dataset is an error listing where it looked and how to get it.
Dataset load_dataset(const std::string& name, Split split, const std::filesystem::path& data_dir = {});

/// uint8 images -> float in the given range, on the images' device.
torch::Tensor to_float(const torch::Tensor& images, PixelRange range);
/// Float images in [0,1] -> uint8 round(v*255), clamped: what a PNG or IDX file of them holds.
torch::Tensor to_uint8(const torch::Tensor& images);

/// Seeded shuffled index over N examples: epoch e uses permutation seed+e, so any step can be replayed.
class BatchSampler {
 public:
  BatchSampler(int64_t size, int64_t batch_size, uint64_t seed);
  /// Full batches per epoch (at least 1; a dataset smaller than the batch gives one short batch).
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  int64_t batch_size() const { return batch_size_; }
  /// Indices (int64, CPU) of batch i of epoch e.
  torch::Tensor indices(int64_t epoch, int64_t i);

 private:
  int64_t size_, batch_size_, steps_per_epoch_;
  uint64_t seed_;
  int64_t cached_epoch_ = -1;
  torch::Tensor permutation_;
};

}  // namespace genzoo
