// genzoo convert DATA --out DIR: a dataset (an image folder, decoded as train decodes it) as MNIST-format IDX files,
// for programs that read IDX only (the PyTorch twin, other tools).
#include "core/error.h"
#include "core/text.h"
#include "data/idx.h"
#include "data/image_folder.h"
#include "models/image_shape.h"
#include "tools/cli/commands.h"

#include <iostream>
#include <memory>

namespace genzoo::cli {
namespace fs = std::filesystem;
namespace {

struct ConvertArgs {
  std::string data, data_dir, out;
  ImageFolderOptions folder;
};

// Whether `path` is `dir` or lies inside it (both made absolute and normal, links not followed).
bool inside(const fs::path& path, const fs::path& dir) {
  const auto p = fs::absolute(path).lexically_normal(), d = fs::absolute(dir).lexically_normal();
  const auto rel = p.lexically_relative(d);
  return !rel.empty() && *rel.begin() != "..";
}

void run_convert(const ConvertArgs& a) {
  std::vector<fs::path> inputs;
  for (const auto split : {Split::Train, Split::Test}) {
    for (const auto& file : dataset_files(a.data, split, a.data_dir)) {
      const auto folder = fs::is_directory(file) ? file : file.parent_path();  // an image folder, or IDX files' own
      if (inside(a.out, folder)) {
        throw Error("convert: --out: expected a folder outside the data (nothing in it is written), found " +
                    printable(a.out) + " inside " + printable(folder.string()));
      }
      inputs.push_back(file);
    }
  }
  if (inputs.empty()) (void)load_dataset(a.data, Split::Train, a.data_dir, a.folder);  // names where it looked
  for (const auto split : {Split::Train, Split::Test}) {
    if (!has_dataset_split(a.data, split, a.data_dir)) continue;
    const auto data = load_dataset(a.data, split, a.data_dir, a.folder);
    const std::string prefix = split == Split::Train ? "train" : "t10k";
    const auto images = fs::path(a.out) / (prefix + "-images-idx3-ubyte");
    const auto labels = fs::path(a.out) / (prefix + "-labels-idx1-ubyte");
    check_output(images, inputs);
    check_output(labels, inputs);
    fs::create_directories(a.out);
    write_idx_images(images, data.images);
    write_idx_labels(labels, data.labels);
    std::cout << "wrote " << data.size() << " " << shape_text(data.image_shape()) << " images and labels of "
              << (split == Split::Train ? "the train" : "the test") << " split to " << images.string() << ", "
              << labels.filename().string() << "\n";
  }
}

}  // namespace

void add_convert(CLI::App& app) {
  auto a = std::make_shared<ConvertArgs>();
  auto* cmd = app.add_subcommand("convert", "Write a dataset (an image folder, decoded as train decodes it) as IDX "
                                            "files: train- and t10k-images-idx3-ubyte (4 dimensions for colour)");
  cmd->add_option("data", a->data, "Dataset name: mnist, fashion-mnist, emoji, or a name for --data-dir's images")
      ->required();
  cmd->add_option("--data-dir", a->data_dir, "Directory holding the IDX files or a folder of images");
  cmd->add_option("--out", a->out, "Directory to write the IDX files to (outside the data)")->required();
  cmd->add_option_function<int64_t>("--image-size", [a](int64_t v) { a->folder.image_size(v); },
                                    "Side an image folder's images are resized to (default 32)")
      ->check(CLI::IsMember(std::vector<int64_t>(kImageSizes.begin(), kImageSizes.end())));
  cmd->add_option_function<int64_t>("--channels", [a](int64_t v) { a->folder.channels(v); },
                                    "Channels of an image folder: 1 or 3 (default: 3 when any image has colour)")
      ->check(CLI::IsMember({1, 3}));
  cmd->add_option_function<std::string>("--background", [a](const std::string& v) { a->folder.background(v); },
                                        "Colour under an image folder's transparent pixels (default #ffffff)");
  cmd->add_flag_function("--skip-bad-images", [a](int64_t) { a->folder.skip_bad(true); },
                         "Leave out images that cannot be decoded (counted) instead of refusing the folder");
  cmd->callback([a] { run_convert(*a); });
}

}  // namespace genzoo::cli
