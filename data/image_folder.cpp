#include "data/image_folder.h"

#include "core/error.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/text.h"
#include "data/idx.h"
#include "data/image_decode.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <system_error>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr const char* kCacheFormat = "genzoo image folder cache 1";
constexpr size_t kNamedSkips = 5;

bool hidden(const fs::path& p) { return p.filename().string().rfind('.', 0) == 0; }

bool has_image_extension(const fs::path& p) {
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kImageExtensions.begin(), kImageExtensions.end(), ext) != kImageExtensions.end();
}

std::string shown(const fs::path& p) { return printable(p.string()); }

// Image files under `dir`, recursively, directory symlinks not followed, sorted.
std::vector<fs::path> image_files(const fs::path& dir, bool recursive) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  if (ec) throw Error(shown(dir) + ": cannot list the folder: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) throw Error(shown(dir) + ": cannot list the folder: " + ec.message());
    std::error_code kind;
    const bool is_dir = it->is_directory(kind) && !it->is_symlink(kind);
    if (is_dir && (!recursive || hidden(it->path()))) it.disable_recursion_pending();
    if (is_dir && it.depth() + 1 >= kMaxFolderDepth) {
      throw Error(shown(it->path()) + ": folders nested deeper than " + std::to_string(kMaxFolderDepth) + " levels");
    }
    if (is_dir || hidden(it->path()) || !has_image_extension(it->path())) continue;
    files.push_back(it->path());
    if (static_cast<int64_t>(files.size()) > kMaxFolderImages) {
      throw Error(shown(dir) + ": more than " + std::to_string(kMaxFolderImages) + " images");
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Listing {
  std::vector<fs::path> files;
  std::vector<int64_t> labels;
  std::vector<std::string> classes;  // empty: no labels
};

// The classes are the subfolders of `root`; images at its top beside them are refused.
Listing list_folder(const fs::path& root) {
  std::vector<fs::path> class_dirs;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code kind;
    if (it->is_directory(kind) && !it->is_symlink(kind) && !hidden(it->path())) class_dirs.push_back(it->path());
  }
  if (ec) throw Error(shown(root) + ": cannot list the folder: " + ec.message());
  std::sort(class_dirs.begin(), class_dirs.end());
  Listing listing;
  const auto top = image_files(root, /*recursive=*/false);
  if (class_dirs.empty()) {
    listing.files = top;
    listing.labels.assign(top.size(), 0);
  } else {
    if (!top.empty()) {
      throw Error(shown(top.front()) + ": an image beside class folders (" + shown(class_dirs.front().filename()) +
                  ", ...); put every image in a class folder, or none");
    }
    if (static_cast<int64_t>(class_dirs.size()) > kMaxFolderClasses) {
      throw Error(shown(root) + ": " + std::to_string(class_dirs.size()) + " class folders; at most " +
                  std::to_string(kMaxFolderClasses));
    }
    for (size_t c = 0; c < class_dirs.size(); ++c) {
      const auto files = image_files(class_dirs[c], /*recursive=*/true);
      if (files.empty()) throw Error(shown(class_dirs[c]) + ": a class folder without images");
      listing.files.insert(listing.files.end(), files.begin(), files.end());
      listing.labels.insert(listing.labels.end(), files.size(), static_cast<int64_t>(c));
      listing.classes.push_back(printable(class_dirs[c].filename().string()));
      if (static_cast<int64_t>(listing.files.size()) > kMaxFolderImages) {
        throw Error(shown(root) + ": more than " + std::to_string(kMaxFolderImages) + " images");
      }
    }
  }
  if (listing.files.empty()) {
    throw Error(shown(root) + ": no images (" + join(kImageExtensions, [](const char* e) { return std::string(e); }) +
                ") in the folder");
  }
  return listing;
}

// What the decoded folder depends on: every file's path, size and modification time, and the options.
std::string cache_key(const fs::path& root, const Listing& listing, const ImageFolderOptions& options) {
  std::string text = std::string(kCacheFormat) + "\n" + fs::absolute(root).lexically_normal().string() + "\n" +
                     std::to_string(options.image_size()) + " " + std::to_string(options.channels()) + " " +
                     options.background() + " " + std::to_string(options.skip_bad()) + "\n";
  for (const auto& file : listing.files) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    const auto time = fs::last_write_time(file, ec).time_since_epoch().count();
    text += file.lexically_relative(root).string() + "\t" + std::to_string(size) + "\t" + std::to_string(time) + "\n";
  }
  return sha256_hex(text);
}

