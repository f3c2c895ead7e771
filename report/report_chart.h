#pragma once
/// Line charts as inline SVG for the run report (report/report.h): one panel, several series against the step.
///
///   genzoo::ChartPanel panel{"loss", {{"train/loss", {{140, 2.1}, {280, 1.7}}}}, {{"best", 280}}};
///   std::string svg = genzoo::render_chart(panel);   // <svg viewBox=...>...</svg>, scales to its container
#include <string>
#include <utility>
#include <vector>

namespace genzoo {

struct ChartSeries {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (step, value), in order of step
};

struct ChartMarker {
  std::string label;
  double step = 0;
};

struct ChartPanel {
  std::string title;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;  // vertical lines, e.g. the best checkpoint
};

/// The k-th series' stroke colour (Okabe & Ito's palette, readable with colour blindness) and dash pattern: the
/// pair differs for the first 35 series, and the dash alone for the first 5, so curves differ without colour.
const char* series_colour(size_t k);
const char* series_dash(size_t k);

/// True when the panel is drawn on a log scale: every value positive and the largest at least 10x the smallest.
bool uses_log_scale(const ChartPanel& panel);

/// The panel as an SVG element with axes, ticks, one <polyline class="curve" data-series=LABEL> per series holding
/// all its finite points (and a dot per point for short series), and the markers; the legend is HTML beside it
/// (render_legend) so that it wraps on narrow screens.
std::string render_chart(const ChartPanel& panel);
std::string render_legend(const ChartPanel& panel);

/// Text made safe inside HTML/SVG elements and attributes.
std::string html_escape(const std::string& text);

}  // namespace genzoo
