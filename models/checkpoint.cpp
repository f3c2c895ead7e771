#include "models/checkpoint.h"

#include "data/error.h"

#include <torch/torch.h>

#include <fstream>
#include <set>
#include <unistd.h>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

std::string shape_str(const torch::Tensor& t) { return c10::str(t.sizes()); }

void read_module_tree(torch::serialize::InputArchive& archive, torch::nn::Module& module,
                      const std::string& prefix, const std::string& source) {
  std::set<std::string> expected;
  auto read_tensor = [&](const std::string& name, torch::Tensor& target, bool is_buffer) {
    expected.insert(name);
    torch::Tensor stored;
    if (!archive.try_read(name, stored, is_buffer)) {
      throw Error(source + ": tensor '" + prefix + name + "' is missing");
    }
    copy_checked(target, stored, prefix + name, source);
  };
  for (auto& p : module.named_parameters(/*recurse=*/false)) read_tensor(p.key(), p.value(), false);
  for (auto& b : module.named_buffers(/*recurse=*/false)) read_tensor(b.key(), b.value(), true);
  for (auto& child : module.named_children()) {
    expected.insert(child.key());
    torch::serialize::InputArchive child_archive;
    if (!archive.try_read(child.key(), child_archive)) {
      throw Error(source + ": module '" + prefix + child.key() + "' is missing");
    }
    read_module_tree(child_archive, *child.value(), prefix + child.key() + ".", source);
  }
  for (const auto& key : archive.keys()) {
    if (key != "training" && !expected.count(key)) {
      throw Error(source + ": unexpected tensor '" + prefix + key + "' (not in the model)");
    }
  }
}

fs::path temp_beside(const fs::path& path) {
  return path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(getpid()));
}

}  // namespace

fs::path resolve_checkpoint_path(const fs::path& path) {
  return fs::is_directory(path) ? path / "checkpoint.pt" : path;
}

torch::serialize::InputArchive open_checkpoint(const fs::path& path) {
  if (!fs::exists(path)) throw Error(path.string() + ": no such checkpoint");
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string(), torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": not a readable checkpoint (" + e.what_without_backtrace() + ")");
  }
  return archive;
}

void write_meta(torch::serialize::OutputArchive& archive, const nlohmann::json& meta) {
  archive.write("genzoo_format", c10::IValue(kCheckpointFormatVersion));
  archive.write("genzoo_meta", c10::IValue(meta.dump()));
}

nlohmann::json read_meta(torch::serialize::InputArchive& archive, const std::string& source) {
  c10::IValue version, meta;
  if (!archive.try_read("genzoo_format", version) || !archive.try_read("genzoo_meta", meta)) {
    throw Error(source + ": not a genzoo checkpoint (no genzoo_format/genzoo_meta entries)");
  }
  if (!version.isInt() || version.toInt() != kCheckpointFormatVersion) {
    throw Error(source + ": checkpoint format version: expected " +
                std::to_string(kCheckpointFormatVersion) + ", found " +
                (version.isInt() ? std::to_string(version.toInt()) : "a non-integer"));
  }
  try {
    return nlohmann::json::parse(meta.toStringRef());
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": genzoo_meta is not valid JSON (" + e.what() + ")");
  }
}

void write_module_state(torch::serialize::OutputArchive& archive, const std::string& key,
                        const torch::nn::Module& module) {
  torch::serialize::OutputArchive sub(archive.compilation_unit());
  module.save(sub);
  archive.write(key, sub);
}

void read_module_state(torch::serialize::InputArchive& archive, const std::string& key,
                       torch::nn::Module& module, const std::string& source) {
  torch::serialize::InputArchive sub;
  if (!archive.try_read(key, sub)) throw Error(source + ": '" + key + "' state is missing");
  read_module_tree(sub, module, key + ".", source);
}

void copy_checked(torch::Tensor& target, const torch::Tensor& stored, const std::string& name,
                  const std::string& source) {
  if (stored.sizes() != target.sizes()) {
    throw Error(source + ": tensor '" + name + "': expected shape " + shape_str(target) + ", found " +
                shape_str(stored));
  }
  if (stored.scalar_type() != target.scalar_type()) {
    throw Error(source + ": tensor '" + name + "': expected dtype " +
                std::string(c10::toString(target.scalar_type())) + ", found " + c10::toString(stored.scalar_type()));
  }
  torch::NoGradGuard no_grad;
  target.copy_(stored);
}

void save_atomic(torch::serialize::OutputArchive& archive, const fs::path& path) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  const fs::path tmp = temp_beside(path);
  try {
    archive.save_to(tmp.string());
  } catch (const c10::Error& e) {
    throw Error(path.string() + ": cannot write checkpoint (" + e.what_without_backtrace() + ")");
  }
  fs::rename(tmp, path);
}

void write_text_atomic(const fs::path& path, const std::string& text) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  const fs::path tmp = temp_beside(path);
  {
    std::ofstream out(tmp);
    out << text;
    if (!out.flush()) throw Error(path.string() + ": cannot write");
  }
  fs::rename(tmp, path);
}

}  // namespace genzoo
