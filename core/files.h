#pragma once
/// Files written atomically and durably: a temporary file beside the target, written, flushed and fsync'd, renamed
/// over the target, then the directory fsync'd. A failure removes the temporary file, leaves the previous file
/// intact, and is an error naming the path and the OS error (a full disk says so; it does not abort the process).
///
///   genzoo::write_file_atomic("runs/vae/config.json", config.dump(2) + "\n");
///   auto bytes = genzoo::read_file("runs/vae/checkpoint.pt");
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

/// Replaces `path` with `bytes` (creating parent directories), or throws with the previous file untouched.
void write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

/// The whole file; an unreadable or non-regular file is an error naming it, and so is one larger than `max_bytes`
/// (checked before anything is allocated).
std::string read_file(const std::filesystem::path& path, uintmax_t max_bytes = UINTMAX_MAX);

/// Throws if `out` exists and is the same file (device and inode, whatever the names) as one of `inputs`, naming
/// both: no command writes over what it reads.
void refuse_overwriting(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs);

/// Removes a directory tree (nftw; std::filesystem::remove_all resolves to a broken copy inside the pip wheel's
/// libtorch.so and crashes there). Errors are ignored: for cleaning up temporary folders.
void remove_tree(const std::filesystem::path& dir) noexcept;

/// Removes the temporary files that write_file_atomic leaves in `dir` when its process is killed mid-write; call it
/// only while holding the directory's lock. Returns how many.
int remove_temporary_files(const std::filesystem::path& dir);

/// An exclusive lock on a directory for the life of the object: a lock file (`.lock`, flock) that the kernel
/// releases when the process ends, so a killed process leaves nothing stale. A second holder fails at once with an
/// error naming the directory and the holder's PID.
///
///   genzoo::DirectoryLock lock("runs/vae");   // throws "runs/vae: in use by process 4242 ..."
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

/// The PID holding `dir`'s DirectoryLock, or 0 when nobody does; takes nothing and creates nothing.
int64_t lock_holder(const std::filesystem::path& dir);

}  // namespace genzoo
