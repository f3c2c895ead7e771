#pragma once
/// A folder of images as a dataset, decoded once and cached.
///
///   auto train = genzoo::load_image_folder("photos", genzoo::Split::Train,
///                                          genzoo::ImageFolderOptions().image_size(64));  // uint8 [N,3,64,64]
///
/// Which files: every regular file whose name ends in an image extension (kImageExtensions, any case), in sorted
/// order; names starting with "." and other files (a LICENSE, a README) are passed over, directory symlinks are
/// not followed. Labels: the first-level subfolders, sorted by name, are the classes (torchvision's ImageFolder);
/// a folder with images only at its top has no labels. Splits: `train/` and `test/` subfolders when both exist,
/// else within each class every 10th image in sorted order (the 10th, 20th, ...) is held out for the test split.
/// Each image becomes a square as decode_image() says (data/image_decode.h). Channels: 3, or 1 (BT.601 luma) when
/// asked for or when channels is 0 and no pixel of any image has colour.
/// A bad image (one stb cannot decode, an empty or unreadable file, a header above the pixel limit) is an error
/// naming it, or with skip_bad is left out and counted. Nothing in the folder is written: the decoded tensor is
/// cached in cache_dir, under a name made from what it was built from (each file's path, size and modification time,
/// the options), and a cache file that does not read back as expected is rebuilt.
#include "data/dataset.h"

#include <torch/arg.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

inline constexpr std::array<const char*, 11> kImageExtensions = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga",
                                                                  ".psd", ".hdr", ".pic", ".ppm", ".pgm"};
/// Bounds on a folder, checked while listing it, before anything is decoded.
inline constexpr int64_t kMaxFolderImages = 1'000'000;
inline constexpr int64_t kMaxFolderClasses = 256;  // labels are stored as bytes (IDX)
inline constexpr int kMaxFolderDepth = 16;
inline constexpr uintmax_t kMaxImageFileBytes = 64u << 20;
/// Without train/ and test/ subfolders, every kHeldOutEvery-th image of each class is held out for the test split.
inline constexpr int64_t kHeldOutEvery = 10;
/// The side an image folder's images are resized to unless asked for another.
inline constexpr int64_t kDefaultFolderImageSize = 32;

struct ImageFolderOptions {
  /// Side of the square images.
  TORCH_ARG(int64_t, image_size) = kDefaultFolderImageSize;
  /// 1 or 3; 0: 3 when any pixel has colour, else 1.
  TORCH_ARG(int64_t, channels) = 0;
  /// The colour transparent pixels are composited over, "#rrggbb".
  TORCH_ARG(std::string, background) = "#ffffff";
  /// Leave out bad images (counted, the first few named) instead of refusing the folder.
  TORCH_ARG(bool, skip_bad) = false;
  /// Where decoded folders are cached; empty: default_cache_dir().
  TORCH_ARG(std::filesystem::path, cache_dir) = {};
};

/// $GENZOO_CACHE, else $XDG_CACHE_HOME/genzoo, else ~/.cache/genzoo, else ./.genzoo-cache; image folders in
/// <it>/image-folders.
std::filesystem::path default_cache_dir();

/// Whether `dir` is a directory with an image file at most two levels down (DIR/x.png, DIR/class/x.png or
/// DIR/train/class/x.png): an image folder rather
/// than a directory of IDX files).
bool is_image_folder(const std::filesystem::path& dir);

/// Whether the folder has images for that split: the train split always; the test split with train/ and test/
/// subfolders, or when a class has at least 10 images (one of them held out).
bool image_folder_has_split(const std::filesystem::path& dir, Split split);

/// One split of an image folder.
Dataset load_image_folder(const std::filesystem::path& dir, Split split, const ImageFolderOptions& options = {});

/// load_dataset() (data/dataset.h) with the options an image folder on the search path is decoded with.
Dataset load_dataset(const std::string& name, Split split, const std::filesystem::path& data_dir,
                     const ImageFolderOptions& folder);

}  // namespace genzoo
