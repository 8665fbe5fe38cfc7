#include "metrics/registry.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

#include "metrics/text_format.h"

namespace khabar::metrics {
namespace internal {

void Misuse(const std::string& metric, const std::string& what) {
  std::fprintf(stderr, "metrics: %s: %s\n", metric.c_str(), what.c_str());
  std::abort();
}

}  // namespace internal

namespace {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter:
      return "counter";
    case Type::kGauge:
      return "gauge";
    case Type::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// AppendSeriesName appends `name{a="x",b="y"}` (no braces without labels),
// with `le` as the last label when it is given.
void AppendSeriesName(std::string& out, std::string_view name,
                      const std::vector<std::string>& label_names,
                      const std::vector<std::string>& label_values, const double* le = nullptr) {
  out += name;
  if (label_names.empty() && le == nullptr) return;
  out += '{';
  for (size_t i = 0; i < label_names.size(); ++i) {
    if (i > 0) out += ',';
    out += label_names[i];
    out += "=\"";
    AppendLabelValue(out, label_values[i]);
    out += '"';
  }
  if (le != nullptr) {
    if (!label_names.empty()) out += ',';
    out += "le=\"";
    AppendNumber(out, *le);
    out += '"';
  }
  out += '}';
}

}  // namespace

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry* Registry::Find(std::string_view name) const {
  for (const auto& e : entries_) {
    if (e->name == name) return e.get();
  }
  return nullptr;
}

void Registry::CheckNames(const std::string& name, const std::vector<std::string>& label_names) {
  if (!IsValidMetricName(name)) internal::Misuse(name, "not a valid metric name");
  for (size_t i = 0; i < label_names.size(); ++i) {
    if (!IsValidLabelName(label_names[i])) {
      internal::Misuse(name, "'" + label_names[i] + "' is not a valid label name");
    }
    for (size_t j = 0; j < i; ++j) {
      if (label_names[j] == label_names[i]) {
        internal::Misuse(name, "label '" + label_names[i] + "' given twice");
      }
    }
  }
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  std::lock_guard lock(mu_);
  CheckNames(name, label_names);
  if (Entry* e = Find(name)) {
    if (e->counters == nullptr || e->label_names != label_names) {
      internal::Misuse(name, "registered twice with different types or labels");
    }
    return *e->counters;
  }
  auto e = std::make_unique<Entry>();
  e->name = name;
  e->help = std::move(help);
  e->type = Type::kCounter;
  e->label_names = label_names;
  e->counters.reset(new Family<Counter>(std::move(name), std::move(label_names),
                                        [] { return std::make_unique<Counter>(); }));
  // An unlabelled counter shows 0 before anything happens, which tells a
  // reader "nothing yet" rather than "not measured".
  if (e->label_names.empty()) e->counters->With(std::span<const std::string_view>());
  entries_.push_back(std::move(e));
  return *entries_.back()->counters;
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<double> bounds,
                                          std::vector<std::string> label_names) {
  std::lock_guard lock(mu_);
  CheckNames(name, label_names);
  if (std::find(label_names.begin(), label_names.end(), "le") != label_names.end()) {
    internal::Misuse(name, "a histogram cannot have a label named 'le'");
  }
  if (!ValidBounds(bounds)) {
    internal::Misuse(name, "bucket bounds must be finite and strictly increasing");
  }
  if (Entry* e = Find(name)) {
    if (e->histograms == nullptr || e->label_names != label_names || e->bounds != bounds) {
      internal::Misuse(name, "registered twice with different types, labels or buckets");
    }
    return *e->histograms;
  }
  auto shared_bounds = std::make_shared<const std::vector<double>>(bounds);
  auto e = std::make_unique<Entry>();
  e->bounds = std::move(bounds);
  e->name = name;
  e->help = std::move(help);
  e->type = Type::kHistogram;
  e->label_names = label_names;
  e->histograms.reset(new Family<Histogram>(
      std::move(name), std::move(label_names),
      [shared_bounds] { return std::make_unique<Histogram>(shared_bounds); }));
  if (e->label_names.empty()) e->histograms->With(std::span<const std::string_view>());
  entries_.push_back(std::move(e));
  return *entries_.back()->histograms;
}

void Registry::AddCallback(Type type, std::string name, std::string help,
                           std::function<double()> read, Labels labels) {
  if (type == Type::kHistogram) internal::Misuse(name, "a callback is a counter or a gauge");
  if (!read) internal::Misuse(name, "a callback needs a function to read");
  std::vector<std::string> label_names, label_values;
  for (auto& [n, v] : labels) {
    label_names.push_back(std::move(n));
    label_values.push_back(std::move(v));
  }
  std::lock_guard lock(mu_);
  CheckNames(name, label_names);
  Entry* e = Find(name);
  if (e == nullptr) {
    auto fresh = std::make_unique<Entry>();
    fresh->name = std::move(name);
    fresh->help = std::move(help);
    fresh->type = type;
    fresh->label_names = std::move(label_names);
    entries_.push_back(std::move(fresh));
    e = entries_.back().get();
  } else if (e->type != type || e->counters != nullptr || e->histograms != nullptr ||
             e->label_names != label_names) {
    internal::Misuse(name, "registered twice with different types or labels");
  }
  auto at = std::lower_bound(e->callbacks.begin(), e->callbacks.end(), label_values,
                             [](const CallbackSeries& s, const std::vector<std::string>& v) {
                               return s.label_values < v;
                             });
  if (at != e->callbacks.end() && at->label_values == label_values) {
    internal::Misuse(e->name, "a callback series with these label values exists");
  }
  e->callbacks.insert(at, CallbackSeries{std::move(label_values), std::move(read)});
}

std::string Registry::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& e : entries_) {
    out += "# HELP ";
    out += e->name;
    out += ' ';
    AppendHelp(out, e->help);
    out += "\n# TYPE ";
    out += e->name;
    out += ' ';
    out += TypeName(e->type);
    out += '\n';
    if (e->counters) {
      e->counters->ForEach([&](const std::vector<std::string>& values, const Counter& c) {
        AppendSeriesName(out, e->name, e->label_names, values);
        out += ' ';
        AppendCount(out, c.Value());
        out += '\n';
      });
    }
    if (e->histograms) {
      const std::string bucket = e->name + "_bucket";
      const std::string sum = e->name + "_sum";
      const std::string count = e->name + "_count";
      e->histograms->ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
        Histogram::Snapshot s = h.Read();
        const std::vector<double>& bounds = h.bounds();
        const double inf = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < s.cumulative.size(); ++i) {
          AppendSeriesName(out, bucket, e->label_names, values,
                           i < bounds.size() ? &bounds[i] : &inf);
          out += ' ';
          AppendCount(out, s.cumulative[i]);
          out += '\n';
        }
        AppendSeriesName(out, sum, e->label_names, values);
        out += ' ';
        AppendNumber(out, s.sum);
        out += '\n';
        AppendSeriesName(out, count, e->label_names, values);
        out += ' ';
        AppendCount(out, s.count);
        out += '\n';
      });
    }
    for (const CallbackSeries& cb : e->callbacks) {
      AppendSeriesName(out, e->name, e->label_names, cb.label_values);
      out += ' ';
      AppendNumber(out, cb.read());
      out += '\n';
    }
  }
  return out;
}

}  // namespace khabar::metrics
