// The run report (report/report.h): what the page holds, and how it looks in a real browser (headless Chromium,
// which scripts/test.sh installs), at a desktop and a phone-sized viewport.
#include "fixtures.h"

#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace genzoo;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Points per curve label, counted from metrics.jsonl by the rule report.h states.
std::map<std::string, size_t> expected_points(const fs::path& run, const std::string& prefix = "") {
  std::map<std::string, size_t> counts;
  std::ifstream in(run / "metrics.jsonl");
  for (std::string text; std::getline(in, text);) {
    const auto line = nlohmann::json::parse(text);
    for (const auto& [key, value] : line.items()) {
      if (!value.is_number() || key == "step" || key == "epoch" || key == "train_seconds") continue;
      ++counts[prefix + key + (line["type"] == "step" ? " (steps)" : "")];
    }
  }
  return counts;
}

std::string chromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(path)) return path;
  }
  return "";
}

std::string chromium_flags() { return " --headless --no-sandbox --disable-gpu --hide-scrollbars 2>/dev/null"; }

// The page with tests/report/check_page.js, loaded at a desktop width or framed at a phone's; its findings.
nlohmann::json check_in_browser(const fs::path& page, const fs::path& work, bool phone) {
  fs::create_directories(work);
  std::ifstream html(page), js(GENZOO_SOURCE_DIR "/tests/report/check_page.js");
  std::string text((std::istreambuf_iterator<char>(html)), {}), script((std::istreambuf_iterator<char>(js)), {});
  const auto body_end = text.rfind("</body>");
  REQUIRE(body_end != std::string::npos);
  text.insert(body_end, "<script>" + script + "</script>");
  std::ofstream(work / "report.html") << text;
  fs::copy_file(GENZOO_SOURCE_DIR "/tests/report/phone.html", work / "phone.html",
                fs::copy_options::overwrite_existing);
  const auto target = work / (phone ? "phone.html" : "report.html");
  const auto r = test::run_command("'" + chromium() + "' --window-size=1280,900 --virtual-time-budget=10000 "
                                   "--dump-dom 'file://" + target.string() + "'" + chromium_flags());
  const std::string open = "<pre id=\"genzoo-check\">";
  const auto at = r.output.rfind(open);  // the last: the script itself names the element
  INFO(r.output.substr(0, 2000));
  REQUIRE(at != std::string::npos);
  const auto end = r.output.find("</pre>", at);
  std::string json = r.output.substr(at + open.size(), end - at - open.size());
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{{"&quot;", "\""}, {"&lt;", "<"},
                                                                                   {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (size_t p; (p = json.find(entity)) != std::string::npos;) json.replace(p, entity.size(), c);
  }
  return nlohmann::json::parse(json);
}

void check_page(const nlohmann::json& found, const std::map<std::string, size_t>& expected, int64_t viewport_at_most) {
  INFO(found.dump().substr(0, 3000));
  CHECK(found["viewport"].get<int64_t>() <= viewport_at_most);
  CHECK(found["scroll_width"] == found["viewport"]);
  CHECK(found["overflowing"].empty());
  std::map<std::string, size_t> drawn;
  for (const auto& panel : found["panels"]) {
    std::set<std::pair<std::string, std::string>> styles;
    std::set<std::string> dashes;
    for (const auto& curve : panel["curves"]) {
      drawn[curve["series"].get<std::string>()] = curve["points"].get<size_t>();
      styles.insert({curve["stroke"].get<std::string>(), curve["dash"].get<std::string>()});
      dashes.insert(curve["dash"].get<std::string>());
    }
    CAPTURE(panel["title"]);
    CHECK(styles.size() == panel["curves"].size());  // no two curves of a panel look alike
    CHECK(dashes.size() == std::min<size_t>(panel["curves"].size(), 5));  // and not by colour alone
    CHECK(panel["chart_width"].get<double>() > 200);
  }
  CHECK(drawn == expected);
  for (const auto& image : found["images"]) CHECK(image["loaded"] == true);
}

}  // namespace

