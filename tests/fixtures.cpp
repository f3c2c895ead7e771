#include "fixtures.h"

#include <genzoo/all.h>
#include <stb_image.h>

#include <array>
#include <cstdio>
#include <random>

namespace genzoo::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path = fs::temp_directory_path() / ("genzoo-test-" + std::to_string(rd()) + std::to_string(rd()));
  fs::create_directories(path);
}

TempDir::~TempDir() {
  remove_tree(path);
}

torch::Tensor tiny_images(int64_t n, torch::Tensor* labels) {
  auto images = torch::zeros({n, 1, 28, 28}, torch::kUInt8);
  auto y = torch::arange(n, torch::kInt64).remainder(10);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = y[i].item<int64_t>();
    images[i][0].slice(0, 2 + 2 * c, 6 + 2 * c).slice(1, 4, 24).fill_(200 + c * 5);
  }
  if (labels) *labels = y;
  return images;
}

void write_tiny_dataset(const fs::path& dir, int64_t n_train, int64_t n_test) {
  fs::create_directories(dir);
  torch::Tensor labels;
  write_idx_images(dir / "train-images-idx3-ubyte.gz", tiny_images(n_train, &labels));
  write_idx_labels(dir / "train-labels-idx1-ubyte.gz", labels);
  write_idx_images(dir / "t10k-images-idx3-ubyte.gz", tiny_images(n_test, &labels));
  write_idx_labels(dir / "t10k-labels-idx1-ubyte.gz", labels);
}

CliResult run_cli(const std::string& args, const fs::path& cwd) {
  return run_command("'" + std::string(GENZOO_CLI) + "' " + args, cwd);
}

CliResult run_command(const std::string& command_line, const fs::path& cwd) {
  // Grouped, so that a command line with a job in the background (`cmd & pid=$!; ...`) runs all of it in `cwd`.
  const std::string command = "cd '" + cwd.string() + "' && {\n" + command_line + "\n} 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  CliResult result{-1, ""};
  if (!pipe) return result;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe)) result.output.append(buf.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

PngSize png_size(const fs::path& path) {
  PngSize size;
  if (!stbi_info(path.c_str(), &size.width, &size.height, &size.channels)) return {};
  return size;
}

fs::path fashion_mnist_dir() { return "/usr/share/datasets/fashion-mnist"; }

}  // namespace genzoo::test
