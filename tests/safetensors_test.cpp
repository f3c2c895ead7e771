#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <cstring>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {

// A file made of a given header text and data bytes.
std::string file_with(const std::string& header, const std::string& data) {
  std::string out(8, '\0');
  const uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  return out + header + data;
}

}  // namespace

TEST_CASE("safetensors round-trips every dtype, shape and the metadata", "[safetensors]") {
  std::map<std::string, torch::Tensor> tensors = {
      {"a.f32", torch::randn({3, 4})},
      {"b.f64", torch::randn({2}, torch::kFloat64)},
      {"c.f16", torch::randn({5}).to(torch::kFloat16)},
      {"d.bf16", torch::randn({2, 2}).to(torch::kBFloat16)},
      {"e.i64", torch::arange(6, torch::kInt64).reshape({2, 3})},
      {"f.i32", torch::arange(3, torch::kInt32)},
      {"g.u8", torch::arange(200, torch::kUInt8)},
      {"h.bool", torch::tensor({true, false, true})},
      {"i.scalar", torch::tensor(7.5f)},
      {"j.empty", torch::zeros({0, 3})},
      {"k.strided", torch::randn({4, 6}).t()}};  // not contiguous
  const std::map<std::string, std::string> metadata = {{"genzoo.model", "vae"}, {"note", "x"}};
  const auto bytes = encode_safetensors(tensors, metadata);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  CHECK(n % 8 == 0);
  auto back = parse_safetensors(bytes, "mem");
  CHECK(back.metadata == metadata);
  REQUIRE(back.tensors.size() == tensors.size());
  for (const auto& [name, t] : tensors) {
    CAPTURE(name);
    CHECK(back.tensors[name].scalar_type() == t.scalar_type());
    CHECK(back.tensors[name].sizes() == t.sizes());
    CHECK(torch::equal(back.tensors[name], t));
  }
  test::TempDir dir;
  write_safetensors(dir.path / "x.safetensors", tensors, metadata);
  CHECK(torch::equal(read_safetensors(dir.path / "x.safetensors").tensors["k.strided"], tensors["k.strided"]));
}

TEST_CASE("safetensors refuses hostile and broken files with a message naming the problem", "[safetensors]") {
  const std::string f32x2 = std::string(8, '\0');
  const auto entry = [](const std::string& name, const std::string& dtype, const std::string& shape,
                        const std::string& offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  };
  struct Case {
    std::string bytes, expected;
  };
  const std::vector<Case> cases = {
      {"abc", "at least 8 bytes"},
      {std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) + "{}", "header length"},
      {file_with("{}", "").substr(0, 9), "runs past the end"},
      {file_with("{not json", ""), "header: invalid JSON"},
      {file_with("[1,2]", ""), "expected a JSON object"},
      {file_with("{" + entry("w", "F99", "[2]", "[0,8]") + "}", f32x2), "tensor 'w': dtype: expected one of"},
      {file_with("{" + entry("w", "F32", "[-2]", "[0,8]") + "}", f32x2), "tensor 'w': shape"},
      {file_with("{" + entry("w", "F32", "[3]", "[0,8]") + "}", f32x2), "tensor 'w': data_offsets: expected 3 x 4"},
      {file_with("{" + entry("w", "F32", "[2]", "[8,0]") + "}", f32x2), "before begin"},
      {file_with("{" + entry("w", "F32", "[2]", "[0]") + "}", f32x2), "expected [begin, end]"},
      {file_with("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[1]", "[4,8]") + "}", f32x2),
       "overlaps"},
      {file_with("{" + entry("a", "F32", "[1]", "[4,8]") + "}", f32x2), "gap"},
      {file_with("{" + entry("a", "F32", "[1]", "[0,4]") + "}", f32x2), "the tensors cover 4 bytes, the file holds 8"},
      {file_with("{" + entry("a", "F32", "[4]", "[0,16]") + "}", f32x2), "the tensors cover 16 bytes, the file holds 8"},
      {file_with("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"code\":\"rm -rf\"}}", f32x2),
       "unknown field 'code'"},
      {file_with("{\"__metadata__\":{\"k\":3}}", ""), "__metadata__: 'k': expected a string"},
      {file_with("{" + entry("w", "F32", "[4294967296,4294967296,4294967296]", "[0,8]") + "}", f32x2), "too large"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expected);
    CHECK_THROWS_WITH(parse_safetensors(c.bytes, "evil.safetensors"),
                      Contains("evil.safetensors") && Contains(c.expected));
  }
  CHECK_THROWS_WITH(read_safetensors("/nonexistent/x.safetensors"), Contains("cannot open"));
}

