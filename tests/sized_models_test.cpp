// Every registered model at every supported image shape: the shapes it draws and reads, and the options that refuse
// other shapes.
#include <genzoo/all.h>

#include <catch2/catch.hpp>

using namespace genzoo;
using Catch::Matchers::Contains;

TEST_CASE("Every model is sized by its options' channels and image_size", "[models]") {
  for (const auto& name : list_models()) {
    for (const int64_t channels : {1, 3}) {
      for (const int64_t size : kImageSizes) {
        INFO(name << " " << channels << "x" << size);
        auto model = make_model(name, {{"channels", channels}, {"image_size", size}});
        CHECK(model->image_shape() == ImageShape{channels, size, size});
        const auto x = model->sample(2, 0);
        CHECK(x.sizes() == torch::IntArrayRef({2, channels, size, size}));
        if (auto* vae = dynamic_cast<VariationalModel*>(model.get())) {
          CHECK(vae->reconstruct(x).sizes() == x.sizes());
        }
        if (auto* gan = dynamic_cast<DcganImpl*>(model.get())) {
          CHECK(gan->critic->forward(x * 2 - 1).sizes() == torch::IntArrayRef({2}));
        }
      }
    }
  }
}

TEST_CASE("The 28-px grayscale networks keep their parameter names and counts", "[models]") {
  // The shipped weights files were written before the image options existed and must keep loading.
  const std::map<std::string, int64_t> parameters = {{"vae", 652824}, {"beta-vae", 1683669}};
  for (const auto& [name, count] : parameters) {
    INFO(name);
    CHECK(make_model(name)->parameter_count() == count);
  }
  auto gan = make_model("gan");
  const auto named = gan->named_parameters();
  for (const char* key : {"generator.deconv1.weight", "generator.bn3.weight", "generator.deconv4.weight",
                          "critic.conv1.weight", "critic.norm2.weight", "critic.conv4.weight"}) {
    CHECK(named.contains(key));
  }
  CHECK_FALSE(named.contains("generator.deconv5.weight"));
  CHECK(make_model("gan", {{"image_size", 64}})->named_parameters().contains("generator.deconv5.weight"));
}

TEST_CASE("Shapes outside the supported ones are refused by the options", "[models]") {
  CHECK_THROWS_WITH(make_model("gan", {{"channels", 2}}), Contains("channels") && Contains("1 or 3"));
  CHECK_THROWS_WITH(make_model("vae", {{"image_size", 48}}), Contains("image_size") && Contains("28, 32, 64"));
}
