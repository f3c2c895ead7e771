// The one JSON parser (core/json.h) on hostile text: a value within the depth bound, or an error naming the source;
// never a crash, whatever the nesting, and a value it accepts prints and parses back to itself.
#include "core/json.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  genzoo::fuzz::expect_errors_naming("fuzz.json", [&] {
    const auto value = genzoo::parse_json(text, "fuzz.json");
    const auto printed = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (genzoo::try_parse_json(printed).is_discarded() && printed.find('\0') == std::string::npos &&
        genzoo::is_utf8(printed)) {
      std::abort();  // what the parser accepted must read back
    }
  });
  (void)genzoo::try_parse_json(text);  // never throws
  return 0;
}
