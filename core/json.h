#pragma once
/// Strict JSON: files read with errors naming the file, options structs read and written from one field list,
/// unknown keys and wrong types refused by name, and the `--set key=value` grammar.
///
///   struct VaeOptions {
///     template <typename Visit> void fields(Visit&& visit) { visit("hidden", hidden()); visit("latent", latent()); }
///     TORCH_ARG(int64_t, hidden) = 400;
///     TORCH_ARG(int64_t, latent) = 20;
///   };
///   auto options = genzoo::options_from_json<VaeOptions>(j, "vae options");   // throws on unknown keys
///   nlohmann::json back = genzoo::options_to_json(options);                    // {"hidden":400,"latent":20}
#include "core/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace genzoo {

class JsonReader {
 public:
  /// `context` names the object in messages ("vae options", "config.json").
  JsonReader(const nlohmann::json& object, std::string context);

  /// Reads key into value when present; a value of the wrong type is an error.
  template <typename T>
  JsonReader& read(const std::string& key, T& value) {
    seen_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return *this;
    if constexpr (std::is_same_v<T, nlohmann::json>) {
      check_type(key, *it, "object");
      value = *it;
    } else {
      check_type(key, *it, type_name<T>());
      value = it->template get<T>();
    }
    return *this;
  }

  /// Throws if the object holds a key that no read() asked for.
  void finish() const;

 private:
  template <typename T>
  static const char* type_name() {
    if constexpr (std::is_same_v<T, bool>) return "boolean";
    else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) return "non-negative integer";
    else if constexpr (std::is_integral_v<T>) return "integer";
    else if constexpr (std::is_floating_point_v<T>) return "number";
    else return "string";
  }
  void check_type(const std::string& key, const nlohmann::json& value, const std::string& expected) const;

  const nlohmann::json& object_;
  std::string context_;
  std::set<std::string> seen_;
};

/// An options struct's fields as a JSON object, from its `fields(visit)` list.
template <typename Options>
nlohmann::json options_to_json(Options options) {  // a copy: fields() hands out mutable references
  nlohmann::json j = nlohmann::json::object();
  options.fields([&j](const char* key, const auto& value) { j[key] = value; });
  return j;
}

/// Reads the keys of `j` over `defaults`, strictly; the struct's own validate(context) runs last.
template <typename Options>
Options options_from_json(const nlohmann::json& j, const std::string& context, Options defaults = {}) {
  JsonReader in(j, context);
  defaults.fields([&in](const char* key, auto& value) { in.read(key, value); });
  in.finish();
  defaults.validate(context);
  return defaults;
}

/// The function a registry row keeps to complete options: JSON over `defaults`, read strictly and validated, as JSON.
template <typename Options>
std::function<nlohmann::json(const nlohmann::json&)> options_completer(std::string context, Options defaults) {
  return [context = std::move(context), defaults](const nlohmann::json& o) {
    return options_to_json(options_from_json<Options>(o, context, defaults));
  };
}

/// Throws "<table>: duplicate name 'x'" unless the names are unique (both registry tables use it).
void require_unique_names(const std::vector<std::string>& names, const std::string& table);

/// Whether `text` is valid UTF-8 (JSON strings must be).
bool is_utf8(const std::string& text);

/// A value as compact JSON text for messages; invalid UTF-8 in strings (from the command line) is replaced, not thrown.
std::string json_text(const nlohmann::json& value);

/// Bounds on JSON genzoo did not write itself: config files, `--set` values, run directories, manifests, metadata.
inline constexpr int kJsonMaxDepth = 64;
inline constexpr uintmax_t kJsonMaxFileBytes = 64u << 20;

/// The one parser of untrusted JSON text. Before nlohmann parses anything, nesting deeper than kJsonMaxDepth and NUL
/// bytes (where nlohmann would stop reading) are refused; an object naming a key twice is refused (nlohmann would
/// keep the last). Errors name `source`: "config.json: JSON nested deeper than 64 levels".
nlohmann::json parse_json(const std::string& text, const std::string& source);

/// parse_json without throwing: a discarded value (`is_discarded()`) for text it would refuse. For logs read line by
/// line, where one bad line is skipped.
nlohmann::json try_parse_json(const std::string& text);

/// A regular file of at most `max_bytes`, parsed by parse_json; every error names the file. A FIFO, directory or
/// device is refused before it is opened for reading, so nothing blocks.
nlohmann::json read_json_file(const std::filesystem::path& path, uintmax_t max_bytes = kJsonMaxFileBytes);

/// Applies "key=value" (dotted keys reach into objects; the value is JSON if it parses, else a string).
void apply_set(nlohmann::json& config, const std::string& assignment);

}  // namespace genzoo
