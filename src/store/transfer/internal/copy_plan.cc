#include "store/transfer/internal/copy_plan.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <utility>

namespace khabar::transfer::internal {
namespace {

bool IsCopied(std::string_view name) { return name != kJournal && name != kSchemaVersions; }

// TableNames are the tables of `shapes` that are copied row for row.
std::set<std::string> TableNames(const std::vector<sql::TableShape>& shapes) {
  std::set<std::string> names;
  for (const sql::TableShape& t : shapes) {
    if (IsCopied(t.name) && t.name != kSearchIndex) names.insert(t.name);
  }
  return names;
}

Status CheckSameTables(const std::set<std::string>& source, const std::set<std::string>& target) {
  if (source == target) return Status();
  std::vector<std::string> only_source, only_target;
  std::ranges::set_difference(source, target, std::back_inserter(only_source));
  std::ranges::set_difference(target, source, std::back_inserter(only_target));
  return Status(Code::kInvalidArgument,
                "the schemas differ: tables only in the source: [" + sql::JoinNames(only_source) +
                    "], only in the target: [" + sql::JoinNames(only_target) + "]");
}

// PlanTable pairs the source's and the target's description of one table.
Result<Table> PlanTable(const sql::TableShape& source, const sql::TableShape& target) {
  const std::string context = "table " + source.name;
  Table t;
  t.name = source.name;
  std::map<std::string, const sql::ColumnShape*> target_columns;
  for (const sql::ColumnShape& c : target.columns) target_columns[c.name] = &c;
  std::vector<std::pair<int, size_t>> primary_key;  // (position in key, column)
  for (const sql::ColumnShape& c : source.columns) {
    auto it = target_columns.find(c.name);
    if (it == target_columns.end()) {
      return InvalidArgument(context + ": column " + c.name + " is not in the target");
    }
    const sql::ColumnShape& on_target = *it->second;
    if (on_target.kind == sql::ColumnKind::kOther) {
      return InvalidArgument(context + " column " + c.name + ": type " + on_target.type +
                             " is one migrate cannot copy yet");
    }
    if (c.key_position > 0) primary_key.emplace_back(c.key_position, t.columns.size());
    t.columns.push_back(Column{c.name, on_target.kind, on_target.identity});
    target_columns.erase(it);
  }
  if (!target_columns.empty()) {
    return InvalidArgument(context + ": column " + target_columns.begin()->first +
                           " is only in the target");
  }
  std::ranges::sort(primary_key);
  t.has_primary_key = !primary_key.empty();
  if (t.has_primary_key) {
    for (const auto& [position, column] : primary_key) t.key.push_back(column);
  } else {
    for (size_t i = 0; i < t.columns.size(); ++i) t.key.push_back(i);
  }
  return t;
}

}  // namespace

Result<std::vector<Table>> PlanCopy(const std::vector<sql::TableShape>& source,
                                    const std::vector<sql::TableShape>& target) {
  const std::set<std::string> source_tables = TableNames(source);
  if (Status s = CheckSameTables(source_tables, TableNames(target)); !s.ok()) return Err(s);
  std::map<std::string, const sql::TableShape*> on_source, on_target;
  for (const sql::TableShape& t : source) on_source[t.name] = &t;
  for (const sql::TableShape& t : target) on_target[t.name] = &t;

  std::map<std::string, Table> tables;
  std::map<std::string, std::set<std::string>> refers_to;
  for (const std::string& name : source_tables) {
    const sql::TableShape& shape = *on_source.at(name);
    auto t = PlanTable(shape, *on_target.at(name));
    if (!t) return Err(t.error());
    for (const std::string& parent : shape.refers_to) {
      // A self-reference (a reply's parent comment) needs no order: COPY
      // is one statement, and PostgreSQL checks foreign keys at its end.
      if (parent == shape.name) continue;
      if (!source_tables.contains(parent)) {
        return InvalidArgument("table " + shape.name + ": refers to table " + parent +
                               ", which migrate does not copy");
      }
      refers_to[shape.name].insert(parent);
    }
    tables.emplace(shape.name, std::move(*t));
  }

  std::vector<Table> order;
  std::set<std::string> placed;
  while (order.size() < tables.size()) {
    bool progress = false;
    for (auto& [name, t] : tables) {
      if (placed.contains(name)) continue;
      if (!std::ranges::includes(placed, refers_to[name])) continue;
      placed.insert(name);
      order.push_back(t);
      progress = true;
      break;  // restart from the first name: ties go by name
    }
    if (!progress) return InvalidArgument("the tables' foreign keys form a cycle");
  }
  return order;
}

std::string ColumnList(const Table& t) {
  std::vector<std::string> names;
  for (const Column& c : t.columns) names.push_back(c.name);
  return sql::JoinQuotedNames(names);
}

std::string OrderBy(const Table& t, const sql::Dialect& dialect) {
  std::string out;
  for (size_t i : t.key) {
    if (!out.empty()) out += ", ";
    out += sql::QuoteName(t.columns[i].name);
    if (t.columns[i].kind == sql::ColumnKind::kText) {
      out += " COLLATE " + std::string(dialect.BytewiseCollation());
    }
    // Primary-key columns are never NULL; NULLS FIRST elsewhere only.
    if (!t.has_primary_key) out += " NULLS FIRST";
  }
  return out;
}

}  // namespace khabar::transfer::internal
