#include "store/postgres/internal/row_stream.h"

#include <libpq-fe.h>

#include <utility>
#include <vector>

namespace khabar::sql::postgres_internal {

bool PgStream::Borrow(std::string sql) {
  if (std::exchange(in_use_, true)) return false;
  sql_ = std::move(sql);
  return true;
}

void PgStream::Bind(int index, int64_t value) { params_.Set(index, std::to_string(value)); }

void PgStream::Bind(int index, std::string_view value) { params_.Set(index, std::string(value)); }

void PgStream::BindNull(int index) { params_.Set(index, std::nullopt); }

Result<bool> PgStream::Step() {
  if (!sent_) {
    sent_ = true;
    const std::vector<const char*> values = params_.Pointers();
    if (PQsendQueryParams(conn_, sql_.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0) != 1) {
      return Err(PgStatus(nullptr, conn_, sql_));
    }
    active_ = true;
    PQsetSingleRowMode(conn_);
  }
  row_.reset();
  if (!active_) return false;
  row_.reset(PQgetResult(conn_));
  const ExecStatusType status = row_ ? PQresultStatus(row_.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_SINGLE_TUPLE) return true;
  Status s;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    s = PgStatus(row_.get(), conn_, sql_);
  }
  row_.reset();
  Drain();
  if (!s.ok()) return Err(s);
  return false;
}

Status PgStream::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return Status();
  }
}

int64_t PgStream::Int(int col) const { return row_ ? ResultInt(row_.get(), 0, col) : 0; }

std::string PgStream::Text(int col) const {
  return row_ ? ResultText(row_.get(), 0, col) : std::string();
}

bool PgStream::IsNull(int col) const { return row_ ? ResultIsNull(row_.get(), 0, col) : true; }

void PgStream::Release() {
  row_.reset();
  Drain();
  params_.Clear();
  sql_.clear();
  sent_ = false;
  in_use_ = false;
}

void PgStream::Drain() {
  if (!active_) return;
  while (PGresult* r = PQgetResult(conn_)) PQclear(r);
  active_ = false;
}

}  // namespace khabar::sql::postgres_internal
