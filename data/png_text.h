#pragma once
/// Text chunks of PNG files (tEXt, ISO/IEC 15948 11.3.4.3): where a grid came from, carried inside the picture.
///
///   auto png = genzoo::add_png_text(genzoo::encode_png(image), {{"genzoo.model", "gan"}, {"genzoo.seed", "0"}});
///   auto text = genzoo::read_png_text("grid.png");   // {"genzoo.model": "gan", "genzoo.seed": "0"}
///
/// Reading takes files from anyone: the file size, the chunk lengths, the number of text chunks and each keyword
/// and text are bounded before anything is allocated, and every text chunk's CRC is checked.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace genzoo {

/// Keyword -> text.
using PngText = std::map<std::string, std::string>;

/// Bounds on what is written and read.
inline constexpr uintmax_t kMaxPngFileBytes = 256u << 20;  // a 64-px grid of 10,000 images is about 100 MB
inline constexpr size_t kMaxPngKeywordBytes = 79;          // the PNG standard's limit
inline constexpr size_t kMaxPngTextBytes = 4096;
inline constexpr size_t kMaxPngTextChunks = 64;

/// The bytes of a PNG with a tEXt chunk per entry inserted after its header chunk. A keyword must be 1 to 79
/// printable ASCII characters without leading, trailing or double spaces, a text printable ASCII of at most
/// kMaxPngTextBytes; anything else is an error naming the keyword.
std::string add_png_text(const std::string& png, const PngText& text);

/// The tEXt chunks of a PNG's bytes (`source` names it in errors): a file that is not a PNG, whose chunks run past
/// its end or whose text chunks break the bounds above, repeat a keyword or fail their CRC is an error naming
/// `source` and what was found. Chunks other than tEXt are passed over unread.
PngText parse_png_text(const std::string& bytes, const std::string& source);

/// parse_png_text of a file of at most kMaxPngFileBytes.
PngText read_png_text(const std::filesystem::path& file);

}  // namespace genzoo
