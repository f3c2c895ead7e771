#include "report/report.h"

#include "core/base64.h"
#include "core/error.h"
#include "core/files.h"
#include "core/json.h"
#include "core/text.h"
#include "loading/run_layout.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

namespace genzoo {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMostGrids = 60;  // a long run shows this many epochs' grids, evenly spaced, the last included

struct RunRecord {
  fs::path dir;
  std::string name;
  nlohmann::json config;
  std::string commands;
  std::vector<nlohmann::json> lines;  // metrics.jsonl
  nlohmann::json eval;                // eval.json, or null
  int64_t best_step = -1;             // the lowest eval/fld (the first of equals, as fit keeps best.pt)
  double best_fld = 0;
};

std::vector<nlohmann::json> read_metrics_lines(const fs::path& path) {
  std::vector<nlohmann::json> lines;
  if (!fs::exists(path)) return lines;
  std::istringstream in(read_file(path));
  std::vector<std::string> texts;
  for (std::string text; std::getline(in, text);) texts.push_back(text);
  for (size_t i = 0; i < texts.size(); ++i) {
    auto j = try_parse_json(texts[i]);
    if (j.is_object() && j.contains("step") && j["step"].is_number()) {
      lines.push_back(std::move(j));
    } else if (i + 1 < texts.size()) {
      throw Error(path.string() + ": line " + std::to_string(i + 1) + ": expected a JSON object with a step, found '" +
                  texts[i].substr(0, 60) + "'");
    }
  }
  return lines;
}

RunRecord read_run(const fs::path& dir) {
  const RunLayout run(dir);
  RunRecord r;
  r.dir = dir;
  r.name = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  if (!fs::exists(run.config())) throw Error(dir.string() + ": not a run directory (no config.json)");
  r.config = read_json_file(run.config());
  if (fs::exists(run.commands())) r.commands = read_file(run.commands());
  if (fs::exists(run.eval_report())) r.eval = read_json_file(run.eval_report());
  r.lines = read_metrics_lines(run.metrics());
  for (const auto& line : r.lines) {
    if (line.value(metrics_key::kType, "") != std::string(metrics_line::kEval) ||
        !line.contains(metrics_key::kEvalFld) || !line[metrics_key::kEvalFld].is_number()) {
      continue;
    }
    const double fld = line[metrics_key::kEvalFld].get<double>();
    if (r.best_step < 0 || fld < r.best_fld) {
      r.best_fld = fld;
      r.best_step = line["step"].get<int64_t>();
    }
  }
  return r;
}

std::vector<RunRecord> read_runs(const std::vector<fs::path>& dirs) {
  if (dirs.empty()) throw Error("report: name at least one run directory");
  std::vector<RunRecord> runs;
  for (const auto& dir : dirs) runs.push_back(read_run(dir));
  for (auto& r : runs) {  // two runs of one name (a/run, b/run) are told apart by their paths
    const auto same = std::count_if(runs.begin(), runs.end(), [&](const RunRecord& o) { return o.name == r.name; });
    if (same > 1) r.name = r.dir.string();
  }
  return runs;
}

std::string family_of(const std::string& key) {
  std::string base = key;
  for (const char* prefix : {"train/", "test/", "eval/"}) {
    if (base.rfind(prefix, 0) == 0) base = base.substr(std::string(prefix).size());
  }
  if (base.rfind("raw_", 0) == 0) base = base.substr(4);
  const auto slash = base.find('/');
  return slash == std::string::npos ? base : base.substr(0, slash) + "/*";
}

// Scores first (FLD leading), then losses, speed last.
int panel_rank(const ChartPanel& panel) {
  if (panel.title == "fld") return 0;
  if (panel.title == "images_per_s") return 3;
  const bool scores = std::any_of(panel.series.begin(), panel.series.end(),
                                  [](const ChartSeries& s) { return s.label.find("eval/") != std::string::npos; });
  return scores ? 1 : 2;
}

// Runs in the order given; within one: logged steps, train/, test/, eval/, eval/raw_.
std::pair<size_t, int> series_rank(const std::string& label, const std::vector<RunRecord>& runs) {
  size_t run = 0;
  for (size_t i = 0; runs.size() > 1 && i < runs.size(); ++i) {
    if (label.rfind(runs[i].name + ": ", 0) == 0) run = i;
  }
  int kind = 0;
  if (label.find("train/") != std::string::npos) kind = 1;
  if (label.find("test/") != std::string::npos) kind = 2;
  if (label.find("eval/") != std::string::npos) kind = label.find("eval/raw_") != std::string::npos ? 4 : 3;
  return {run, kind};
}

std::vector<ChartPanel> panels_of(const std::vector<RunRecord>& runs) {
  std::vector<ChartPanel> panels;
  std::map<std::string, size_t> panel_at;
  for (const auto& r : runs) {
    const std::string prefix = runs.size() > 1 ? r.name + ": " : "";
    std::map<std::string, std::pair<size_t, size_t>> series_at;  // label -> (panel, series)
    std::vector<std::string> families_here;
    for (const auto& line : r.lines) {
      const bool step_line = line.value(metrics_key::kType, "") == std::string(metrics_line::kStep);
      for (const auto& [key, value] : line.items()) {
        if (!value.is_number() || key == metrics_key::kStep || key == metrics_key::kEpoch ||
            key == metrics_key::kTrainSeconds)
          continue;
        const auto family = family_of(key);
        if (!panel_at.count(family)) {
          panel_at[family] = panels.size();
          panels.push_back({family, {}, {}});
        }
        const std::string label = prefix + key + (step_line ? " (steps)" : "");
        if (!series_at.count(label)) {
          auto& panel = panels[panel_at[family]];
          series_at[label] = {panel_at[family], panel.series.size()};
          panel.series.push_back({label, {}});
          if (std::find(families_here.begin(), families_here.end(), family) == families_here.end()) {
            families_here.push_back(family);
          }
        }
        const auto [p, s] = series_at[label];
        panels[p].series[s].points.emplace_back(line["step"].get<double>(), value.get<double>());
      }
    }
    if (r.best_step < 0) continue;
    for (const auto& family : families_here) {
      panels[panel_at[family]].markers.push_back({runs.size() > 1 ? "best " + r.name : "best",
                                                  static_cast<double>(r.best_step)});
    }
  }
  for (auto& panel : panels) {  // the same kind of series draws in the same style in every panel
    std::stable_sort(panel.series.begin(), panel.series.end(), [&](const ChartSeries& a, const ChartSeries& b) {
      return series_rank(a.label, runs) < series_rank(b.label, runs);
    });
  }
  std::stable_sort(panels.begin(), panels.end(),
                   [](const ChartPanel& a, const ChartPanel& b) { return panel_rank(a) < panel_rank(b); });
  return panels;
}

std::string png_data_url(const fs::path& path) {
  return "data:image/png;base64," + base64_encode(read_file(path));
}

std::string figure(const fs::path& png, const std::string& caption, const std::string& css_class) {
  return "<figure class=\"" + css_class + "\"><img src=\"" + png_data_url(png) + "\" alt=\"" + html_escape(caption) +
         "\"><figcaption>" + html_escape(caption) + "</figcaption></figure>";
}

std::string grids_html(const RunRecord& r) {
  std::vector<std::pair<int64_t, fs::path>> grids;
  if (fs::is_directory(r.dir / "samples")) {
    for (const auto& entry : fs::directory_iterator(r.dir / "samples")) {
      const auto name = entry.path().filename().string();
      long epoch = 0;
      if (std::sscanf(name.c_str(), "epoch_%ld.png", &epoch) == 1 && RunLayout(r.dir).holds(entry.path())) {
        grids.emplace_back(epoch, entry.path());
      }
    }
  }
  std::sort(grids.begin(), grids.end());
  if (grids.empty()) return "<p>No sample grids yet (one is drawn at the end of every epoch).</p>";
  std::string html;
  if (grids.size() > kMostGrids) {
    html += "<p>" + std::to_string(kMostGrids) + " of " + std::to_string(grids.size()) +
            " epochs' grids, evenly spaced.</p>";
    std::vector<std::pair<int64_t, fs::path>> kept;
    for (size_t i = 0; i < kMostGrids; ++i) kept.push_back(grids[i * (grids.size() - 1) / (kMostGrids - 1)]);
    grids = kept;
  }
  html += "<div class=\"grids\">";
  for (const auto& [epoch, path] : grids) html += figure(path, "epoch " + std::to_string(epoch), "grid");
  return html + "</div>";
}

std::string score_cell(const nlohmann::json& side, const char* pointer) {
  const auto p = nlohmann::json::json_pointer(pointer);
  if (!side.is_object() || !side.contains(p) || !side[p].is_number()) return "<td>–</td>";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", side[p].get<double>());
  return std::string("<td>") + buf + "</td>";
}

std::string eval_html(const RunRecord& r) {
  if (!r.eval.is_object()) return "";
  static const std::pair<const char*, const char*> kRows[] = {
      {"FLD (lower is better)", "/fld_lenet"}, {"KID", "/kid/mean"}, {"precision", "/precision"},
      {"recall", "/recall"}, {"class entropy (nats)", "/coverage/entropy_nats"},
      {"largest class share", "/coverage/largest_class_share"}, {"images", "/images"}};
  const auto samples = r.eval.value("samples", nlohmann::json()), floor = r.eval.value("floor_train_images",
                                                                                          nlohmann::json());
  std::string html = "<h3>Scores (genzoo eval)</h3><table><tr><th></th><th>samples</th><th>floor: real train "
                     "images</th></tr>";
  for (const auto& [label, pointer] : kRows) {
    html += std::string("<tr><th>") + label + "</th>" + score_cell(samples, pointer) + score_cell(floor, pointer) +
            "</tr>";
  }
  html += "</table>";
  if (r.eval.contains("feature_space") && r.eval["feature_space"].is_string()) {
    html += "<p class=\"note\">Features: " + html_escape(r.eval["feature_space"].get<std::string>()) + "</p>";
  }
  return html;
}

std::string run_html(const RunRecord& r) {
  std::string html = "<section><h2>" + html_escape(r.name) + "</h2><p class=\"note\">" + html_escape(r.dir.string()) +
                     "</p><h3>Commands</h3><pre>" +
                     html_escape(r.commands.empty() ? "(not recorded: the run predates commands.txt)\n" : r.commands) +
                     "</pre><details><summary>Configuration (config.json)</summary><pre>" +
                     html_escape(r.config.dump(2)) + "</pre></details>";
  if (r.best_step >= 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "<p>Best checkpoint: FLD %.4g at step %lld (best.pt).</p>", r.best_fld,
                  static_cast<long long>(r.best_step));
    html += buf;
  }
  html += eval_html(r);
  std::string views;
  for (const char* view : view_file::kAll) {
    if (RunLayout(r.dir).holds(r.dir / view)) views += figure(r.dir / view, view, "view");
  }
  if (!views.empty()) html += "<h3>Latent views</h3><div class=\"views\">" + views + "</div>";
  return html + "<h3>Samples by epoch</h3>" + grids_html(r) + "</section>";
}

