#include "core/json.h"

#include "core/files.h"
#include "core/text.h"

#include <cmath>
#include <set>
#include <vector>

namespace genzoo {
namespace {

// A double that converts to int64_t exactly (the conversion of anything else is undefined behaviour).
bool is_whole_int64(double v) { return std::isfinite(v) && v >= -0x1p63 && v < 0x1p63 && v == std::trunc(v); }

}  // namespace

void require_unique_names(const std::vector<std::string>& names, const std::string& table) {
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second) throw Error(table + ": duplicate name '" + name + "'");
  }
}

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
      throw Error(context_ + ": unknown key '" + item.key() + "' (known keys: " +
                  join(seen_, [](const std::string& k) { return k; }) + ")");
    }
  }
}

namespace {

// Why `text` may not be handed to nlohmann, or "" when it may.
std::string refusal(const std::string& text) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (c == '\0') return "a NUL byte";
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kJsonMaxDepth) return "JSON nested deeper than " + std::to_string(kJsonMaxDepth) + " levels";
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return "";
}

// Parses text that passed refusal(); `duplicate` receives the first key named twice in one object.
nlohmann::json parse_checked(const std::string& text, std::string& duplicate) {
  std::vector<std::set<std::string>> keys;  // keys seen in each open object, innermost last
  const nlohmann::json::parser_callback_t track = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& v) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) keys.emplace_back();
    if (event == Event::object_end && !keys.empty()) keys.pop_back();
    if (event == Event::key && !keys.empty() && !keys.back().insert(v.get<std::string>()).second &&
        duplicate.empty()) {
      duplicate = v.get<std::string>();
    }
    return true;
  };
  return nlohmann::json::parse(text, track, /*allow_exceptions=*/false);
}

}  // namespace

nlohmann::json parse_json(const std::string& text, const std::string& source) {
  const std::string why = refusal(text);
  if (!why.empty()) throw Error(source + ": expected JSON, found " + why);
  std::string duplicate;
  auto value = parse_checked(text, duplicate);
  if (!duplicate.empty()) throw Error(source + ": the key '" + duplicate + "' appears twice in one object");
  if (value.is_discarded()) {
    try {
      const auto again = nlohmann::json::parse(text);  // again, for nlohmann's message with the position
      (void)again;
    } catch (const nlohmann::json::exception& e) {
      throw Error(source + ": invalid JSON (" + e.what() + ")");
    }
    throw Error(source + ": invalid JSON");
  }
  return value;
}

nlohmann::json try_parse_json(const std::string& text) {
  std::string duplicate;
  if (!refusal(text).empty()) return nlohmann::json(nlohmann::json::value_t::discarded);
  auto value = parse_checked(text, duplicate);
  return duplicate.empty() ? value : nlohmann::json(nlohmann::json::value_t::discarded);
}

nlohmann::json read_json_file(const std::filesystem::path& path, uintmax_t max_bytes) {
  return parse_json(read_file(path, max_bytes), path.string());
}

void apply_set(nlohmann::json& config, const std::string& assignment) {
  if (!is_utf8(assignment)) throw Error("--set " + json_text(assignment) + ": expected UTF-8 text");
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw Error("--set '" + assignment + "': expected key=value");
  const std::string key = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  const std::string why = refusal(text);
  if (!why.empty()) throw Error("--set '" + key + "': expected a JSON value or text, found " + why);
  nlohmann::json value = try_parse_json(text);
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
