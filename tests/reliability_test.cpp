// Nothing lost, nothing crashes: locks, outputs over inputs, checked resumes, checksums, bounded inputs, full disks.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(const fs::path& path) { return read_file(path); }

void put_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string big_endian(std::initializer_list<uint32_t> values) {
  std::string out;
  for (uint32_t v : values) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(uint8_t(v >> shift)));
  }
  return out;
}

std::string gzip_bytes(const std::string& raw) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, raw.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A tiny VAE run in dir/run on dir/tiny (16 images a batch, 4 steps an epoch).
void tiny_run(const fs::path& dir, int64_t steps) {
  test::write_tiny_dataset(dir / "tiny", 64, 16);
  auto r = test::run_cli("train vae --steps " + std::to_string(steps) +
                             " --batch-size 16 --threads 1 --data-dir tiny --out run",
                         dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("A run directory is locked: a second train or resume there fails at once naming the holder", "[reliability]") {
  test::TempDir dir;
  tiny_run(dir.path, 4);
  {
    DirectoryLock held(dir.path / "run");
    auto r = test::run_cli("train --resume run --steps 8", dir.path);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Contains("run: in use by process " + std::to_string(getpid())));
    DirectoryLock fresh(dir.path / "run2");  // a train that has not written its first checkpoint yet
    r = test::run_cli("train vae --steps 4 --batch-size 16 --data-dir tiny --out run2", dir.path);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Contains("run2: in use by process"));
    CHECK_THROWS_WITH(DirectoryLock(dir.path / "run"), Contains("in use"));
  }
  auto r = test::run_cli("train --resume run --steps 8", dir.path);  // released with its holder
  CHECK(r.exit_code == 0);
}

TEST_CASE("No command writes over a file it reads or over a run's checkpoint", "[reliability]") {
  test::TempDir dir;
  tiny_run(dir.path, 4);
  const auto checkpoint = bytes_of(dir.path / "run" / "checkpoint.pt");
  REQUIRE(test::run_cli("export run --out model.safetensors", dir.path).exit_code == 0);
  const auto exported = bytes_of(dir.path / "model.safetensors");
  fs::create_directories(dir.path / "alias");
  fs::create_hard_link(dir.path / "run" / "checkpoint.pt", dir.path / "alias" / "same.pt");
  for (const std::string command :
       {"sample run --out run/checkpoint.pt", "sample run --format idx --out alias/same.pt",
        "export run --out run/checkpoint.pt", "export model.safetensors --out model.safetensors",
        "reconstruct run --out tiny/t10k-images-idx3-ubyte.gz", "interpolate run --out run/checkpoint.pt",
        "train-classifier --data-dir tiny --epochs 1 --out tiny/train-labels-idx1-ubyte.gz"}) {
    CAPTURE(command);
    auto r = test::run_cli(command, dir.path);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Contains("choose another output"));
  }
  CHECK(bytes_of(dir.path / "run" / "checkpoint.pt") == checkpoint);
  CHECK(bytes_of(dir.path / "model.safetensors") == exported);
  CHECK(load_dataset("mnist", Split::Test, dir.path / "tiny").size() == 16);
}

TEST_CASE("Resume checks everything before it changes the run", "[reliability]") {
  test::TempDir dir;
  tiny_run(dir.path, 8);
  const auto config = bytes_of(dir.path / "run" / "config.json");
  auto r = test::run_cli("train --resume run --steps 4", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("at step 8") && Contains("budget is 4"));
  r = test::run_cli("train --resume run --steps 12 --out elsewhere", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("out_dir") && Contains("its own directory"));
  CHECK_FALSE(fs::exists(dir.path / "elsewhere"));
  r = test::run_cli("train --resume run --steps 12 --data-dir nowhere", dir.path);
  CHECK(r.exit_code != 0);
  CHECK(bytes_of(dir.path / "run" / "config.json") == config);
  r = test::run_cli("train --resume run --steps 8", dir.path);  // a finished budget trains nothing
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("already at step 8"));
  CHECK(bytes_of(dir.path / "run" / "config.json") == config);
}

TEST_CASE("Flipped bits in a checkpoint are an error on load, not garbage samples", "[reliability]") {
  test::TempDir dir;
  tiny_run(dir.path, 4);
  auto bytes = bytes_of(dir.path / "run" / "checkpoint.pt");
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x10);
  put_bytes(dir.path / "bad.pt", bytes);
  CHECK_THROWS_WITH(load(dir.path / "bad.pt"), Contains("bad.pt") && Contains("corrupt") && Contains("SHA-256"));
  auto r = test::run_cli("sample bad.pt", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("corrupt"));
}

TEST_CASE("A safetensors file that names a tensor twice is refused", "[reliability]") {
  test::TempDir dir;
  const std::string header =
      R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  std::string bytes(8, '\0');
  const uint64_t n = header.size();
  std::memcpy(bytes.data(), &n, 8);
  put_bytes(dir.path / "dup.safetensors", bytes + header + std::string(4, '\0'));
  CHECK_THROWS_WITH(read_safetensors(dir.path / "dup.safetensors"), Contains("'w' appears twice"));
}

