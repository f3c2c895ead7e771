#include "core/tensorboard.h"

#include "core/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr std::array<uint32_t, 256> make_crc32c_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr auto kCrc32cTable = make_crc32c_table();

// Protocol buffer wire format: a field's key is (number << 3) | wire type.
enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

void put_varint(std::string& out, uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7F) | 0x80));
  out.push_back(static_cast<char>(v));
}

void put_key(std::string& out, uint32_t field, WireType type) { put_varint(out, (uint64_t{field} << 3) | type); }

template <typename T>
void put_little_endian(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));  // x86-64 and aarch64 are little-endian, as the format is
  out.append(bytes, sizeof(T));
}

void put_bytes(std::string& out, uint32_t field, const std::string& bytes) {
  put_key(out, field, kLengthDelimited);
  put_varint(out, bytes.size());
  out += bytes;
}

void put_double(std::string& out, uint32_t field, double v) {
  put_key(out, field, kFixed64);
  put_little_endian(out, v);
}

void put_float(std::string& out, uint32_t field, float v) {
  put_key(out, field, kFixed32);
  put_little_endian(out, v);
}

void put_int(std::string& out, uint32_t field, int64_t v) {
  put_key(out, field, kVarint);
  put_varint(out, static_cast<uint64_t>(v));
}

// tensorflow.Event fields (event.proto), Summary and Summary.Value / Summary.Image (summary.proto).
constexpr uint32_t kEventWallTime = 1, kEventStep = 2, kEventFileVersion = 3, kEventSummary = 5;
constexpr uint32_t kSummaryValue = 1;
constexpr uint32_t kValueTag = 1, kValueSimpleValue = 2, kValueImage = 4;
constexpr uint32_t kImageHeight = 1, kImageWidth = 2, kImageColorspace = 3, kImageEncoded = 4;

std::string hostname() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
  return name;
}

}  // namespace

uint32_t crc32c(const void* data, size_t size, uint32_t crc) {
  const auto* p = static_cast<const uint8_t*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = kCrc32cTable[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t masked_crc32c(const void* data, size_t size) {
  const uint32_t crc = crc32c(data, size);
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

EventWriter::EventWriter(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(dir.string() + ": cannot create (" + ec.message() + ")");
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const std::string name = "events.out.tfevents." +
                           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + "." +
                           hostname() + "." + std::to_string(::getpid()) + ".genzoo";
  path_ = dir / name;
  for (int attempt = 0; fd_ < 0; ++attempt) {  // a resume within the same second by the same PID: a new name
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0 && (errno != EEXIST || attempt > 100)) {
      throw Error(path_.string() + ": cannot create (" + std::strerror(errno) + ")");
    }
    if (fd_ < 0) path_ = dir / (name + "." + std::to_string(attempt + 1));
  }
  std::string body;
  put_bytes(body, kEventFileVersion, "brain.Event:2");
  write_event(body, 0);
}

EventWriter::~EventWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void EventWriter::scalars(const std::map<std::string, double>& values, int64_t step) {
  std::string summary;
  for (const auto& [tag, value] : values) {
    std::string v;
    put_bytes(v, kValueTag, tag);
    put_float(v, kValueSimpleValue, static_cast<float>(value));
    put_bytes(summary, kSummaryValue, v);
  }
  std::string body;
  put_bytes(body, kEventSummary, summary);
  write_event(body, step);
}

void EventWriter::image(const std::string& tag, const std::string& png, int height, int width, int channels,
                        int64_t step) {
  std::string image;
  put_int(image, kImageHeight, height);
  put_int(image, kImageWidth, width);
  put_int(image, kImageColorspace, channels);
  put_bytes(image, kImageEncoded, png);
  std::string v;
  put_bytes(v, kValueTag, tag);
  put_bytes(v, kValueImage, image);
  std::string summary;
  put_bytes(summary, kSummaryValue, v);
  std::string body;
  put_bytes(body, kEventSummary, summary);
  write_event(body, step);
}

void EventWriter::write_event(const std::string& body, int64_t step) {
  std::string event;
  put_double(event, kEventWallTime,
             std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  put_int(event, kEventStep, step);
  event += body;
  std::string record;
  put_little_endian(record, static_cast<uint64_t>(event.size()));
  put_little_endian(record, masked_crc32c(record.data(), 8));
  record += event;
  put_little_endian(record, masked_crc32c(event.data(), event.size()));
  // One write per record (O_APPEND): a killed process leaves at most the last record cut short.
  for (size_t done = 0; done < record.size();) {
    const ssize_t n = ::write(fd_, record.data() + done, record.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(path_.string() + ": cannot append (" + std::strerror(errno) + ")");
    done += static_cast<size_t>(n);
  }
}

}  // namespace genzoo
