#pragma once
/// One checked way to read LibTorch archives: LibTorch 1.13 sizes each tensor from the archive's pickle and points
/// it at whatever bytes the tensor's zip record holds, so a crafted record shorter than its tensor (a SHA-256 does
/// not stop a crafted file) would be read past its end by whoever uses the tensor. load_checked() notes the size
/// of every buffer LibTorch allocates while it reads the archive, then requires each tensor, at any depth (module
/// parameters, optimiser state, RNG state, saved latents), to lie inside the buffer its storage points into.
///
///   torch::serialize::InputArchive archive;
///   genzoo::load_checked(archive, bytes.data(), bytes.size(), "run/checkpoint.pt");
///   // "run/checkpoint.pt: tensor 'model.fc1.weight': its record holds 4 bytes, its pickle declares [400, 784] ..."
#include <torch/serialize/input-archive.h>

#include <cstddef>
#include <string>

namespace genzoo {

/// archive.load_from(data, size, CPU), then the check; a failure of either is an Error naming `source`.
void load_checked(torch::serialize::InputArchive& archive, const char* data, size_t size, const std::string& source);

}  // namespace genzoo
