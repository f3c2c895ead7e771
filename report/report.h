#pragma once
/// Runs to look at: one self-contained HTML page (no network, scripts or fonts; PNGs embedded) with each run's
/// configuration and the commands that made it, the curves of metrics.jsonl as inline SVG (one panel per metric
/// family: the logged steps, the epochs' train/ and test/ means and the eval/ scores together; log scale where a
/// metric spans decades; the best checkpoint marked), every epoch's sample grid, the eval.json scores with the floor
/// of real images beside them, and a VAE's views when the run holds them. Several runs overlay their curves.
/// `train` rewrites RUN/report.html at the end of every epoch.
///
///   genzoo::write_report({"runs/gan"}, "runs/gan/report.html");
///   genzoo::write_report({"runs/gan-seed0", "runs/gan-seed1", "runs/wgan-gp"}, "compare.html");
#include "report/report_chart.h"

#include <filesystem>
#include <string>
#include <vector>

namespace genzoo {

/// The curve panels of the runs, in order of first appearance. A metric's family is its key without the "train/",
/// "test/" or "eval/" prefix and a "raw_" (the trained generator beside its average); keys with a further "/"
/// (a VAE's per-dimension "test/kl/3") share the family "kl/*". Series from logged steps are labelled "KEY (steps)";
/// with several runs every label starts with the run's name and a colon.
std::vector<ChartPanel> report_panels(const std::vector<std::filesystem::path>& runs);

/// The page; a run directory without config.json or with a metrics.jsonl line that is not a JSON object (but the
/// last, which a killed process may have cut short) is an error naming the file.
std::string render_report(const std::vector<std::filesystem::path>& runs);

/// render_report, written atomically (core/files.h).
void write_report(const std::vector<std::filesystem::path>& runs, const std::filesystem::path& out);

}  // namespace genzoo
