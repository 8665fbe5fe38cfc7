#include "store/postgres/internal/copy_writer.h"

#include <libpq-fe.h>

namespace khabar::sql::postgres_internal {

Result<std::unique_ptr<PgCopyWriter>> PgCopyWriter::Start(PGconn* conn, const std::string& copy) {
  PgResult r(PQexec(conn, copy.c_str()));
  if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN) return Err(PgStatus(r.get(), conn, "COPY"));
  std::unique_ptr<PgCopyWriter> writer(new PgCopyWriter(conn));
  writer->active_ = true;
  return writer;
}

PgCopyWriter::~PgCopyWriter() {
  if (!active_) return;
  active_ = false;
  if (PQputCopyEnd(conn_, "the copy stopped") == 1) (void)Results();
}

void PgCopyWriter::Null() {
  Separate();
  buffer_ += "\\N";
}

void PgCopyWriter::Value(std::string_view v) {
  Separate();
  size_t from = 0;
  for (size_t at = v.find_first_of("\\\t\n\r"); at != std::string_view::npos;
       at = v.find_first_of("\\\t\n\r", from)) {
    buffer_.append(v.substr(from, at - from));
    switch (v[at]) {
      case '\\':
        buffer_ += "\\\\";
        break;
      case '\t':
        buffer_ += "\\t";
        break;
      case '\n':
        buffer_ += "\\n";
        break;
      default:
        buffer_ += "\\r";
        break;
    }
    from = at + 1;
  }
  buffer_.append(v.substr(from));
}

Status PgCopyWriter::EndRow() {
  buffer_ += '\n';
  first_ = true;
  return buffer_.size() >= kFlushBytes ? Flush() : Status();
}

Status PgCopyWriter::Finish() {
  if (Status s = Flush(); !s.ok()) return s;
  active_ = false;
  if (PQputCopyEnd(conn_, nullptr) != 1) return PgStatus(nullptr, conn_, "COPY");
  return Results();
}

void PgCopyWriter::Separate() {
  if (!first_) buffer_ += '\t';
  first_ = false;
}

Status PgCopyWriter::Flush() {
  if (buffer_.empty()) return Status();
  if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
    return PgStatus(nullptr, conn_, "COPY");
  }
  buffer_.clear();
  return Status();
}

Status PgCopyWriter::Results() {
  Status s;
  while (PGresult* r = PQgetResult(conn_)) {
    PgResult owned(r);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) s = PgStatus(r, conn_, "COPY");
  }
  return s;
}

}  // namespace khabar::sql::postgres_internal
