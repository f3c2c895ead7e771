#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
namespace fs = std::filesystem;

namespace {

// Debian's python3-torch (scripts/test.sh installs it) runs python/genzoo_twin.py.
const std::string kTwin = "/usr/bin/python3 '" + std::string(GENZOO_SOURCE_DIR) + "/python/genzoo_twin.py'";

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

}  // namespace

TEST_CASE("The Python twin decodes genzoo's weights to the same images, and genzoo decodes the twin's", "[twin]") {
  const auto torch_check = test::run_command("/usr/bin/python3 -c 'import torch'");
  INFO("python3-torch is needed (scripts/test.sh installs it): " << torch_check.output);
  REQUIRE(torch_check.exit_code == 0);

  const auto name = GENERATE(from_range(list_models()));
  // MNIST's shape, and 32-pixel colour images (an image folder's default).
  const auto shape = GENERATE(nlohmann::json::object(), nlohmann::json({{"channels", 3}, {"image_size", 32}}));
  CAPTURE(name, shape.dump());
  test::TempDir dir;
  torch::manual_seed(1);
  auto model = make_model(name, shape);
  auto tensors = module_tensors(*model);
  std::map<std::string, std::string> metadata = {{"genzoo.model", name},
                                                 {"genzoo.model_options", model->options_json().dump()}};
  for (auto it = tensors.begin(); it != tensors.end();) {
    if (it->first.find("running_mean") != std::string::npos) it->second.uniform_(-0.5, 0.5);
    if (it->first.find("running_var") != std::string::npos) it->second.uniform_(0.5, 1.5);
    if (it->first.rfind("critic.", 0) == 0) {
      metadata["genzoo.omitted"] = "critic.";
      it = tensors.erase(it);
    } else {
      ++it;
    }
  }
  write_safetensors(dir.path / "genzoo.safetensors", tensors, metadata);
  auto z = model->sample_latent(8, 3);
  write_safetensors(dir.path / "genzoo-io.safetensors", {{"z", z}, {"images", model->generate_cpu(z)}});
  auto r = test::run_command(kTwin + " check genzoo.safetensors genzoo-io.safetensors", dir.path);
  INFO(r.output);
  CHECK(r.exit_code == 0);

  r = test::run_command(kTwin + " make " + name + " twin.safetensors twin-io.safetensors '" + shape.dump() + "'",
                        dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto twin = load(dir.path / "twin.safetensors");
  CHECK(twin->registry_name() == name);
  CHECK(twin->image_shape() == model->image_shape());
  auto io = read_safetensors(dir.path / "twin-io.safetensors");
  CHECK(max_abs_diff(twin->generate_cpu(io.tensors.at("z")), io.tensors.at("images")) <= 1e-5);
}

TEST_CASE("The speed twin runs the recipe it is told and says so; a bad option is one error line", "[twin]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 128, 16);
  const std::string twin = "/usr/bin/python3 '" + std::string(GENZOO_SOURCE_DIR) + "/tools/bench/twin.py'";
  auto r = test::run_command(twin + " wgan-gp --data-dir tiny --steps 2 --warmup 0 --threads 1 --lr 1e-4 --n-critic 5",
                             dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto line = nlohmann::json::parse(r.output.substr(r.output.rfind('{', r.output.find("\"model\""))));
  CHECK(line.at("trainer_options") == nlohmann::json({{"lr", 1e-4}, {"n_critic", 5}}));
  CHECK(line.at("bf16") == false);

  // The same recipe given as genzoo's trainer options (a bench line's or a run's config), as the scripts pass it.
  r = test::run_command(twin + " wgan-gp --data-dir tiny --steps 2 --warmup 0 --threads 1 --recipe "
                               "'{\"loss\": \"wgan-gp\", \"lr\": 0.0001, \"n_critic\": 5}'",
                        dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const auto given = nlohmann::json::parse(r.output.substr(r.output.rfind('{', r.output.find("\"model\""))));
  CHECK(given.at("trainer_options") == line.at("trainer_options"));

  r = test::run_command(twin + " vae --data-dir tiny --steps 1 --n-critic 2", dir.path);
  CHECK(r.exit_code != 0);
  CHECK(r.output.find("--n-critic: expected a count >= 1 for a GAN, found 2 for vae") != std::string::npos);
}
