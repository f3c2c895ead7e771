#include "formats/tensor_records.h"

#include "core/error.h"

#include <c10/core/CPUAllocator.h>
#include <torch/torch.h>

#include <cstring>
#include <map>
#include <mutex>

namespace genzoo {
namespace {

// Delegates every CPU allocation to the allocator it replaces, unchanged (same pointer, same deleter), and notes
// its size. Installed only while an archive loads. The methods carry no `override`: LibTorch 2.x dropped the
// const of allocate() and added copy_data(), and both spellings must compile.
class RecordingAllocator final : public c10::Allocator {
 public:
  RecordingAllocator() : inner_(c10::GetCPUAllocator()) { c10::SetCPUAllocator(this, kPriority); }
  ~RecordingAllocator() { c10::SetCPUAllocator(inner_, kPriority); }
  RecordingAllocator(const RecordingAllocator&) = delete;
  RecordingAllocator& operator=(const RecordingAllocator&) = delete;

  c10::DataPtr allocate(size_t n) const { return record(n); }
  c10::DataPtr allocate(size_t n) { return record(n); }
  c10::DeleterFnPtr raw_deleter() const { return inner_->raw_deleter(); }
  void copy_data(void* dest, const void* src, size_t count) const { std::memcpy(dest, src, count); }

  // Bytes of the recorded buffer that holds `p`, from `p` to the buffer's end; 0 if no recorded buffer holds it.
  size_t bytes_from(const void* p) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto* at = static_cast<const char*>(p);
    auto it = sizes_.upper_bound(at);
    if (it == sizes_.begin()) return 0;
    --it;
    const size_t into = static_cast<size_t>(at - it->first);
    return into < it->second ? it->second - into : 0;
  }

 private:
  static constexpr uint8_t kPriority = 255;  // above LibTorch's default, so the swap takes effect

  c10::DataPtr record(size_t n) const {
    auto ptr = inner_->allocate(n);
    std::lock_guard<std::mutex> lock(mutex_);
    if (ptr.get() != nullptr) sizes_[static_cast<const char*>(ptr.get())] = n;
    return ptr;
  }

  c10::Allocator* inner_;
  mutable std::mutex mutex_;
  mutable std::map<const char*, size_t> sizes_;
};

// Bytes a tensor's view reaches in its storage, from the storage's start; -1 when the numbers overflow.
int64_t bytes_reached(const torch::Tensor& t) {
  if (t.numel() == 0) return 0;
  int64_t last = t.storage_offset();
  bool overflow = last < 0;
  for (int64_t d = 0; d < t.dim(); ++d) {
    int64_t reach = 0;
    overflow |= t.stride(d) < 0 || __builtin_mul_overflow(t.size(d) - 1, t.stride(d), &reach) ||
                __builtin_add_overflow(last, reach, &last);
  }
  int64_t bytes = 0;
  overflow |= __builtin_add_overflow(last, int64_t{1}, &last) ||
              __builtin_mul_overflow(last, static_cast<int64_t>(t.element_size()), &bytes);
  return overflow ? -1 : bytes;
}

void check_tensor(const torch::Tensor& t, const RecordingAllocator& buffers, const std::string& source,
                  const std::string& name) {
  if (!t.defined() || !t.has_storage()) return;
  const int64_t needed = bytes_reached(t);
  if (needed == 0) return;
  const void* data = t.storage().data();
  const auto held = static_cast<int64_t>(data == nullptr ? 0 : buffers.bytes_from(data));
  if (needed < 0 || needed > held || needed > static_cast<int64_t>(t.storage().nbytes())) {
    throw Error(source + ": tensor '" + name + "': its record holds " + std::to_string(held) +
                " bytes, its pickle declares " + c10::str(t.sizes()) + " " + c10::toString(t.scalar_type()) +
                (needed < 0 ? " (sizes overflow)" : " (" + std::to_string(needed) + " bytes)"));
  }
}

void check_archive(torch::serialize::InputArchive& archive, const RecordingAllocator& buffers,
                   const std::string& source, const std::string& prefix) {
  for (const auto& key : archive.keys()) {
    c10::IValue value;
    if (!archive.try_read(key, value)) continue;
    if (value.isObject() && value.toObjectRef().type()->is_module()) {
      torch::serialize::InputArchive child;
      if (archive.try_read(key, child)) check_archive(child, buffers, source, prefix + key + ".");
      continue;
    }
    value.visit([&](const c10::IValue& v) {
      if (v.isTensor()) check_tensor(v.toTensor(), buffers, source, prefix + key);
      return false;  // go on into lists, tuples, dicts and objects
    });
  }
}

}  // namespace

void load_checked(torch::serialize::InputArchive& archive, const char* data, size_t size, const std::string& source) {
  try {
    RecordingAllocator buffers;
    archive.load_from(data, size, torch::Device(torch::kCPU));
    check_archive(archive, buffers, source, "");
  } catch (const c10::Error& e) {
    throw Error(source + ": not a readable checkpoint (" + e.what_without_backtrace() + ")");
  }
}

}  // namespace genzoo
