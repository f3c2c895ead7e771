// The metadata of a training checkpoint (the genzoo_meta entry, JSON text), read as inference reads it
// (loading/source.h) and as a resume reads it (run/checkpoint.h): every field is checked before use.
#include "fuzz_target.h"
#include "loading/source.h"
#include "run/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto meta = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (meta.is_discarded()) return 0;  // read_meta refuses text that is not JSON before these run
  genzoo::fuzz::expect_errors_naming("fuzz.pt", [&] {
    const auto fields = genzoo::parse_checkpoint_model_meta(meta, "fuzz.pt");
    if (fields.step < 0) std::abort();
  });
  genzoo::fuzz::expect_errors_naming("fuzz.pt", [&] {
    const auto fields = genzoo::parse_checkpoint_meta(meta, "fuzz.pt");
    (void)fields.config.to_json().dump();  // what a resume writes back
    if (fields.step < 0 || !fields.last_epoch.is_object()) std::abort();
  });
  return 0;
}
