#pragma once
/// A module's tensors by dotted name, copied in strictly: a missing, unexpected, wrong-shaped or wrong-dtype tensor
/// is an error naming it (torch::load would accept wrong shapes silently). Serves both genzoo archives and
/// safetensors files.
///
///   auto tensors = genzoo::module_tensors(*model);                      // "generator.bn1.running_mean", ...
///   genzoo::load_module_tensors(*model, file.tensors, "gan.safetensors", {"critic."});
///   genzoo::write_module_state(archive, "model", *model);               // into a torch archive, and back:
///   genzoo::read_module_state(archive, "model", *model, "checkpoint.pt");
#include <torch/nn/module.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>
#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace genzoo {

/// Every parameter and buffer of a module by its dotted name ("encoder.conv1.weight", "bn.running_mean", ...).
std::map<std::string, torch::Tensor> module_tensors(const torch::nn::Module& module);

/// Copies tensors into a module. Names starting with a prefix in `skip` are neither required nor accepted.
void load_module_tensors(torch::nn::Module& module, const std::map<std::string, torch::Tensor>& tensors,
                         const std::string& source, const std::vector<std::string>& skip = {});

/// Copies `stored` into the parameter or buffer `target` when shape and dtype match; otherwise an error naming
/// `source`, the tensor `name`, what was expected and what was found.
void copy_checked(torch::Tensor& target, const torch::Tensor& stored, const std::string& name,
                  const std::string& source);

/// Stores every parameter and buffer of `module` under `key` of an archive.
void write_module_state(torch::serialize::OutputArchive& archive, const std::string& key,
                        const torch::nn::Module& module);
/// Loads them back into `module`, strictly.
void read_module_state(torch::serialize::InputArchive& archive, const std::string& key, torch::nn::Module& module,
                       const std::string& source);

}  // namespace genzoo
