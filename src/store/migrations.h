// Schema migrations: the numbered steps that build every store's schema.
//
// One list for all backends. Each step has a stable id (1, 2, 3, ...), a
// description, and its SQL once per dialect, because DDL differs between
// backends (SQLite's INTEGER PRIMARY KEY against PostgreSQL's identity
// columns) while the steps, their order and their meaning must not. A
// backend applies the steps it has not yet recorded in its
// `schema_migrations` table, in order, and refuses a database that records a
// step this build does not know (it was written by a newer khabar).
//
// A step never changes once released: to change the schema, append a step.
// The SQL is fixed text with no values in it, so it is safe to run as a
// script.
#pragma once

#include <span>
#include <string_view>

namespace khabar {

// Migration is one step of the schema.
struct Migration {
  int id = 0;  // dense and ascending from 1
  std::string_view description;
  std::string_view sqlite;    // one or more statements for SQLite
  std::string_view postgres;  // the same step for PostgreSQL
  // rebuilds_search: after the steps it applies, a backend rewrites every
  // row of its search index with its own indexing code (the C++ of
  // store/search_text.h, which SQL cannot call on PostgreSQL), in the same
  // transaction, once however many such steps it applied.
  bool rebuilds_search = false;
};

// Migrations returns every step, in order. The spans' storage is static.
std::span<const Migration> Migrations();

// LatestSchemaVersion is the id of the last step.
int LatestSchemaVersion();

}  // namespace khabar
