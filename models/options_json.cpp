#include "models/options_json.h"

#include "data/error.h"

namespace genzoo {

JsonReader::JsonReader(const nlohmann::json& object, std::string context)
    : object_(object), context_(std::move(context)) {
  if (!object_.is_object()) {
    throw Error(context_ + ": expected a JSON object, found " + std::string(object_.type_name()));
  }
}

JsonReader& JsonReader::read_object(const std::string& key, nlohmann::json& value) {
  seen_.insert(key);
  auto it = object_.find(key);
  if (it == object_.end()) return *this;
  check_type(key, *it, "object");
  value = *it;
  return *this;
}

void JsonReader::check_type(const std::string& key, const nlohmann::json& value,
                            const std::string& expected) const {
  bool ok = false;
  if (expected == "boolean") ok = value.is_boolean();
  else if (expected == "integer" || expected == "non-negative integer") {
    ok = value.is_number_integer() ||
         (value.is_number_float() && value.get<double>() == static_cast<double>(static_cast<int64_t>(value.get<double>())));
    if (ok && expected != "integer") ok = value.get<double>() >= 0;
  }
  else if (expected == "number") ok = value.is_number();
  else if (expected == "string") ok = value.is_string();
  else if (expected == "object") ok = value.is_object();
  if (!ok) {
    throw Error(context_ + ": key '" + key + "': expected " + expected + ", found " +
                std::string(value.type_name()) + " " + value.dump());
  }
}

void JsonReader::finish() const {
  for (const auto& item : object_.items()) {
    if (!seen_.count(item.key())) {
      std::string known;
      for (const auto& k : seen_) known += (known.empty() ? "" : ", ") + k;
      throw Error(context_ + ": unknown key '" + item.key() + "' (known keys: " + known + ")");
    }
  }
}

void require(bool condition, const std::string& context, const std::string& key,
             const std::string& expected, const std::string& found) {
  if (!condition) throw Error(context + ": " + key + ": expected " + expected + ", found " + found);
}

}  // namespace genzoo
