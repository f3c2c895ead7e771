#include "formats/module_state.h"

#include "core/error.h"

#include <torch/torch.h>

#include <algorithm>
#include <set>

namespace genzoo {
namespace {

std::string shape_str(const torch::Tensor& t) { return c10::str(t.sizes()); }

void read_module_tree(torch::serialize::InputArchive& archive, torch::nn::Module& module, const std::string& prefix,
                      const std::string& source) {
  std::set<std::string> expected;
  auto read_tensor = [&](const std::string& name, torch::Tensor& target, bool is_buffer) {
    expected.insert(name);
    torch::Tensor stored;
    if (!archive.try_read(name, stored, is_buffer)) throw Error(source + ": tensor '" + prefix + name + "' is missing");
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

}  // namespace

std::map<std::string, torch::Tensor> module_tensors(const torch::nn::Module& module) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& p : module.named_parameters(/*recurse=*/true)) out[p.key()] = p.value().detach();
  for (const auto& b : module.named_buffers(/*recurse=*/true)) out[b.key()] = b.value().detach();
  return out;
}

void load_module_tensors(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& tensors,
                         const std::string& source, const std::vector<std::string>& skip) {
  const auto skipped = [&](const std::string& name) {
    return std::any_of(skip.begin(), skip.end(), [&](const std::string& p) { return name.rfind(p, 0) == 0; });
  };
  auto targets = module_tensors(module);
  for (const auto& [name, value] : tensors) {
    if (skipped(name) || !targets.count(name)) throw Error(source + ": unexpected tensor '" + name + "'");
  }
  for (auto& [name, target] : targets) {
    if (skipped(name)) continue;
    auto it = tensors.find(name);
    if (it == tensors.end()) throw Error(source + ": tensor '" + name + "' is missing");
    copy_checked(target, it->second, name, source);
  }
}

void copy_checked(torch::Tensor& target, const torch::Tensor& stored, const std::string& name,
                  const std::string& source) {
  if (stored.sizes() != target.sizes()) {
    throw Error(source + ": tensor '" + name + "': expected shape " + shape_str(target) + ", found " +
                shape_str(stored));
  }
  if (stored.scalar_type() != target.scalar_type()) {
    throw Error(source + ": tensor '" + name + "': expected dtype " + std::string(c10::toString(target.scalar_type())) +
                ", found " + c10::toString(stored.scalar_type()));
  }
  torch::NoGradGuard no_grad;
  target.copy_(stored);
}

void write_module_state(torch::serialize::OutputArchive& archive, const std::string& key,
                        const torch::nn::Module& module) {
  torch::serialize::OutputArchive sub(archive.compilation_unit());
  module.save(sub);
  archive.write(key, sub);
}

void read_module_state(torch::serialize::InputArchive& archive, const std::string& key, torch::nn::Module& module,
                       const std::string& source) {
  torch::serialize::InputArchive sub;
  if (!archive.try_read(key, sub)) throw Error(source + ": '" + key + "' state is missing");
  read_module_tree(sub, module, key + ".", source);
}

}  // namespace genzoo
