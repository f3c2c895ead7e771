#pragma once
/// Base64 (RFC 4648, computed by nettle), for binary data inside text: PNGs in an HTML page's data: URLs.
///
///   std::string url = "data:image/png;base64," + genzoo::base64_encode(genzoo::read_file("samples.png"));
#include <string>

namespace genzoo {

std::string base64_encode(const std::string& bytes);

}  // namespace genzoo
