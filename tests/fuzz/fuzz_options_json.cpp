// The strict options JSON: the input, as a config file and as a --set assignment, resolved for every registered
// model the way `genzoo train --config FILE --set ...` does. Bad input is a genzoo::Error; a config that resolves
// writes back as JSON and resolves again to the same config.
#include "core/json.h"
#include "fuzz_target.h"
#include "models/registry.h"
#include "run/config.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto file = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (file.is_discarded()) file = nlohmann::json::object();
  for (const auto& model : genzoo::list_models()) {
    try {
      const auto config = genzoo::resolve_train_config(model, file, {text});
      const auto again = genzoo::resolve_train_config(model, nlohmann::json::parse(config.to_json().dump()));
      if (again.to_json() != config.to_json()) std::abort();
    } catch (const genzoo::Error&) {
    }
    try {
      (void)genzoo::model_entry(model).complete_options(file).dump();
    } catch (const genzoo::Error&) {
    }
  }
  return 0;
}
