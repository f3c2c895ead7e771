// The progress line: redrawn in place on a terminal, a plain line every few seconds elsewhere (CI logs, nohup).
#include <genzoo/all.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace genzoo;
using Catch::Matchers::Contains;

namespace {
int64_t count_lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }
}  // namespace

TEST_CASE("Without a terminal, progress is a plain line per interval and one at the last step", "[progress]") {
  std::ostringstream out;
  {
    Progress progress(out, /*live=*/false, /*total_steps=*/1000, 0, 100, std::chrono::hours(1));
    for (int64_t step = 1; step <= 1000; ++step) progress.update(step, {{"loss", 1.0}}, 100.0);
    progress.finish();
  }
  CHECK(count_lines(out.str()) == 1);  // only the last step: the interval never passed
  CHECK_THAT(out.str(), Contains("step 1000/1000") && Contains("loss 1"));
  CHECK(out.str().find('\r') == std::string::npos);

  std::ostringstream every;
  Progress progress(every, /*live=*/false, 10, 0, 5, std::chrono::milliseconds(0));
  for (int64_t step = 1; step <= 10; ++step) progress.update(step, {{"loss", 1.0}}, 100.0);
  CHECK(count_lines(every.str()) == 10);
}

TEST_CASE("On a terminal, progress redraws one line in place", "[progress]") {
  std::ostringstream out;
  Progress progress(out, /*live=*/true, 3, 0, 3);
  for (int64_t step = 1; step <= 3; ++step) progress.update(step, {{"loss", 2.0}}, 50.0);
  progress.message("epoch 1 done");
  progress.finish();
  CHECK_THAT(out.str(), Contains("\r\033[K") && Contains("step 3/3") && Contains("epoch 1 done\n"));
}