TEST_CASE("IDX input is bounded: the header is checked before the data, only regular files are read", "[reliability]") {
  test::TempDir dir;
  // A gzip "bomb": 2 MB of zeros behind a header that declares 60000 x 28 x 28 would be fine, but one declaring
  // 2^32-1 images is refused before anything is decompressed.
  put_bytes(dir.path / "bomb.gz", gzip_bytes(big_endian({0x803, 0xFFFFFFFF, 28, 28}) + std::string(1 << 21, '\0')));
  CHECK_THROWS_WITH(read_idx_images(dir.path / "bomb.gz"),
                    Contains("bomb.gz") && Contains("above the limit") && Contains("GENZOO_IDX_MAX_BYTES"));
  put_bytes(dir.path / "wrap", big_endian({0x803, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}));
  CHECK_THROWS_WITH(read_idx_images(dir.path / "wrap"), Contains("wrap") && Contains("overflows"));
  fs::create_symlink("/dev/zero", dir.path / "zero");
  CHECK_THROWS_WITH(read_idx_images(dir.path / "zero"), Contains("zero") && Contains("not a regular file"));
  const auto images = big_endian({0x803, 1, 2, 2}) + std::string(4, '\x7f');
  put_bytes(dir.path / "tail.gz", gzip_bytes(images) + "junk");
  CHECK_THROWS_WITH(read_idx_images(dir.path / "tail.gz"), Contains("tail.gz") && Contains("trailing data"));
  put_bytes(dir.path / "ok.gz", gzip_bytes(images));
  CHECK(read_idx_images(dir.path / "ok.gz").sizes() == torch::IntArrayRef({1, 1, 2, 2}));
  CHECK_THROWS_WITH(read_idx_images(dir.path / "ok.gz", 3), Contains("above the limit of 3"));
  // Found by fuzz_idx: zero images of 4e9 x 2e9 pixels declare 0 bytes, yet their strides overflow.
  put_bytes(dir.path / "huge-empty", big_endian({0x803, 0, 0xF9001C00, 0x8900001C}));
  CHECK_THROWS_WITH(read_idx_images(dir.path / "huge-empty"), Contains("huge-empty") && Contains("above the limit"));
}

TEST_CASE("A broken test split is an error, and labels outside 0-9 are refused where they are used", "[reliability]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  const auto test_images = dir.path / "tiny" / "t10k-images-idx3-ubyte.gz";
  const auto saved = bytes_of(test_images);
  put_bytes(test_images, saved.substr(0, saved.size() / 2));
  auto r = test::run_cli("train vae --steps 2 --batch-size 16 --data-dir tiny --out run", dir.path);
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.output, Contains("t10k-images"));
  CHECK_FALSE(fs::exists(dir.path / "run" / "checkpoint.pt"));
  put_bytes(test_images, saved);

  write_idx_labels(dir.path / "tiny" / "t10k-labels-idx1-ubyte.gz", torch::full({16}, 12, torch::kInt64));
  LeNet classifier;
  CHECK_THROWS_WITH(classifier_accuracy(*classifier, load_dataset("mnist", Split::Test, dir.path / "tiny")),
                    Contains("t10k-labels") && Contains("label 12") && Contains("[0,10)"));
}

TEST_CASE("A save that hits a file-size limit fails with a message and keeps the previous checkpoint", "[reliability]") {
  test::TempDir dir;
  tiny_run(dir.path, 4);
  const auto checkpoint = bytes_of(dir.path / "run" / "checkpoint.pt");
  // ulimit -f counts 1024-byte blocks: 1 MB is below the VAE checkpoint's 2.6 MB.
  auto r = test::run_command("bash -c 'ulimit -f 1024; exec \"" GENZOO_CLI "\" train --resume run --steps 8'", dir.path);
  CHECK(r.exit_code != 0);
  CHECK(r.exit_code != 153);  // not killed by SIGXFSZ (128 + 25)
  CHECK_THAT(r.output, Contains("checkpoint.pt") && Contains("File too large"));
  CHECK(bytes_of(dir.path / "run" / "checkpoint.pt") == checkpoint);
  for (const auto& entry : fs::directory_iterator(dir.path / "run")) {
    CHECK(entry.path().filename().string().find("tmp") == std::string::npos);  // no temporary file left
  }
  r = test::run_cli("train --resume run --steps 8", dir.path);
  CHECK(r.exit_code == 0);
}

TEST_CASE("CLI: numbers are parsed losslessly and range-checked, with the flag's name", "[reliability][cli]") {
  for (const auto& [args, flag] : std::vector<std::pair<std::string, std::string>>{
           {"train vae --lr nan", "--lr"},
           {"train vae --lr 1e999", "--lr"},
           {"train vae --seed 99999999999999999999", "--seed"},
           {"train vae --seed -1", "--seed"},
           {"train vae --steps 1.5", "--steps"},
           {"bench vae --batch-size -5", "--batch-size"},
           {"sample gan --n 0", "--n"}}) {
    CAPTURE(args);
    auto r = test::run_cli(args);
    CHECK(r.exit_code != 0);
    CHECK_THAT(r.output, Contains(flag) && Contains("expected"));
  }
}