TEST_CASE("Module tensors load back strictly by name, shape and dtype", "[safetensors]") {
  torch::manual_seed(0);
  auto a = make_model("gan", {{"width", 8}}), b = make_model("gan", {{"width", 8}});
  auto tensors = module_tensors(*a);
  CHECK(tensors.count("generator.bn1.running_mean") == 1);
  CHECK(tensors.count("critic.conv1.weight") == 1);
  load_module_tensors(*b, tensors, "mem");
  auto z = a->sample_latent(4, 1);
  CHECK(torch::equal(a->generate_cpu(z), b->generate_cpu(z)));

  auto wrong = tensors;
  wrong["generator.bn1.weight"] = torch::zeros({3});
  CHECK_THROWS_WITH(load_module_tensors(*b, wrong, "f"), Contains("generator.bn1.weight") && Contains("expected"));
  wrong = tensors;
  wrong.erase("generator.deconv1.weight");
  CHECK_THROWS_WITH(load_module_tensors(*b, wrong, "f"), Contains("generator.deconv1.weight") && Contains("missing"));
  wrong = tensors;
  wrong["extra"] = torch::zeros({1});
  CHECK_THROWS_WITH(load_module_tensors(*b, wrong, "f"), Contains("unexpected tensor 'extra'"));
  wrong = tensors;
  wrong["generator.bn1.weight"] = wrong["generator.bn1.weight"].to(torch::kFloat64);
  CHECK_THROWS_WITH(load_module_tensors(*b, wrong, "f"), Contains("Double"));

  // Without the critic: accepted when the critic is skipped, refused otherwise.
  auto generator_only = tensors;
  for (auto it = generator_only.begin(); it != generator_only.end();) {
    it = it->first.rfind("critic.", 0) == 0 ? generator_only.erase(it) : ++it;
  }
  load_module_tensors(*b, generator_only, "g", {"critic."});
  CHECK_THROWS_WITH(load_module_tensors(*b, generator_only, "g"), Contains("critic.") && Contains("missing"));
}

TEST_CASE("CLI: export to safetensors, and sample, info and views read the exported file", "[cli][safetensors]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 64, 16);
  for (const std::string model : {"vae", "gan"}) {
    CAPTURE(model);
    const std::string small = model == "gan" ? " --set model_options.width=8" : "";
    auto r = test::run_cli("train " + model + " --steps 4 --batch-size 16 --threads 1 --data-dir tiny --out " + model +
                               small,
                           dir.path);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    r = test::run_cli("export " + model, dir.path);
    REQUIRE(r.exit_code == 0);
    const auto file = dir.path / model / "model.safetensors";
    REQUIRE(std::filesystem::exists(file));
    auto exported = read_safetensors(file);
    CHECK(exported.metadata["genzoo.model"] == model);
    CHECK(exported.metadata["genzoo.data"] == "mnist");
    CHECK(exported.metadata["genzoo.steps"] == "4");
    for (const auto& [name, t] : exported.tensors) CHECK(name.rfind("critic.", 0) != 0);

    auto from_checkpoint = load(dir.path / model), from_file = load(file);
    CHECK(torch::equal(from_checkpoint->sample(6, 2), from_file->sample(6, 2)));
    r = test::run_cli("sample " + model + "/model.safetensors --n 4 --out s.png", dir.path);
    CHECK(r.exit_code == 0);
    r = test::run_cli("interpolate " + model + "/model.safetensors --rows 2 --steps 3", dir.path);
    CHECK(r.exit_code == 0);
    r = test::run_cli("info " + model + "/model.safetensors --json", dir.path);
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.output)["model"] == model);
  }
  auto r = test::run_cli("traverse vae/model.safetensors --data-dir tiny --steps 3", dir.path);
  CHECK(r.exit_code == 0);
  r = test::run_cli("export gan --with-critic --out full.safetensors", dir.path);
  REQUIRE(r.exit_code == 0);
  CHECK(read_safetensors(dir.path / "full.safetensors").tensors.count("critic.conv1.weight") == 1);
}
