#include "report/report_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace genzoo {
namespace {

constexpr double kWidth = 640, kHeight = 300;
constexpr double kLeft = 64, kRight = 24, kTop = 14, kBottom = 40;
constexpr size_t kDotsUpTo = 30;  // series this short also get a dot per point

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Tick labels: 2000 -> "2k", 12500 -> "12.5k", 0.25 -> "0.25", 606.8 -> "606.8".
std::string tick_label(double v) {
  char buf[32];
  if (std::abs(v) >= 1000 && std::abs(v) < 1e7) {
    std::snprintf(buf, sizeof buf, "%.4gk", v / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string coordinate(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

struct Range {
  double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
  void add(double v) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
  bool empty() const { return low > high; }
};

// Tick values covering [low, high]: 1-2-5 steps for a linear axis, powers of ten for a log axis (as log10).
std::vector<double> ticks(double low, double high, bool log) {
  std::vector<double> out;
  if (log) {  // 1, 10, 100... and, over fewer than three decades, 2 and 5 between them
    const bool fine = high - low < 3;
    for (double d = std::floor(low); d <= high + 1e-9; d += 1) {
      for (double m : {1.0, 2.0, 5.0}) {
        const double t = d + std::log10(m);
        if ((m == 1.0 || fine) && t >= low - 1e-9 && t <= high + 1e-9) out.push_back(t);
      }
    }
    return out;
  }
  const double raw = (high - low) / 4;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (raw <= step) break;
  }
  for (double i = std::ceil(low / step); i * step <= high + step * 1e-9; i += 1) out.push_back(i * step);
  return out;
}

Range padded(Range r) {
  if (r.empty()) return {0, 1};
  if (r.high - r.low < 1e-12 * std::max(1.0, std::abs(r.high))) {
    const double pad = std::max(std::abs(r.high) * 0.05, 1e-6);
    return {r.low - pad, r.high + pad};
  }
  return r;
}

}  // namespace

const char* series_colour(size_t k) {
  static const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
  return kColours[k % 7];
}

const char* series_dash(size_t k) {
  static const char* kDashes[] = {"none", "8 4", "2 3", "12 3 3 3", "4 6"};
  return kDashes[k % 5];
}

bool uses_log_scale(const ChartPanel& panel) {
  Range r;
  for (const auto& s : panel.series) {
    for (const auto& [step, value] : s.points) {
      if (!std::isfinite(value)) continue;
      if (value <= 0) return false;
      r.add(value);
    }
  }
  return !r.empty() && r.high >= 10 * r.low;
}

std::string render_chart(const ChartPanel& panel) {
  const bool log = uses_log_scale(panel);
  Range xs, ys;
  for (const auto& s : panel.series) {
    for (const auto& [step, value] : s.points) {
      if (!std::isfinite(value)) continue;
      xs.add(step);
      ys.add(log ? std::log10(value) : value);
    }
  }
  for (const auto& m : panel.markers) xs.add(m.step);
  xs = padded(xs);
  ys = padded(ys);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (x - xs.low) / (xs.high - xs.low) * plot_w; };
  auto py = [&](double y) { return kTop + (1 - (y - ys.low) / (ys.high - ys.low)) * plot_h; };

  std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + number(kWidth) + " " + number(kHeight) +
                    "\" role=\"img\" aria-label=\"" + html_escape(panel.title) + (log ? " (log scale)" : "") +
                    "\" data-scale=\"" + (log ? "log" : "linear") + "\">";
  svg += "<rect x=\"" + coordinate(kLeft) + "\" y=\"" + coordinate(kTop) + "\" width=\"" + coordinate(plot_w) +
         "\" height=\"" + coordinate(plot_h) + "\" fill=\"none\" stroke=\"#999\"/>";
  for (double t : ticks(ys.low, ys.high, log)) {
    const std::string y = coordinate(py(t));
    svg += "<line x1=\"" + coordinate(kLeft) + "\" x2=\"" + coordinate(kWidth - kRight) + "\" y1=\"" + y +
           "\" y2=\"" + y + "\" stroke=\"#e3e3e3\"/><text x=\"" + coordinate(kLeft - 6) + "\" y=\"" + y +
           "\" text-anchor=\"end\" dominant-baseline=\"middle\">" + tick_label(log ? std::pow(10, t) : t) + "</text>";
  }
  for (double t : ticks(xs.low, xs.high, false)) {
    const std::string x = coordinate(px(t));
    svg += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + coordinate(kTop + plot_h) + "\" y2=\"" +
           coordinate(kTop + plot_h + 5) + "\" stroke=\"#999\"/><text x=\"" + x + "\" y=\"" +
           coordinate(kTop + plot_h + 18) + "\" text-anchor=\"middle\">" + tick_label(t) + "</text>";
  }
  svg += "<text x=\"" + coordinate(kLeft + plot_w / 2) + "\" y=\"" + coordinate(kHeight - 4) +
         "\" text-anchor=\"middle\">step</text>";
  for (size_t i = 0; i < panel.markers.size(); ++i) {  // labels one under another, so that close markers stay legible
    const auto& m = panel.markers[i];
    const std::string x = coordinate(px(m.step));
    svg += "<line class=\"marker\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + coordinate(kTop) + "\" y2=\"" +
           coordinate(kTop + plot_h) + "\" stroke=\"#555\" stroke-dasharray=\"1 3\"/><text x=\"" + x + "\" y=\"" +
           coordinate(kTop + 14 + 16 * static_cast<double>(i)) + "\" text-anchor=\"end\" dx=\"-3\">" +
           html_escape(m.label) + "</text>";
  }
  for (size_t k = 0; k < panel.series.size(); ++k) {
    const auto& s = panel.series[k];
    std::string points, dots;
    for (const auto& [step, value] : s.points) {
      if (!std::isfinite(value)) continue;
      const std::string x = coordinate(px(step)), y = coordinate(py(log ? std::log10(value) : value));
      points += (points.empty() ? "" : " ") + x + "," + y;
      if (s.points.size() <= kDotsUpTo) dots += "<circle cx=\"" + x + "\" cy=\"" + y + "\" r=\"3\"/>";
    }
    svg += "<polyline class=\"curve\" data-series=\"" + html_escape(s.label) + "\" points=\"" + points +
           "\" fill=\"none\" stroke=\"" + series_colour(k) + "\" stroke-width=\"2\" stroke-dasharray=\"" +
           series_dash(k) + "\"/>";
    if (!dots.empty()) svg += "<g fill=\"" + std::string(series_colour(k)) + "\">" + dots + "</g>";
  }
  return svg + "</svg>";
}

std::string render_legend(const ChartPanel& panel) {
  std::string html = "<ul class=\"legend\">";
  for (size_t k = 0; k < panel.series.size(); ++k) {
    html += "<li><svg viewBox=\"0 0 36 10\" class=\"swatch\"><line x1=\"0\" x2=\"36\" y1=\"5\" y2=\"5\" stroke=\"" +
            std::string(series_colour(k)) + "\" stroke-width=\"2.5\" stroke-dasharray=\"" + series_dash(k) +
            "\"/></svg>" + html_escape(panel.series[k].label) + "</li>";
  }
  return html + "</ul>";
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace genzoo