struct Decoded {
  torch::Tensor images;  // uint8 [K,C,S,S]
  torch::Tensor labels;  // int64 [K]
  std::vector<std::string> skipped;
};

Decoded decode_folder(const Listing& listing, const ImageFolderOptions& options) {
  const auto n = static_cast<int64_t>(listing.files.size()), s = options.image_size();
  if (static_cast<uint64_t>(n) * 3 * s * s > idx_max_bytes()) {
    throw Error(shown(listing.files.front().parent_path()) + ": " + std::to_string(n) + " images of 3x" +
                std::to_string(s) + "x" + std::to_string(s) + " are above the limit of " +
                std::to_string(idx_max_bytes()) + " bytes (raise it with GENZOO_IDX_MAX_BYTES)");
  }
  const auto decode = ImageDecodeOptions().size(s).background(parse_hex_colour(options.background(), "background"));
  auto images = torch::empty({n, 3, s, s}, torch::kUInt8);
  std::vector<int64_t> labels;
  Decoded out;
  for (int64_t i = 0; i < n; ++i) {
    const auto& file = listing.files[i];
    try {
      const auto image = decode_image(read_file(file, kMaxImageFileBytes), file, decode);  // [3,S,S]
      images[static_cast<int64_t>(labels.size())].copy_(image);
      labels.push_back(listing.labels[i]);
    } catch (const Error& e) {
      if (!options.skip_bad()) throw Error(std::string(e.what()) + " (skip_bad_images leaves such files out)");
      out.skipped.push_back(printable(file.string()));
    }
  }
  if (labels.empty()) throw Error(shown(listing.files.front().parent_path()) + ": no image could be read");
  out.images = images.slice(0, 0, static_cast<int64_t>(labels.size()));
  const bool colour = options.channels() == 3 || (options.channels() == 0 && has_colour(out.images));
  out.images = colour ? out.images.clone() : rgb_to_gray(out.images);
  out.labels = torch::tensor(labels, torch::kInt64);
  return out;
}

struct CacheFiles {
  fs::path images, labels, info;
};

CacheFiles cache_files(const fs::path& cache_dir, const fs::path& root, const std::string& key) {
  const auto folder = sha256_hex(fs::absolute(root).lexically_normal().string()).substr(0, 16);
  const auto stem = cache_dir / "image-folders" / (folder + "-" + key.substr(0, 32));
  return {stem.string() + "-images.idx", stem.string() + "-labels.idx", stem.string() + ".json"};
}

