#include "loading/run_layout.h"

#include <system_error>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

fs::path resolved(const fs::path& path) {
  std::error_code ec;
  auto out = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : out;
}

bool inside(const fs::path& path, const fs::path& dir) {
  const auto p = resolved(path), d = resolved(dir);
  auto it = p.begin();
  for (const auto& part : d) {
    if (it == p.end() || *it != part) return false;
    ++it;
  }
  return it != p.end();
}

}  // namespace

bool RunLayout::owns(const fs::path& path) const {
  const auto target = resolved(path);
  for (const auto& file : {checkpoint(), best(), config(), metrics(), samples(), exported(), commands(), report(),
                           eval_report(), lock()}) {
    if (resolved(file) == target) return true;
  }
  for (const char* view : view_file::kAll) {
    if (resolved(dir / view) == target) return true;
  }
  return inside(path, dir / "samples") || inside(path, tensorboard());
}

bool RunLayout::holds(const fs::path& path) const {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() == fs::file_type::regular && !ec && inside(path, dir);
}

bool RunLayout::is_run(const fs::path& dir) {
  std::error_code ec;
  const RunLayout run(dir);
  return fs::exists(run.config(), ec) || fs::exists(run.checkpoint(), ec);
}

std::optional<RunLayout> owning_run(const fs::path& path) {
  const auto parent = resolved(path).parent_path();
  for (const auto& dir : {parent, parent.parent_path()}) {
    if (!dir.empty() && RunLayout::is_run(dir) && RunLayout(dir).owns(path)) return RunLayout(dir);
  }
  return std::nullopt;
}

}  // namespace genzoo
