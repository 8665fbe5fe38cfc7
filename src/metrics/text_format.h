// The pieces of the Prometheus text exposition format, version 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): name
// rules, escaping and number spelling. metrics/registry.cc assembles whole
// families from them.
//
// Written by hand: Debian 12 packages no Prometheus client library for C++,
// and the format is a few lines of text per series.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar::metrics {

// The content type a scrape answer carries.
inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// IsValidMetricName: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool IsValidMetricName(std::string_view name);
// IsValidLabelName: [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"
// (reserved for Prometheus itself).
bool IsValidLabelName(std::string_view name);

// AppendLabelValue appends `value` escaped for a quoted label value:
// backslash, double quote and line feed become \\, \" and \n.
void AppendLabelValue(std::string& out, std::string_view value);
// AppendHelp appends `help` escaped for a HELP line: backslash and line
// feed become \\ and \n (quotes stay as they are there).
void AppendHelp(std::string& out, std::string_view help);

// AppendNumber appends a sample value or bucket bound: "+Inf", "-Inf",
// "NaN", or the shortest text that reads back as the same double, in the
// style of printf's %g ("0.005", "1e-05", "42").
void AppendNumber(std::string& out, double value);
// AppendCount appends an integer count in decimal.
void AppendCount(std::string& out, uint64_t value);

}  // namespace khabar::metrics