// The cached folder, or nothing when a file is missing, unreadable or not what this listing decodes to.
std::optional<Decoded> read_cache(const CacheFiles& files, const std::string& key, int64_t listed,
                                  const ImageFolderOptions& options) {
  try {
    const auto info = read_json_file(files.info);
    if (info.at("format") != kCacheFormat || info.at("key") != key) return std::nullopt;
    Decoded d{read_idx_images(files.images), read_idx_labels(files.labels),
              info.at("skipped").get<std::vector<std::string>>()};
    const int64_t k = d.images.size(0), s = options.image_size();
    const bool channels_ok = options.channels() == 0 || d.images.size(1) == options.channels();
    if (!channels_ok || d.images.size(2) != s || d.images.size(3) != s || d.labels.size(0) != k ||
        k + static_cast<int64_t>(d.skipped.size()) != listed) {
      return std::nullopt;
    }
    return d;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void write_cache(const CacheFiles& files, const std::string& key, const Decoded& d) {
  try {
    fs::create_directories(files.info.parent_path());
    write_idx_images(files.images, d.images);
    write_idx_labels(files.labels, d.labels);
    const nlohmann::json info = {{"format", kCacheFormat}, {"key", key}, {"skipped", d.skipped}};
    write_file_atomic(files.info, info.dump());
  } catch (const std::exception&) {
    // A cache that cannot be written costs the next run a decode, nothing else.
  }
}

}  // namespace

fs::path default_cache_dir() {
  if (const char* env = std::getenv("GENZOO_CACHE"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "genzoo";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "genzoo";
  return ".genzoo-cache";
}

bool is_image_folder(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();  // images in DIR, DIR/class or DIR/train/class
    if (!hidden(it->path()) && has_image_extension(it->path())) return true;
  }
  return false;
}

bool image_folder_has_split(const fs::path& dir, Split split) {
  std::error_code ec;
  if (fs::is_directory(dir / "train", ec) && fs::is_directory(dir / "test", ec)) return true;
  if (split == Split::Train) return true;
  const auto listing = list_folder(dir);
  std::vector<int64_t> count(std::max<size_t>(listing.classes.size(), 1), 0);
  for (const int64_t label : listing.labels) {
    if (++count[label] >= kHeldOutEvery) return true;
  }
  return false;
}

Dataset load_image_folder(const fs::path& dir, Split split, const ImageFolderOptions& options) {
  require(options.image_size() >= 1 && options.image_size() <= 1024, "image folder", "image_size",
          "an integer from 1 to 1024", std::to_string(options.image_size()));
  require(options.channels() == 0 || options.channels() == 1 || options.channels() == 3, "image folder", "channels",
          "0 (3 when any image has colour), 1 or 3", std::to_string(options.channels()));
  (void)parse_hex_colour(options.background(), "background");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw Error(shown(dir) + ": not a folder of images");
  const bool split_folders = fs::is_directory(dir / "train", ec) && fs::is_directory(dir / "test", ec);
  const fs::path root = split_folders ? dir / (split == Split::Train ? "train" : "test") : dir;
  const auto listing = list_folder(root);
  const auto key = cache_key(root, listing, options);
  const auto files = cache_files(options.cache_dir().empty() ? default_cache_dir() : options.cache_dir(), root, key);
  auto decoded = read_cache(files, key, static_cast<int64_t>(listing.files.size()), options);
  if (!decoded) {
    decoded = decode_folder(listing, options);
    write_cache(files, key, *decoded);
  }
  Dataset data;
  data.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  data.images_file = data.labels_file = root;
  data.classes = listing.classes;
  data.labelled = !listing.classes.empty();
  data.skipped = decoded->skipped;
  data.images = decoded->images;
  data.labels = decoded->labels;
  if (!split_folders) {
    // Within each class, every kHeldOutEvery-th image in sorted order is held out.
    const auto labels = decoded->labels.accessor<int64_t, 1>();
    std::vector<int64_t> seen(std::max<size_t>(listing.classes.size(), 1), 0);
    std::vector<int64_t> chosen;
    for (int64_t i = 0; i < labels.size(0); ++i) {
      const bool test = ++seen[labels[i]] % kHeldOutEvery == 0;
      if (test == (split == Split::Test)) chosen.push_back(i);
    }
    if (chosen.empty()) {
      throw Error(shown(dir) + ": no images for the " + (split == Split::Train ? "train" : "test") +
                  " split (every " + std::to_string(kHeldOutEvery) + "th image of a class is held out for testing)");
    }
    const auto index = torch::tensor(chosen, torch::kInt64);
    data.images = data.images.index_select(0, index);
    data.labels = data.labels.index_select(0, index);
  }
  return data;
}

}  // namespace genzoo
