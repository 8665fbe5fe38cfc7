// PgCopyWriter: the RowWriter PgConnection::WriteRows returns, one
// `COPY ... FROM STDIN` in PostgreSQL's text format. Rows are escaped into
// a buffer sent a megabyte at a time; COPY is one statement per table, so
// the server parses, plans and checks foreign keys once per table rather
// than once per row.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/postgres/internal/connection.h"

namespace khabar::sql::postgres_internal {

class PgCopyWriter final : public sql::RowWriter {
 public:
  // Start sends `copy` (a COPY ... FROM STDIN) on `conn`.
  static Result<std::unique_ptr<PgCopyWriter>> Start(PGconn* conn, const std::string& copy);
  // Destroying an unfinished writer makes the server discard the COPY (and
  // so fail the transaction).
  ~PgCopyWriter() override;
  PgCopyWriter(const PgCopyWriter&) = delete;
  PgCopyWriter& operator=(const PgCopyWriter&) = delete;

  void Null() override;
  // Value escapes the four bytes the text format gives a meaning to;
  // every other byte, including UTF-8, passes as is.
  void Value(std::string_view v) override;
  Status EndRow() override;
  // Finish ends the data and returns the server's verdict on all of it:
  // a refused row (a type, a constraint) is reported here.
  Status Finish() override;

 private:
  explicit PgCopyWriter(PGconn* conn) : conn_(conn) {}

  static constexpr size_t kFlushBytes = 1 << 20;

  void Separate();
  Status Flush();
  Status Results();

  PGconn* const conn_;
  std::string buffer_;
  bool first_ = true;
  bool active_ = false;
};

}  // namespace khabar::sql::postgres_internal
