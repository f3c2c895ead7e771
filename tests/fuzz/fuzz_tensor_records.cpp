// Crafted tensor records (formats/tensor_records.h): a valid genzoo checkpoint of a small VAE whose records the
// fuzzer cuts short, rebuilt as a well-formed zip with LibTorch's own writer. Loading either fails with an error
// naming the file, or every tensor it hands out lies inside bytes the process owns (ASan checks the reads).
#include "core/json.h"
#include "formats/archive.h"
#include "formats/module_state.h"
#include "fuzz_target.h"
#include "models/registry.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <sstream>

namespace {

// A bare zip archive (no genzoo header: the path that loads unchecked files) of a tiny VAE's state.
const std::string& seed_archive() {
  static const std::string bytes = [] {
    auto model = genzoo::make_model("vae", {{"hidden", 4}, {"latent", 2}});
    torch::serialize::OutputArchive out;
    genzoo::write_meta(out, {{"model", "vae"}});
    genzoo::write_module_state(out, "model", *model);
    std::ostringstream zip;
    out.save_to(zip);
    return zip.str();
  }();
  return bytes;
}

// The seed with each data record cut to the length the fuzzer's bytes choose (one byte per record, 255: whole).
std::string with_cut_records(const uint8_t* cut, size_t n) {
  std::istringstream in(seed_archive());
  caffe2::serialize::PyTorchStreamReader reader(&in);
  std::string out;
  caffe2::serialize::PyTorchStreamWriter writer([&out](const void* data, size_t size) {
    out.append(static_cast<const char*>(data), size);
    return size;
  });
  size_t i = 0;
  for (const auto& name : reader.getAllRecords()) {
    if (name == "version" || name == ".data/version") continue;  // the writer adds its own
    auto [data, size] = reader.getRecord(name);
    if (name.find("data/") != std::string::npos && i < n) {
      if (cut[i] != 255) size = std::min<size_t>(size, cut[i] * size / 255);
      ++i;
    }
    writer.writeRecord(name, data.get(), size);
  }
  writer.writeEndOfFile();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto bytes = with_cut_records(data, size);
  genzoo::fuzz::expect_errors_naming("fuzz.pt", [&] {
    auto archive = genzoo::archive_from_bytes(bytes, "fuzz.pt");
    (void)genzoo::read_meta(archive, "fuzz.pt");
    auto model = genzoo::make_model("vae", {{"hidden", 4}, {"latent", 2}});
    genzoo::read_module_state(archive, "model", *model, "fuzz.pt");
    for (const auto& p : model->parameters()) (void)p.sum().item<float>();  // every byte read
  });
  return 0;
}
