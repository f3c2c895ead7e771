// Every number a registry description or a model card's "Default options" paragraph states comes from the
// options and recipes it describes (models/registry.cpp, run/recipes.cpp): change one and this fails.
#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace genzoo;

namespace {

void collect_numbers(const nlohmann::json& j, std::set<double>& out) {
  if (j.is_number()) out.insert(j.get<double>());
  if (j.is_structured()) {
    for (const auto& v : j) collect_numbers(v, out);
  }
}

std::string paragraph_after(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return "";
  const auto end = text.find("\n\n", at);
  std::string p = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
  for (auto& c : p) c = c == '\n' ? ' ' : c;
  return p;
}

double number_in(const std::string& s) {
  std::string digits;
  for (char c : s) {
    if (c != ',') digits += c;
  }
  return std::stod(digits);
}

}  // namespace

TEST_CASE("Registry descriptions name only numbers of their options and recipes", "[registry][docs]") {
  const auto name = GENERATE(from_range(list_models()));
  CAPTURE(name);
  const auto& recipe = find_recipe(name);
  // The image shapes the architectures are built for, and the MNIST image's pixel count.
  std::set<double> allowed = {1, 3, kDefaultChannels * kDefaultImageSize * kDefaultImageSize};
  for (const int64_t size : kImageSizes) allowed.insert(static_cast<double>(size));
  collect_numbers(model_entry(name).default_options, allowed);
  collect_numbers(recipe.trainer_options, allowed);
  allowed.insert(static_cast<double>(recipe.batch_size));
  allowed.insert(static_cast<double>(recipe.steps));
  std::string description = model_entry(name).description;
  description = std::regex_replace(description, std::regex(R"((et al\.|&[^)]*|\() (19|20)\d\d)"), "");  // citations
  const std::regex number(R"(\d+(\.\d+)?)");
  for (auto it = std::sregex_iterator(description.begin(), description.end(), number); it != std::sregex_iterator();
       ++it) {
    CAPTURE(description, it->str());
    CHECK(allowed.count(std::stod(it->str())) == 1);
  }
}

TEST_CASE("Each model card's default options, batch, steps and learning rate are the recipe's", "[registry][docs]") {
  const auto name = GENERATE(from_range(list_models()));
  CAPTURE(name);
  std::ifstream in(GENZOO_SOURCE_DIR "/docs/models/" + name + ".md");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string p = paragraph_after(text.str(), "**Default options**");
  REQUIRE_FALSE(p.empty());
  CAPTURE(p);
  const auto& recipe = find_recipe(name);
  nlohmann::json model = model_entry(name).default_options;
  model.merge_patch(recipe.model_options);

  const std::regex object("`(\\{[^`]*\\})`");
  std::vector<nlohmann::json> objects;
  for (auto it = std::sregex_iterator(p.begin(), p.end(), object); it != std::sregex_iterator(); ++it) {
    objects.push_back(nlohmann::json::parse((*it)[1].str()));
  }
  REQUIRE_FALSE(objects.empty());
  for (const auto& [key, value] : objects[0].items()) CHECK(model.at(key) == value);
  if (objects.size() > 1) {
    for (const auto& [key, value] : objects[1].items()) CHECK(recipe.trainer_options.at(key) == value);
  }
  std::smatch m;
  REQUIRE(std::regex_search(p, m, std::regex(R"(batch (\d+))")));
  CHECK(number_in(m[1]) == recipe.batch_size);
  REQUIRE(std::regex_search(p, m, std::regex(R"(([\d,]+) steps)")));
  CHECK(number_in(m[1]) == recipe.steps);
  REQUIRE(std::regex_search(p, m, std::regex(R"(Adam (lr )?([\d.e-]+))")));
  CHECK(std::stod(m[2]) == Approx(recipe.trainer_options.at("lr").get<double>()));
  if (std::regex_search(p, m, std::regex(R"(\(([\d.]+), ([\d.]+)\))"))) {
    CHECK(std::stod(m[1]) == Approx(recipe.trainer_options.at("beta1").get<double>()));
    CHECK(std::stod(m[2]) == Approx(recipe.trainer_options.at("beta2").get<double>()));
  }
}

TEST_CASE("README's model table is the registry's descriptions, one row per registered model", "[registry][docs]") {
  std::ifstream in(GENZOO_SOURCE_DIR "/README.md");
  REQUIRE(in);
  std::map<std::string, std::string> rows;
  const std::regex row(R"(^\| `([a-z-]+)` \| (.*) \|$)");
  std::smatch m;
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, m, row)) rows[m[1]] = m[2];
  }
  const auto names = list_models();
  CHECK(rows.size() == names.size());
  for (const auto& name : names) {
    CAPTURE(name);
    REQUIRE(rows.count(name) == 1);
    CHECK(rows[name] == model_entry(name).description);
  }
}

TEST_CASE("docs/data.md and README state the image folder's rules as the code has them", "[docs][image-folder]") {
  std::ifstream data_doc(GENZOO_SOURCE_DIR "/docs/data.md"), readme_in(GENZOO_SOURCE_DIR "/README.md");
  const std::string doc((std::istreambuf_iterator<char>(data_doc)), {});
  const std::string readme((std::istreambuf_iterator<char>(readme_in)), {});
  for (const char* extension : kImageExtensions) {
    CAPTURE(extension);
    CHECK(doc.find(std::string("`") + extension + "`") != std::string::npos);
  }
  const auto every = "every " + std::to_string(kHeldOutEvery) + "th image";
  CHECK(doc.find(every) != std::string::npos);
  CHECK(readme.find(every) != std::string::npos);
  CHECK(readme.find("default " + std::to_string(kDefaultFolderImageSize) + ")") != std::string::npos);
  CHECK(doc.find(std::to_string(kMaxFolderClasses) + " classes") != std::string::npos);
  CHECK(doc.find("nested " + std::to_string(kMaxFolderDepth) + " deep") != std::string::npos);
  CHECK(doc.find(std::to_string(kMaxImageFileBytes >> 20) + " MiB per file") != std::string::npos);
  CHECK(doc.find("2^24 pixels") != std::string::npos);
  CHECK(ImageDecodeOptions().max_pixels() == int64_t{1} << 24);
  CHECK(doc.find(std::string("`") + kLeftOutCategory + "`") != std::string::npos);
}
