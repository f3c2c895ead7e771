#pragma once
/// Named scalars in a fixed order (losses, schedules, scores), and their running means.
///
///   genzoo::Averages epoch;
///   epoch.add({{"loss", 101.2}, {"kl", 21.1}});
///   genzoo::Metrics means = epoch.means();   // in first-seen order
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace genzoo {

using Metrics = std::vector<std::pair<std::string, double>>;

/// Weighted running means of named metrics, reported in the order the names first appeared.
class Averages {
 public:
  void add(const Metrics& metrics, double weight = 1.0) {
    for (const auto& [name, value] : metrics) {
      if (!sums_.count(name)) order_.push_back(name);
      sums_[name] += value * weight;
      weights_[name] += weight;
    }
  }
  Metrics means() const {
    Metrics out;
    for (const auto& name : order_) out.emplace_back(name, sums_.at(name) / weights_.at(name));
    return out;
  }
  bool empty() const { return order_.empty(); }
  void clear() { *this = Averages(); }

 private:
  std::vector<std::string> order_;
  std::map<std::string, double> sums_, weights_;
};

}  // namespace genzoo
