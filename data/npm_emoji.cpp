#include "data/npm_emoji.h"

#include "core/error.h"
#include "core/files.h"
#include "core/json.h"
#include "core/text.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr uintmax_t kEmojiJsonMaxBytes = 16u << 20;  // 1.3 MB in 16.0.0
constexpr uintmax_t kEmojiPngMaxBytes = 1u << 20;    // 64x64 PNGs of a few kB

bool safe_image_name(const std::string& name) {
  if (name.size() < 5 || name.size() > 128 || name.substr(name.size() - 4) != ".png") return false;
  for (size_t i = 0; i + 4 < name.size(); ++i) {
    const char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) return false;
  }
  return true;
}

std::string text_field(const nlohmann::json& entry, const char* key, const fs::path& file) {
  if (!entry.contains(key) || !entry[key].is_string()) {
    throw Error(file.string() + ": an entry without a string \"" + key + "\"");
  }
  return entry[key].get<std::string>();
}

std::string licences_text() {
  std::string text =
      "# Licences of these images\n\n"
      "Built by `genzoo fetch emoji` from the npm packages below (the packages' code and data: MIT, (c) Cal "
      "Henderson, https://github.com/iamcal/emoji-data). Each image's file name starts with its vendor.\n\n";
  for (const auto& p : kNpmEmojiPackages) {
    text += std::string("- `") + p.vendor + "-*.png`, from `" + p.package + "`: " + p.licence + "\n";
  }
  text +=
      "\nNoto Emoji: https://github.com/googlefonts/noto-emoji (Apache License 2.0).\n"
      "Twemoji graphics: Copyright Twitter, Inc and other contributors, licensed under CC BY 4.0, "
      "https://creativecommons.org/licenses/by/4.0/ (https://github.com/jdecked/twemoji).\n"
      "Apple and Facebook images, which the packages' README says are not freely licensed, are not included.\n";
  return text;
}

}  // namespace

std::string folder_name(const std::string& category) {
  std::string out;
  bool gap = false;
  for (const char c : category) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '&') {
      gap = true;
      continue;
    }
    if ((gap || c == '&') && !out.empty()) out += '-';
    out += c == '&' ? std::string("and") : std::string(1, static_cast<char>(std::tolower(c)));
    gap = c == '&';
  }
  return out.empty() ? "other" : out;
}

int64_t convert_npm_emoji(const std::vector<UnpackedEmoji>& packages, const fs::path& out_dir) {
  int64_t count = 0;
  for (const auto& package : packages) {
    const fs::path json = package.package_dir / "emoji.json";
    const auto entries = read_json_file(json, kEmojiJsonMaxBytes);
    if (!entries.is_array()) throw Error(json.string() + ": expected a JSON array of emoji");
    const fs::path images = package.package_dir / "img" / package.vendor / "64";
    const std::string has = "has_img_" + package.vendor;
    const auto copy = [&](const nlohmann::json& item, const fs::path& to_dir) {
      if (!item.is_object() || !item.value(has, false)) return;
      const auto name = text_field(item, "image", json);
      if (!safe_image_name(name)) throw Error(json.string() + ": unexpected image name \"" + printable(name) + "\"");
      fs::create_directories(to_dir);
      write_file_atomic(to_dir / (package.vendor + "-" + name), read_file(images / name, kEmojiPngMaxBytes));
      ++count;
    };
    for (const auto& entry : entries) {
      if (!entry.is_object()) throw Error(json.string() + ": expected an object for each emoji");
      const auto category = text_field(entry, "category", json);
      if (category == kLeftOutCategory) continue;
      const auto dir = out_dir / folder_name(category) / folder_name(text_field(entry, "subcategory", json));
      copy(entry, dir);
      if (entry.contains("skin_variations") && entry["skin_variations"].is_object()) {
        for (const auto& [key, variation] : entry["skin_variations"].items()) copy(variation, dir);
      }
    }
  }
  fs::create_directories(out_dir);
  write_file_atomic(out_dir / "LICENSES.md", licences_text());
  return count;
}

}  // namespace genzoo
