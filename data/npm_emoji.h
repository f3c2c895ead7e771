#pragma once
/// Emoji images from the npm packages `emoji-datasource-google@16.0.0` (Noto Emoji, Apache License 2.0) and
/// `emoji-datasource-twitter@16.0.0` (Twemoji, CC BY 4.0) as an image folder that load_dataset() finds: one class
/// folder per category of the packages' emoji.json, one subfolder per subcategory, 64x64 RGBA PNGs named
/// `<vendor>-<image>`, and LICENSES.md beside them. Getting the packages is the caller's business (`genzoo fetch
/// emoji` runs `npm pack`); this converts what was unpacked.
///
///   auto n = genzoo::convert_npm_emoji({{"google", "/tmp/g/package"}, {"twitter", "/tmp/t/package"}},
///                                      genzoo::default_data_dir("emoji"));   // 7,562 images
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

/// The packages `genzoo fetch emoji` converts, with the vendor name each uses in img/<vendor>/64 and has_img_<vendor>.
struct NpmEmojiPackage {
  const char* vendor;
  const char* package;
  const char* licence;  // of the images, as the package's README states it
};
inline constexpr NpmEmojiPackage kNpmEmojiPackages[] = {
    {"google", "emoji-datasource-google@16.0.0", "Apache License 2.0 (Noto Emoji, Google)"},
    {"twitter", "emoji-datasource-twitter@16.0.0", "Creative Commons Attribution 4.0 (Twemoji, Twitter, Inc and other "
                                                   "contributors)"},
};
/// emoji.json's "Component" category (skin-tone swatches and hair parts, not emoji) is left out.
inline constexpr const char* kLeftOutCategory = "Component";

struct UnpackedEmoji {
  std::string vendor;
  std::filesystem::path package_dir;  // the package/ folder
};

/// Copies every image an entry of emoji.json (and its skin variations) has for the vendor into
/// out_dir/<category>/<subcategory>/, names made filesystem-safe ("Smileys & Emotion" -> smileys-and-emotion), and
/// writes out_dir/LICENSES.md. Image names are checked before use (hex digits and dashes, ".png"). Returns the count.
int64_t convert_npm_emoji(const std::vector<UnpackedEmoji>& packages, const std::filesystem::path& out_dir);

/// "Smileys & Emotion" -> "smileys-and-emotion": lower case, "&" as "and", runs of other characters as one "-".
std::string folder_name(const std::string& category);

}  // namespace genzoo