const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:0 auto;padding:0 12px 24px;max-width:1200px;color:#111}
h1{font-size:1.4em}h2{border-top:1px solid #ccc;padding-top:12px}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,440px),1fr));gap:16px}
.panel h3{margin:4px 0;font-size:1em}.chart{width:100%;height:auto;display:block}
.chart text{font-size:15px;fill:#333}
.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85em}
.legend li{display:flex;align-items:center;gap:4px;overflow-wrap:anywhere}.swatch{width:36px;height:10px;flex:none}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:8px;font-size:.85em}
.grids,.views{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0;text-align:center;font-size:.8em}
.grid img{width:150px;max-width:100%;image-rendering:pixelated}.view img{max-width:100%;image-rendering:pixelated}
table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}
th:first-child{text-align:left}.note{color:#555;font-size:.85em;overflow-wrap:anywhere}
)";

}  // namespace

std::vector<ChartPanel> report_panels(const std::vector<fs::path>& runs) { return panels_of(read_runs(runs)); }

std::string render_report(const std::vector<fs::path>& dirs) {
  const auto runs = read_runs(dirs);
  const std::string names = join(runs, [](const auto& r) { return r.name; });
  std::string html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                     "content=\"width=device-width,initial-scale=1\"><title>genzoo: " + html_escape(names) +
                     "</title><style>" + kStyle + "</style></head><body><h1>genzoo report: " + html_escape(names) +
                     "</h1><h2>Curves</h2><div class=\"panels\">";
  const auto panels = panels_of(runs);
  if (panels.empty()) html += "<p>No metrics yet (metrics.jsonl has no lines).</p>";
  for (const auto& panel : panels) {
    html += "<div class=\"panel\"><h3>" + html_escape(panel.title) + (uses_log_scale(panel) ? " (log scale)" : "") +
            "</h3>" + render_chart(panel) + render_legend(panel) + "</div>";
  }
  html += "</div>";
  for (const auto& r : runs) html += run_html(r);
  return html + "</body></html>\n";
}

void write_report(const std::vector<fs::path>& runs, const fs::path& out) {
  write_file_atomic(out, render_report(runs));
}

}  // namespace genzoo
