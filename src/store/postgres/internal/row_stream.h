// PgStream: the statement PgConnection::PrepareStream lends, for reading a
// whole table (store/transfer/). The query goes with its parameters in one
// PQsendQueryParams and is read in libpq's single-row mode, so a large
// table is never held in memory at once; PgStatement's results, read whole,
// suit the store's bounded queries better. Not prepared, not timed by the
// connection's observer.
//
// A connection has one PgStream; while it is lent, the connection is busy
// with its query and runs nothing else. Releasing it reads and drops
// whatever rows are left, so the connection is free for the next command
// however the reader stopped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/postgres/internal/connection.h"

namespace khabar::sql::postgres_internal {

class PgStream final : public sql::PreparedStatement {
 public:
  explicit PgStream(PGconn* conn) : conn_(conn) {}
  ~PgStream() override { Drain(); }
  PgStream(const PgStream&) = delete;
  PgStream& operator=(const PgStream&) = delete;

  // Borrow readies the stream for `sql` (placeholders written $n); false
  // when it is lent already.
  bool Borrow(std::string sql);

  void Bind(int index, int64_t value) override;
  void Bind(int index, std::string_view value) override;
  void BindNull(int index) override;
  Result<bool> Step() override;
  Status Run() override;
  int64_t Affected() const override { return 0; }
  int64_t Int(int col) const override;
  std::string Text(int col) const override;
  bool IsNull(int col) const override;
  void Release() override;

 private:
  void Drain();

  PGconn* const conn_;
  std::string sql_;
  PgParams params_;
  PgResult row_;         // the current row, a single-row result
  bool sent_ = false;    // the query has been sent
  bool active_ = false;  // the server has more of its results to read
  bool in_use_ = false;
};

}  // namespace khabar::sql::postgres_internal
