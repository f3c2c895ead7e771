#pragma once
/// genzoo's archive files (.pt): a LibTorch archive with a format version, a JSON metadata entry and named
/// sub-archives, behind a header holding the SHA-256 of the archive, so flipped bits are an error on load rather
/// than garbage samples. Written atomically and durably (serialised in memory first, so a full disk is an error
/// naming the file instead of an abort inside LibTorch's zip writer).
///
///   torch::serialize::OutputArchive out;
///   genzoo::write_meta(out, {{"model", "lenet-classifier"}});
///   genzoo::write_module_state(out, "model", *classifier);       // formats/module_state.h
///   genzoo::save_archive(out, "weights/classifier-mnist.pt");
///
///   auto in = genzoo::open_archive("weights/classifier-mnist.pt");
///   auto meta = genzoo::read_meta(in, "weights/classifier-mnist.pt");
#include <nlohmann/json.hpp>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <filesystem>
#include <string>

namespace genzoo {

/// Version of the archive layout; bumped when it changes incompatibly.
constexpr int64_t kArchiveFormatVersion = 1;

/// Opens an archive file, verifying its SHA-256; a missing, unreadable or corrupt file is an error naming it.
torch::serialize::InputArchive open_archive(const std::filesystem::path& path);

void write_meta(torch::serialize::OutputArchive& archive, const nlohmann::json& meta);
/// Reads the metadata and checks the format version; `source` names the file in messages.
nlohmann::json read_meta(torch::serialize::InputArchive& archive, const std::string& source);

/// Serialises the archive in memory, then replaces `path` atomically and durably (core/files.h).
void save_archive(torch::serialize::OutputArchive& archive, const std::filesystem::path& path);

/// The bytes save_archive writes (header and checksum included), and an archive read back from them; `source`
/// names them in messages.
std::string archive_bytes(torch::serialize::OutputArchive& archive, const std::string& source);
torch::serialize::InputArchive archive_from_bytes(const std::string& bytes, const std::string& source);

}  // namespace genzoo
