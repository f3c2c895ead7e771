#pragma once
/// Files written atomically and durably: a temporary file beside the target, written, flushed and fsync'd, renamed
/// over the target, then the directory fsync'd. A failure removes the temporary file, leaves the previous file
/// intact, and is an error naming the path and the OS error (a full disk says so; it does not abort the process).
///
///   genzoo::write_file_atomic("runs/vae/config.json", config.dump(2) + "\n");
///   auto bytes = genzoo::read_file("runs/vae/checkpoint.pt");
#include <filesystem>
#include <string>

namespace genzoo {

/// Replaces `path` with `bytes` (creating parent directories), or throws with the previous file untouched.
void write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

/// The whole file; an unreadable or non-regular file is an error naming it.
std::string read_file(const std::filesystem::path& path);

}  // namespace genzoo
