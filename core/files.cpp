#include "core/files.h"

#include "core/error.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTempMarker = ".genzoo-tmp.";

std::string os_error(const fs::path& path, const std::string& what, int error) {
  return path.string() + ": " + what + " failed (" + std::strerror(error) + ")";
}

// Closes the descriptor and removes the temporary file unless committed.
class TempFile {
 public:
  explicit TempFile(const fs::path& target)
      : path_(target.parent_path() / ("." + target.filename().string() + kTempMarker + std::to_string(getpid()))) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw Error(os_error(target, "creating " + path_.string(), errno));
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const fs::path& path() const { return path_; }
  void close(const fs::path& target) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(os_error(target, "closing", errno));
  }
  void commit() { committed_ = true; }

 private:
  fs::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

void write_all(int fd, const std::string& bytes, const fs::path& target) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(os_error(target, "writing", errno));
    done += static_cast<size_t>(n);
  }
}

void sync_directory(const fs::path& dir, const fs::path& target) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error(os_error(target, "opening its directory", errno));
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0 && error != EINVAL) throw Error(os_error(target, "syncing its directory", error));
}

}  // namespace

void write_file_atomic(const fs::path& path, const std::string& bytes) {
  const fs::path dir = path.parent_path();
  if (!dir.empty()) fs::create_directories(dir);
  TempFile tmp(path);
  write_all(tmp.fd(), bytes, path);
  if (::fsync(tmp.fd()) != 0) throw Error(os_error(path, "syncing", errno));
  tmp.close(path);
  if (::rename(tmp.path().c_str(), path.c_str()) != 0) throw Error(os_error(path, "renaming into place", errno));
  tmp.commit();
  sync_directory(dir, path);
}

std::string read_file(const fs::path& path, uintmax_t max_bytes) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error(path.string() + ": cannot open (no such file)");
  if (!fs::is_regular_file(status)) throw Error(path.string() + ": cannot open (not a regular file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot open (" + std::strerror(errno) + ")");
  const uintmax_t size = fs::file_size(path);
  if (size > max_bytes) {
    throw Error(path.string() + ": expected at most " + std::to_string(max_bytes) + " bytes, found " +
                std::to_string(size));
  }
  return naming_source(path.string(), [&] {
    std::string bytes(static_cast<size_t>(size), '\0');  // may be a bad_alloc, named
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad() || in.gcount() != static_cast<std::streamsize>(bytes.size())) {
      throw Error(path.string() + ": read failed");
    }
    return bytes;
  });
}

void refuse_overwriting(const fs::path& out, const std::vector<fs::path>& inputs) {
  struct stat target {};
  if (::stat(out.c_str(), &target) != 0) return;  // a new file overwrites nothing
  for (const auto& input : inputs) {
    struct stat source {};
    if (!input.empty() && ::stat(input.c_str(), &source) == 0 && source.st_dev == target.st_dev &&
        source.st_ino == target.st_ino) {
      throw Error(out.string() + ": is " + input.string() + ", which this command reads; choose another output");
    }
  }
}

void remove_tree(const fs::path& dir) noexcept {
  const auto remove_entry = [](const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); };
  ::nftw(dir.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int remove_temporary_files(const fs::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.size() > 1 && name[0] == '.' && name.find(kTempMarker) != std::string::npos && fs::remove(entry, ec)) {
      ++removed;
    }
  }
  return removed;
}

DirectoryLock::DirectoryLock(const fs::path& dir) {
  fs::create_directories(dir);
  const auto path = dir / ".lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
  if (fd_ < 0) throw Error(os_error(path, "opening the lock file", errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {  // a FIFO or device planted as .lock
    ::close(fd_);
    fd_ = -1;
    throw Error(path.string() + ": expected a regular lock file, found something else; remove it");
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char pid[32] = {0};
    const ssize_t n = ::pread(fd_, pid, sizeof pid - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (error != EWOULDBLOCK) throw Error(os_error(path, "locking", error));
    throw Error(dir.string() + ": in use by process " + (n > 0 ? std::string(pid, static_cast<size_t>(n)) : "?") +
                " (a train or resume there); wait for it to finish, or choose another --out");
  }
  const std::string me = std::to_string(getpid());
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, me.data(), me.size(), 0) != static_cast<ssize_t>(me.size())) {
    // The lock holds without the PID; a second process then says "process ?".
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);
}

int64_t lock_holder(const fs::path& dir) {
  const auto path = dir / ".lock";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);  // a FIFO never blocks
  if (fd < 0) return 0;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return 0;
  }
  int64_t holder = 0;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    char pid[32] = {0};
    const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
    holder = n > 0 ? std::max<int64_t>(1, std::atoll(pid)) : 1;  // held; 1 when the PID is not written yet
  }
  ::close(fd);  // releases a shared lock taken here
  return holder;
}

}  // namespace genzoo
