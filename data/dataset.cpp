#include "data/dataset.h"

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "data/idx.h"
#include "data/image_folder.h"

#include <torch/torch.h>

#include <cstdlib>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

fs::path find_file(const fs::path& dir, const std::string& stem) {
  for (const auto& candidate : {dir / (stem + ".gz"), dir / stem}) {
    if (fs::exists(candidate)) return candidate;
  }
  throw Error(dir.string() + ": missing " + stem + "(.gz)");
}

bool has_split(const fs::path& dir, Split split) {
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  for (const auto& name : {prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte"}) {
    if (fs::exists(dir / name)) return true;
  }
  return false;
}

std::string fetch_hint(const std::string& name) {
  if (name == "mnist") return "genzoo fetch mnist";
  if (name == "fashion-mnist") return "apt-get install dataset-fashion-mnist";
  if (name == "emoji") return "genzoo fetch emoji";
  return "put the IDX files or a folder of images there";
}

}  // namespace

std::string Dataset::sha256() const {
  std::string bytes;
  for (const auto& t : {images.contiguous(), labels.contiguous()}) {
    bytes.append(static_cast<const char*>(t.data_ptr()), static_cast<size_t>(t.nbytes()));
  }
  return sha256_hex(bytes);
}

Dataset Dataset::head(int64_t n) const {
  if (n <= 0 || n >= size()) return *this;
  Dataset first = *this;
  first.images = images.slice(0, 0, n);
  first.labels = labels.slice(0, 0, n);
  return first;
}

void Dataset::check_image_shape(int64_t c, int64_t h, int64_t w, const std::string& needed_by) const {
  if (image_shape() != ImageShape{c, h, w}) {
    throw Error(images_file.string() + ": images are " + shape_text(image_shape()) + " (channels x height x width); " +
                needed_by + " needs " + shape_text({c, h, w}));
  }
}

std::string shape_text(const ImageShape& shape) {
  return std::to_string(shape[0]) + "x" + std::to_string(shape[1]) + "x" + std::to_string(shape[2]);
}

fs::path default_data_dir(const std::string& name) {
  if (const char* env = std::getenv("GENZOO_DATA"); env && *env) return fs::path(env) / name;
  return fs::path("data") / name;
}

void Dataset::check_labels(int64_t classes) const {
  const auto outside = labels.lt(0).logical_or(labels.ge(classes)).nonzero();
  if (outside.size(0) > 0) {
    const int64_t i = outside[0][0].item<int64_t>();
    throw Error(labels_file.string() + ": label " + std::to_string(labels[i].item<int64_t>()) + " at index " +
                std::to_string(i) + ": expected a class in [0," + std::to_string(classes) + ")");
  }
}

std::vector<fs::path> dataset_search_path(const std::string& name, const fs::path& data_dir) {
  if (!data_dir.empty()) return {data_dir};
  std::vector<fs::path> dirs = {default_data_dir(name)};
  if (const auto local = fs::path("data") / name; dirs[0] != local) dirs.push_back(local);
  if (name == "fashion-mnist") dirs.push_back("/usr/share/datasets/fashion-mnist");
  return dirs;
}

Dataset load_idx_dataset(const fs::path& dir, Split split, const std::string& name) {
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  Dataset data;
  data.name = name.empty() ? dir.filename().string() : name;
  data.images_file = find_file(dir, prefix + "-images-idx3-ubyte");
  data.labels_file = find_file(dir, prefix + "-labels-idx1-ubyte");
  data.images = read_idx_images(data.images_file);
  data.labels = read_idx_labels(data.labels_file);
  if (data.images.size(0) != data.labels.size(0)) {
    throw Error(data.labels_file.string() + ": label count " + std::to_string(data.labels.size(0)) +
                " differs from image count " + std::to_string(data.images.size(0)) + " in " +
                data.images_file.string());
  }
  return data;
}

bool has_dataset_split(const std::string& name, Split split, const fs::path& data_dir) {
  return !dataset_files(name, split, data_dir).empty();
}

std::vector<fs::path> dataset_files(const std::string& name, Split split, const fs::path& data_dir) {
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  for (const auto& dir : dataset_search_path(name, data_dir)) {
    if (has_split(dir, split)) {
      return {find_file(dir, prefix + "-images-idx3-ubyte"), find_file(dir, prefix + "-labels-idx1-ubyte")};
    }
    if (is_image_folder(dir)) {
      return image_folder_has_split(dir, split) ? std::vector<fs::path>{dir} : std::vector<fs::path>{};
    }
  }
  return {};
}

Dataset load_dataset(const std::string& name, Split split, const fs::path& data_dir) {
  return load_dataset(name, split, data_dir, ImageFolderOptions());
}

Dataset load_dataset(const std::string& name, Split split, const fs::path& data_dir,
                     const ImageFolderOptions& folder) {
  const auto dirs = dataset_search_path(name, data_dir);
  for (const auto& dir : dirs) {
    if (has_split(dir, split)) return load_idx_dataset(dir, split, name);
    if (is_image_folder(dir)) {
      auto data = load_image_folder(dir, split, folder);
      data.name = name;
      return data;
    }
  }
  const std::string looked = join(dirs, [](const auto& dir) { return dir.string(); });
  throw Error("dataset '" + name + "' (" + (split == Split::Train ? "train" : "test") +
              " split) not found; looked in: " + looked + "; get it with: " + fetch_hint(name));
}

torch::Tensor to_float(const torch::Tensor& images, PixelRange range) {
  auto x = images.to(torch::kFloat32);  // [B,C,H,W]
  return range == PixelRange::ZeroOne ? x.div_(255.0f) : x.div_(127.5f).sub_(1.0f);
}

torch::Tensor to_uint8(const torch::Tensor& images) {
  return images.clamp(0, 1).mul(255).round().to(torch::kUInt8);
}

BatchSampler::BatchSampler(int64_t size, int64_t batch_size, uint64_t seed)
    : size_(size), batch_size_(std::min(batch_size, size)), seed_(seed) {
  if (size <= 0) throw Error("dataset is empty");
  if (batch_size <= 0) throw Error("batch_size: expected a positive integer, found " +
                                   std::to_string(batch_size));
  steps_per_epoch_ = std::max<int64_t>(1, size_ / batch_size_);
}

torch::Tensor BatchSampler::indices(int64_t epoch, int64_t i) {
  if (epoch != cached_epoch_) {
    auto generator = at::detail::createCPUGenerator(seed_ + static_cast<uint64_t>(epoch));
    permutation_ = torch::randperm(size_, generator, torch::TensorOptions().dtype(torch::kInt64));
    cached_epoch_ = epoch;
  }
  return permutation_.slice(0, i * batch_size_, (i + 1) * batch_size_);
}

}  // namespace genzoo
