#pragma once
/// TensorBoard event files without protobuf or TensorFlow: TFRecord framing (u64 length, masked CRC-32C of the
/// length, the data, masked CRC-32C of the data) around `tensorflow.Event` messages encoded by hand — wall_time,
/// step, and either the file_version or a summary of scalars or a PNG image. TensorBoard reads any file whose
/// name contains "tfevents"; a resumed run appends a new file to the same directory and the curves continue.
///
///   genzoo::EventWriter tb("runs/vae/tb");      // tb/events.out.tfevents.<time>.<host>.<pid>.genzoo
///   tb.scalars({{"train/loss", 101.3}, {"test/loss", 104.9}}, /*step=*/700);
///   tb.image("samples", png_bytes, /*height=*/242, /*width=*/242, /*channels=*/1, /*step=*/700);
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace genzoo {

/// CRC-32C (Castagnoli, reflected 0x82F63B78), continuing from `crc`; crc32c("123456789") == 0xE3069283.
uint32_t crc32c(const void* data, size_t size, uint32_t crc = 0);

/// The CRC TFRecords store: rotated right by 15 bits plus 0xa282ead8.
uint32_t masked_crc32c(const void* data, size_t size);

class EventWriter {
 public:
  /// Creates `dir` if needed and a new event file in it, whose first record holds file_version "brain.Event:2".
  explicit EventWriter(const std::filesystem::path& dir);
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  /// One event holding a scalar per tag, at `step`.
  void scalars(const std::map<std::string, double>& values, int64_t step);
  /// One event holding an encoded image (PNG bytes) of height x width x channels (1 grey, 3 RGB, 4 RGBA).
  void image(const std::string& tag, const std::string& png, int height, int width, int channels, int64_t step);

  const std::filesystem::path& path() const { return path_; }

 private:
  void write_event(const std::string& body, int64_t step);  // body: the Event fields after wall_time and step
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace genzoo
