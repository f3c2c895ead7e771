#pragma once
/// Strict JSON <-> options-struct conversion: unknown keys and wrong types are errors naming the key.
///
///   genzoo::JsonReader in(j, "vae options");
///   in.read("hidden", options.hidden());   // TORCH_ARG fields are references
///   in.finish();                           // throws on keys nobody read
#include <nlohmann/json.hpp>

#include <set>
#include <string>

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
    check_type(key, *it, type_name<T>());
    value = it->template get<T>();
    return *this;
  }
  /// The raw sub-object at key (kept as JSON), or leaves value unchanged.
  JsonReader& read_object(const std::string& key, nlohmann::json& value);

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

/// Throws unless `condition`, with "<context>: <key>: expected <expected>, found <found>".
void require(bool condition, const std::string& context, const std::string& key,
             const std::string& expected, const std::string& found);

}  // namespace genzoo
