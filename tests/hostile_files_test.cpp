// Files from strangers (docs/reliability.md): crafted tensor records, deep or repeated JSON, FIFOs where files
// belong. Each ends in one line naming the file and a non-zero exit, and leaves what is on disk as it was.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

size_t lines_of(const std::string& text) {
  size_t n = 0;
  for (size_t at = 0; at < text.size();) {
    const auto end = std::min(text.find('\n', at), text.size());
    if (end > at) ++n;
    at = end + 1;
  }
  return n;
}

void tiny_vae_run(const fs::path& dir) {
  test::write_tiny_dataset(dir / "tiny", 64, 16);
  const auto r = test::run_cli("train vae --steps 4 --batch-size 16 --threads 1 --data-dir tiny --out run", dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

// A copy of `from` whose tensor records keep `keep` bytes, with a valid SHA-256 (tests/hostile/shrink_records.py).
void shrink(const fs::path& dir, const std::string& from, const std::string& to, int keep, const char* which) {
  const auto r = test::run_command("python3 '" GENZOO_SOURCE_DIR "/tests/hostile/shrink_records.py' '" + from +
                                       "' '" + to + "' " + std::to_string(keep) + " " + which,
                                   dir);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

std::string deep_array(int depth) { return std::string(static_cast<size_t>(depth), '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("A tensor record shorter than its pickle declares is refused before anything reads it", "[hostile]") {
  test::TempDir dir;
  tiny_vae_run(dir.path);
  shrink(dir.path, "run/checkpoint.pt", "short.pt", 4, "largest");
  CHECK_THROWS_WITH(load(dir.path / "short.pt"), Contains("short.pt") && Contains("its record holds 4 bytes"));
  for (const std::string command : {"sample short.pt --out s.png", "export short.pt --out s.safetensors"}) {
    CAPTURE(command);
    const auto r = test::run_cli(command, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(lines_of(r.output) == 1);
    CHECK_THAT(r.output, Contains("short.pt") && Contains("record holds 4 bytes"));
  }
  CHECK_FALSE(fs::exists(dir.path / "s.png"));
  CHECK_FALSE(fs::exists(dir.path / "s.safetensors"));

  shrink(dir.path, "run/checkpoint.pt", "empty.pt", 0, "all");  // once a segfault in sample
  const auto r = test::run_cli("sample empty.pt --out e.png", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("empty.pt") && Contains("record holds 0 bytes"));
}

TEST_CASE("Resume from a checkpoint with short records fails before it changes the run", "[hostile]") {
  test::TempDir dir;
  tiny_vae_run(dir.path);
  shrink(dir.path, "run/checkpoint.pt", "short.pt", 4, "all");  // rng_state and fixed_z included
  fs::copy_file(dir.path / "short.pt", dir.path / "run" / "checkpoint.pt", fs::copy_options::overwrite_existing);
  const auto config = read_file(dir.path / "run" / "config.json");
  const auto commands = read_file(dir.path / "run" / "commands.txt");
  const auto r = test::run_cli("train --resume run --steps 8", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("checkpoint.pt") && Contains("record holds 4 bytes"));
  CHECK(read_file(dir.path / "run" / "config.json") == config);
  CHECK(read_file(dir.path / "run" / "commands.txt") == commands);
}

TEST_CASE("The JSON reader bounds depth, refuses NUL bytes and keys named twice", "[hostile][json]") {
  CHECK(parse_json(deep_array(kJsonMaxDepth), "t").is_array());
  CHECK_THROWS_WITH(parse_json(deep_array(kJsonMaxDepth + 1), "t.json"),
                    Contains("t.json") && Contains("nested deeper than 64"));
  CHECK_THROWS_WITH(parse_json(deep_array(100000), "t.json"), Contains("nested deeper"));
  CHECK(parse_json(R"(["[[[[", "\"{{{{"])", "t").size() == 2);  // brackets inside strings do not count
  CHECK_THROWS_WITH(parse_json(std::string("{\"a\": 1}\0junk", 13), "t.json"), Contains("a NUL byte"));
  CHECK_THROWS_WITH(parse_json(R"({"a": {"b": 1, "b": 2}})", "t.json"), Contains("'b' appears twice"));
  CHECK(parse_json(R"({"a": {"b": 1}, "c": {"b": 2}})", "t").size() == 2);  // the same key in two objects is fine
  CHECK(try_parse_json(deep_array(100)).is_discarded());
  CHECK(try_parse_json(R"({"a": 1, "a": 1})").is_discarded());
  CHECK_THROWS_WITH(parse_json("{\"a\": ", "t.json"), Contains("t.json: invalid JSON"));
}

TEST_CASE("Deep or repeated JSON in configs, --set and run directories is one line, not a crash", "[hostile][cli]") {
  test::TempDir dir;
  tiny_vae_run(dir.path);
  put(dir.path / "deep.json", deep_array(100000));
  put(dir.path / "twice.json", R"({"steps": 2, "steps": 3})");
  const std::string train = "train vae --data-dir tiny --out new ";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {train + "--config deep.json", "deep.json: expected JSON, found JSON nested deeper than 64 levels"},
      {train + "--config twice.json", "twice.json: the key 'steps' appears twice"},
      {train + "--set model_options=" + deep_array(50000), "--set 'model_options'"},
  };
  for (const auto& [command, message] : cases) {
    CAPTURE(command.substr(0, 80));
    const auto r = test::run_cli(command, dir.path);
    CHECK(r.exit_code == 1);
    CHECK(lines_of(r.output) == 1);
    CHECK_THAT(r.output, Contains(message));
  }
  CHECK_FALSE(fs::exists(dir.path / "new"));

  fs::copy(dir.path / "run", dir.path / "deep-config", fs::copy_options::recursive);
  put(dir.path / "deep-config" / "config.json", deep_array(100000));
  auto r = test::run_cli("report deep-config", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("config.json") && Contains("nested deeper"));
  put(dir.path / "run" / "eval.json", deep_array(100000));
  r = test::run_cli("export run --out run.safetensors", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains("eval.json") && Contains("nested deeper"));
  CHECK_FALSE(fs::exists(dir.path / "run.safetensors"));
}

TEST_CASE("A FIFO where a JSON file belongs is refused, never waited on", "[hostile][cli][plain-build]") {
  test::TempDir dir;
  tiny_vae_run(dir.path);
  REQUIRE(::mkfifo((dir.path / "config.fifo").c_str(), 0600) == 0);
  const std::string genzoo = "timeout 60 '" GENZOO_CLI "' ";
  auto r = test::run_command(genzoo + "train vae --data-dir tiny --out new --config config.fifo", dir.path);
  CHECK(r.exit_code == 1);  // 124 would be the timeout: a hang
  CHECK_THAT(r.output, Contains("config.fifo") && Contains("not a regular file"));
  fs::create_directory(dir.path / "locked");
  fs::copy(dir.path / "run", dir.path / "locked" / "run", fs::copy_options::recursive);
  fs::remove(dir.path / "locked" / "run" / ".lock");
  REQUIRE(::mkfifo((dir.path / "locked" / "run" / ".lock").c_str(), 0600) == 0);
  r = test::run_command(genzoo + "runs locked", dir.path);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Contains("finished"));
  r = test::run_command(genzoo + "train --resume locked/run --steps 8", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Contains(".lock: expected a regular lock file"));
  fs::remove(dir.path / "run" / "config.json");
  REQUIRE(::mkfifo((dir.path / "run" / "config.json").c_str(), 0600) == 0);
  for (const std::string command : {"report run", "runs ."}) {
    CAPTURE(command);
    r = test::run_command(genzoo + command, dir.path);
    CHECK(r.exit_code != 124);
    CHECK_THAT(r.output, Contains("config.json") && Contains("not a regular file"));
  }
}

TEST_CASE("A safetensors header with a NUL byte inside is refused, not cut short", "[hostile]") {
  test::TempDir dir;
  std::string header = R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
  header += std::string("\0 \"x\": 1}", 9);
  std::string bytes(8, '\0');
  const uint64_t n = header.size();
  std::memcpy(bytes.data(), &n, 8);
  put(dir.path / "nul.safetensors", bytes + header + std::string(4, '\0'));
  CHECK_THROWS_WITH(read_safetensors(dir.path / "nul.safetensors"), Contains("nul.safetensors") && Contains("NUL"));
}
