// Registry: the metrics one process exports, and their rendering in the
// Prometheus text exposition format 0.0.4 (metrics/text_format.h).
//
// A metric family has a name, a help line, a type and label names. Its
// series (one per set of label values) are created on first use and live
// as long as the Registry: callers look a series up once per event, or
// once at wiring time when the labels are known, and keep the reference.
// Three kinds of family:
//   - counters (metrics/counter.h) and histograms (metrics/histogram.h),
//     which the code bumps as things happen;
//   - callbacks, counters or gauges whose value a std::function reads at
//     scrape time, for numbers some other object already keeps (the page
//     cache's hits and entries).
//
// Families are registered at one wiring point (app/) before serving.
// Registration mistakes (a bad name, a name registered twice with another
// type or other labels, a wrong number of label values) are bugs in the
// wiring, not runtime conditions: they abort with a message naming the
// metric, the way a failed REQUIRES would.
//
// Label values must come from a bounded set (route patterns, status codes,
// method names), never from raw client input: every distinct value is a
// series kept forever.
//
// Thread-safety: everything may be called from any thread. On the hot path
// (Family::With for a series that exists, then Counter::Inc or
// Histogram::Observe) there is one shared lock on the family's series map
// and no allocation; the exclusive lock is taken only to create a series.
// Render holds the Registry's own mutex, which observations never take.
#pragma once

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/counter.h"
#include "metrics/histogram.h"

namespace khabar::metrics {

enum class Type { kCounter, kGauge, kHistogram };

// Labels are constant name/value pairs, for callback series.
using Labels = std::vector<std::pair<std::string, std::string>>;

namespace internal {
// Misuse reports a wiring bug and aborts.
[[noreturn]] void Misuse(const std::string& metric, const std::string& what);

// LabelValuesLess orders series by their label values and lets a map of
// std::vector<std::string> be searched with a span of string_views, so a
// lookup allocates nothing.
struct LabelValuesLess {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(),
        [](std::string_view x, std::string_view y) { return x < y; });
  }
};
}  // namespace internal

// Family is one metric name and its series, one per set of label values.
// Owned by the Registry; references stay valid as long as it does.
template <typename Metric>
class Family {
 public:
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // With returns the series for `values` (one per label name, in the order
  // the names were registered), creating it at zero the first time.
  // REQUIRES: values.size() == label_names().size().
  Metric& With(std::span<const std::string_view> values) {
    if (values.size() != label_names_.size()) {
      internal::Misuse(name_, "expected " + std::to_string(label_names_.size()) +
                                  " label values, got " + std::to_string(values.size()));
    }
    {
      std::shared_lock lock(mu_);
      auto it = series_.find(values);
      if (it != series_.end()) return *it->second;
    }
    std::unique_lock lock(mu_);
    auto it = series_.find(values);
    if (it == series_.end()) {
      it = series_.emplace(std::vector<std::string>(values.begin(), values.end()), make_()).first;
    }
    return *it->second;
  }
  Metric& With(std::initializer_list<std::string_view> values) {
    return With(std::span<const std::string_view>(values.begin(), values.size()));
  }

  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

 private:
  friend class Registry;
  Family(std::string name, std::vector<std::string> label_names,
         std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)), label_names_(std::move(label_names)), make_(std::move(make)) {}

  // ForEach calls f(label values, series) in label-value order, under the
  // shared lock: `f` must not call With on this family.
  template <typename F>
  void ForEach(F&& f) const {
    std::shared_lock lock(mu_);
    for (const auto& [values, series] : series_) f(values, *series);
  }

  const std::string name_;
  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable std::shared_mutex mu_;
  // Node-based, so a series' address never changes. Guarded by mu_.
  std::map<std::vector<std::string>, std::unique_ptr<Metric>, internal::LabelValuesLess> series_;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // AddCounter registers a counter family. With no label names its one
  // series exists (at 0) from the start. Registering the same name again
  // with the same label names returns the same family.
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});

  // AddHistogram registers a histogram family with bucket upper bounds
  // `bounds` (REQUIRES: ValidBounds; the +Inf bucket is implicit). "le" is
  // not a valid label name here: the format uses it for the bucket bound.
  Family<Histogram>& AddHistogram(std::string name, std::string help, std::vector<double> bounds,
                                  std::vector<std::string> label_names = {});

  // AddCallback registers one series whose value `read` returns at scrape
  // time. `type` is kCounter (REQUIRES: `read` never goes down) or kGauge.
  // Several calls with one name add series to one family; they must agree
  // on type, help and label names and differ in label values. `read` is
  // called from the scraping thread under the Registry's mutex: it must be
  // thread-safe, quick, and must not call into this Registry. Whatever it
  // reads must outlive the Registry (or at least every Render).
  void AddCallback(Type type, std::string name, std::string help, std::function<double()> read,
                   Labels labels = {});

  // Render returns every family in the text exposition format, families in
  // the order they were registered, series ordered by label values.
  std::string Render() const;

 private:
  struct CallbackSeries {
    std::vector<std::string> label_values;
    std::function<double()> read;
  };
  struct Entry {
    std::string name;
    std::string help;
    Type type;
    std::vector<std::string> label_names;
    std::unique_ptr<Family<Counter>> counters;      // type kCounter, not a callback
    std::unique_ptr<Family<Histogram>> histograms;  // type kHistogram
    std::vector<double> bounds;                     // type kHistogram
    std::vector<CallbackSeries> callbacks;          // callback series, kCounter or kGauge
  };

  // Find returns the entry named `name`, or nullptr. REQUIRES: mu_ held.
  Entry* Find(std::string_view name) const;
  // CheckNames checks the names of a family about to be registered.
  static void CheckNames(const std::string& name, const std::vector<std::string>& label_names);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Entry>> entries_;  // guarded by mu_; registration order
};

}  // namespace khabar::metrics