TEST_CASE("A report holds the curves of metrics.jsonl, every epoch's grid and the best step, and needs no network",
          "[report]") {
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "data", 64, 16);  // 4 steps an epoch
  auto config = resolve_train_config("vae", {}, {"batch_size=16", "log_every=2", "threads=1", "grid_n=8",
                                                 "steps=12", "eval_every=4", "device=\"cpu\""});
  config.data_dir = (dir.path / "data").string();
  config.out_dir = (dir.path / "run").string();
  RunOptions options;
  auto calls = std::make_shared<int>(0);
  options.make_score = [calls](const TrainConfig&) {
    return [calls](GenerativeModel&) -> Metrics { return {{"fld", std::vector<double>{9, 4, 6}.at((*calls)++)}}; };
  };
  options.command = "genzoo train vae --steps 12";
  train(config, options);
  const RunLayout run(dir.path / "run");
  REQUIRE(fs::exists(run.report()));  // train rewrites it every epoch
  CHECK(read_file(run.commands()) == "genzoo train vae --steps 12\n");

  const auto html = render_report({run.dir});
  for (const char* external : {"http://", "https://", "<script", "<link", "@import", "src=\"file"}) {
    CAPTURE(external);
    CHECK(html.find(external) == std::string::npos);
  }
  size_t images = 0;
  for (size_t p = 0; (p = html.find("<img src=\"data:image/png;base64,", p)) != std::string::npos; ++p) ++images;
  CHECK(images == 3);  // one grid per epoch
  CHECK_THAT(html, Contains("genzoo train vae --steps 12") && Contains("FLD 4 at step 8"));

  const auto panels = report_panels({run.dir});
  std::map<std::string, size_t> drawn;
  for (const auto& panel : panels) {
    for (const auto& s : panel.series) drawn[s.label] = s.points.size();
    REQUIRE(panel.markers.size() == 1);
    CHECK(panel.markers[0].step == TrainingCheckpoint(run.best()).step());
  }
  CHECK(drawn == expected_points(run.dir));
  CHECK(panels.front().title == "fld");
  CHECK(std::any_of(panels.begin(), panels.end(), [](const ChartPanel& p) {
    return p.title == "kl" && p.series.size() == 3;  // kl (steps), train/kl, test/kl
  }));

  SECTION("a line cut short by a kill is skipped; a broken line before others is an error naming it") {
    std::ofstream(run.metrics(), std::ios::app) << "{\"type\":\"st";
    CHECK_NOTHROW(render_report({run.dir}));
    std::ofstream(run.metrics(), std::ios::app) << "\n{\"step\":13}\n";
    CHECK_THROWS_WITH(render_report({run.dir}), Contains("metrics.jsonl: line") && Contains("expected a JSON object"));
  }
  SECTION("a folder that is not a run is an error naming it") {
    CHECK_THROWS_WITH(render_report({dir.path / "data"}), Contains("data") && Contains("no config.json"));
  }
}

TEST_CASE("Chart panels: log scale across a decade, distinct line styles, escaped text", "[report]") {
  ChartPanel fld{"fld", {{"a", {{0, 40}, {10, 2}}}}, {}};
  CHECK(uses_log_scale(fld));
  fld.series[0].points.push_back({20, -1});
  CHECK_FALSE(uses_log_scale(fld));  // a non-positive value cannot be drawn on a log axis
  CHECK_FALSE(uses_log_scale({"loss", {{"a", {{0, 3}, {10, 1}}}}, {}}));
  std::set<std::pair<std::string, std::string>> styles;
  for (size_t k = 0; k < 35; ++k) styles.insert({series_colour(k), series_dash(k)});
  CHECK(styles.size() == 35);
  CHECK(html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  const auto svg = render_chart({"t", {{"<b>", {{1, 1}}}}, {{"best", 1}}});
  CHECK_THAT(svg, Contains("data-series=\"&lt;b&gt;\"") && Contains("class=\"marker\""));
}

TEST_CASE("genzoo report renders in headless Chromium: desktop and phone, every curve's points, nothing overflows",
          "[report][browser][cli]") {
  if (chromium().empty()) FAIL("chromium is not installed (scripts/test.sh installs Debian's chromium)");
  test::TempDir dir;
  test::write_tiny_dataset(dir.path / "tiny", 96, 24);
  auto r = test::run_cli("train-classifier --data-dir tiny --epochs 1 --out clf.pt", dir.path);
  REQUIRE(r.exit_code == 0);
  for (const char* model : {"gan", "vae"}) {
    r = test::run_cli(std::string("train ") + model + " --steps 12 --batch-size 16 --threads 1 --data-dir tiny --out " +
                      model + " --eval-every 6 --eval-samples 16 --set eval_classifier=clf.pt --set log_every=2" +
                      (std::string(model) == "gan" ? " --set model_options.width=8" : ""), dir.path);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
  }
  r = test::run_cli("eval gan --data-dir tiny --classifier clf.pt --n 16", dir.path);
  REQUIRE(r.exit_code == 0);
  r = test::run_cli("report gan", dir.path);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(read_file(dir.path / "gan" / "report.html"), Contains("floor: real train images"));
  r = test::run_cli("report gan vae --out both.html", dir.path);
  REQUIRE(r.exit_code == 0);

  auto both = expected_points(dir.path / "gan", "gan: ");
  both.merge(expected_points(dir.path / "vae", "vae: "));
  for (bool phone : {false, true}) {
    CAPTURE(phone);
    const int64_t width = phone ? 390 : 1280;
    check_page(check_in_browser(dir.path / "gan" / "report.html", dir.path / "one", phone),
               expected_points(dir.path / "gan"), width);
    check_page(check_in_browser(dir.path / "both.html", dir.path / "two", phone), both, width);
  }
  r = test::run_command("'" + chromium() + "' --window-size=390,844 --screenshot='" + (dir.path / "phone.png").string() +
                        "' 'file://" + (dir.path / "both.html").string() + "'" + chromium_flags());
  REQUIRE(fs::exists(dir.path / "phone.png"));
  CHECK(test::png_size(dir.path / "phone.png").width == 390);
}
