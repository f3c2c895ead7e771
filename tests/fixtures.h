#pragma once
// Test helpers: temporary directories, tiny IDX datasets written by the test, running the CLI.
#include <torch/types.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace genzoo::test {

/// A fresh directory, removed with everything in it at scope exit.
struct TempDir {
  TempDir();
  ~TempDir();
  std::filesystem::path path;
};

/// Sets an environment variable for a scope (nullptr: unsets it) and restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedEnv() { old_ ? setenv(name_, old_->c_str(), 1) : unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

/// Writes {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz with simple 28x28 shapes (a bar per class).
void write_tiny_dataset(const std::filesystem::path& dir, int64_t n_train = 96, int64_t n_test = 32);

/// Images [n,1,28,28] uint8: class c draws a bright bar at a class-dependent place.
torch::Tensor tiny_images(int64_t n, torch::Tensor* labels = nullptr);

struct CliResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};
/// Runs the genzoo executable with `args` (a shell-quoted string) from `cwd`.
CliResult run_cli(const std::string& args, const std::filesystem::path& cwd = std::filesystem::current_path());
/// Runs a shell command line from `cwd`.
CliResult run_command(const std::string& command_line,
                      const std::filesystem::path& cwd = std::filesystem::current_path());

/// Width, height and channels of a PNG, read back with stb_image.
struct PngSize {
  int width = 0, height = 0, channels = 0;
};
PngSize png_size(const std::filesystem::path& path);

/// The real Fashion-MNIST of Debian's dataset-fashion-mnist, which the test setup installs.
std::filesystem::path fashion_mnist_dir();

}  // namespace genzoo::test
