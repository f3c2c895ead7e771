#include "core/json.h"

#include <cmath>
#include <fstream>

namespace genzoo {
namespace {

// A double that converts to int64_t exactly (the conversion of anything else is undefined behaviour).
bool is_whole_int64(double v) { return std::isfinite(v) && v >= -0x1p63 && v < 0x1p63 && v == std::trunc(v); }

}  // namespace

bool is_utf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

JsonReader::JsonReader(const nlohmann::json& object, std::string context)
    : object_(object), context_(std::move(context)) {
  if (!object_.is_object()) {
    throw Error(context_ + ": expected a JSON object, found " + std::string(object_.type_name()));
  }
}

void JsonReader::check_type(const std::string& key, const nlohmann::json& value, const std::string& expected) const {
  bool ok = false;
  if (expected == "boolean") {
    ok = value.is_boolean();
  } else if (expected == "integer" || expected == "non-negative integer") {
    ok = value.is_number_integer() || (value.is_number_float() && is_whole_int64(value.get<double>()));
    if (ok && expected != "integer") ok = value.is_number_unsigned() || value.get<double>() >= 0;
  } else if (expected == "number") {
    ok = value.is_number();
  } else if (expected == "string") {
    ok = value.is_string();
  } else if (expected == "object") {
    ok = value.is_object();
  }
  if (!ok) {
    throw Error(context_ + ": key '" + key + "': expected " + expected + ", found " + std::string(value.type_name()) +
                " " + json_text(value));
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

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(path.string() + ": cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string() + ": invalid JSON (" + e.what() + ")");
  }
}

void apply_set(nlohmann::json& config, const std::string& assignment) {
  if (!is_utf8(assignment)) throw Error("--set " + json_text(assignment) + ": expected UTF-8 text");
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw Error("--set '" + assignment + "': expected key=value");
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  nlohmann::json* node = &config;
  size_t begin = 0;
  for (size_t dot; (dot = key.find('.', begin)) != std::string::npos; begin = dot + 1) {
    node = &(*node)[key.substr(begin, dot - begin)];
    if (!node->is_object()) throw Error("--set '" + assignment + "': '" + key.substr(0, dot) + "' is not an object");
  }
  (*node)[key.substr(begin)] = value;
}

}  // namespace genzoo
