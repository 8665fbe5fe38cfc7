// BackupSqliteDatabase and RestoreSqliteDatabase on raw sqlite3 handles:
// the backup API and the checks work on files and pages, below anything
// the Store interface or the SQL driver offers.
#include "store/transfer/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "store/migrations.h"

namespace khabar::transfer {
namespace {

namespace fs = std::filesystem;

// Pages per backup step: 1024 pages of 4 KiB is 4 MiB, a few milliseconds
// of copying, which is as long as any one step holds its read lock.
constexpr int kPagesPerStep = 1024;
// After this many restarts (a write by the site between two steps), the rest
// is copied in one step (see sqlite_backup.h).
constexpr int kRestartsBeforeOneStep = 3;
constexpr int kBusyTimeoutMs = 10000;

// Db closes an sqlite3 handle on every return path.
struct Db {
  sqlite3* db = nullptr;
  ~Db() {
    if (db) sqlite3_close_v2(db);
  }
  void Close() {
    if (db) sqlite3_close_v2(db);
    db = nullptr;
  }
};

Status Error(Code code, const std::string& file, const std::string& what) {
  return Status(code, file + ": " + what);
}

std::string Message(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

// TempNameBeside is a name in `file`'s directory nobody else uses: this
// process's id and a counter.
std::string TempNameBeside(const fs::path& file, const char* tag) {
  static std::atomic<int> n{0};
  return file.string() + tag + std::to_string(::getpid()) + "-" + std::to_string(++n);
}

// SyncPath fsyncs a file or a directory (after a rename, the directory entry).
Status SyncPath(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error(Code::kInternal, path.string(), std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0)
    return Error(Code::kInternal, path.string(), std::string("fsync: ") + std::strerror(err));
  return Status();
}

fs::path DirOf(const fs::path& file) {
  fs::path dir = file.parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

void RemoveQuietly(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

// InUse reports whether some process has the SQLite database `db` open: in
// WAL mode every open connection holds a shared lock on the "DMS" byte of
// DB-shm (offset 128: SQLite's unix VFS, UNIX_SHM_BASE + SQLITE_SHM_NLOCK),
// released only when it closes. F_GETLK asks whether a write lock on that
// byte could be taken, without taking it.
bool InUse(const fs::path& db) {
  const std::string shm = db.string() + "-shm";
  int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no shared memory: nobody has it open in WAL mode
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 128;
  lock.l_len = 1;
  bool in_use = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return in_use;
}

// QueryText runs `sql` on `db` and returns the first column of each row,
// joined by newlines; nullopt-like error as a Status.
Result<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    return Internal(Message(db));
  }
  std::string out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!out.empty()) out += '\n';
    const unsigned char* text = sqlite3_column_text(st, 0);
    if (text) out += reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return Internal(Message(db));
  return out;
}

// CheckKhabarDatabase is restore's test of a candidate file, opened as `db`.
Status CheckKhabarDatabase(sqlite3* db, const std::string& name) {
  auto tables = QueryText(db,
                          "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
                          "name = 'schema_migrations'");
  if (!tables) {
    return Error(Code::kInvalidArgument, name,
                 "not an SQLite database (" + tables.error().message() + ")");
  }
  if (*tables != "1") {
    return Error(Code::kInvalidArgument, name, "not a khabar database (no schema_migrations)");
  }
  auto integrity = QueryText(db, "PRAGMA integrity_check");
  if (!integrity) return Error(Code::kInvalidArgument, name, integrity.error().message());
  if (*integrity != "ok") {
    std::string first = integrity->substr(0, integrity->find('\n'));
    return Error(Code::kInvalidArgument, name, "integrity_check failed: " + first);
  }
  auto version = QueryText(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!version) return Error(Code::kInvalidArgument, name, version.error().message());
  if (std::stoll(*version) > LatestSchemaVersion()) {
    return Error(Code::kInvalidArgument, name,
                 "schema version " + *version + " is newer than this build of khabar knows (" +
                     std::to_string(LatestSchemaVersion()) + ")");
  }
  return Status();
}

}  // namespace

Result<SqliteBackupReport> BackupSqliteDatabase(const fs::path& db, const fs::path& file,
                                                const SqliteBackupOptions& options) {
  const fs::path& target = file;  // the backup's final name
  const std::string source_name = db.string();
  const std::string file_name = file.string();
  std::error_code ec;
  if (!fs::exists(db, ec)) return Err(Error(Code::kNotFound, source_name, "no such database"));
  if (fs::exists(target, ec) && !options.force) {
    return Err(Error(Code::kAlreadyExists, file_name, "already exists (--force replaces it)"));
  }
  if (!fs::is_directory(DirOf(target), ec)) {
    return Err(Error(Code::kNotFound, file_name, "no such directory " + DirOf(target).string()));
  }

  const auto started = std::chrono::steady_clock::now();
  Db source;
  // Read-write (never created): a WAL database is read through its -shm,
  // which a read-only handle may be unable to set up. Nothing is written,
  // except that closing it as the last connection checkpoints the WAL, as
  // closing any khabar command does.
  if (sqlite3_open_v2(source_name.c_str(), &source.db, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    return Err(Error(Code::kInternal, source_name, Message(source.db)));
  }
  sqlite3_busy_timeout(source.db, kBusyTimeoutMs);

  const fs::path temp = TempNameBeside(target, ".tmp-");
  Db dest;
  if (sqlite3_open_v2(temp.c_str(), &dest.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    Status s = Error(Code::kInternal, temp.string(), Message(dest.db));
    dest.Close();
    RemoveQuietly(temp);
    return Err(s);
  }
  auto fail = [&](Status s) {
    dest.Close();
    RemoveQuietly(temp);
    RemoveQuietly(temp.string() + "-journal");
    return Err(std::move(s));
  };

  sqlite3_backup* backup = sqlite3_backup_init(dest.db, "main", source.db, "main");
  if (!backup) return fail(Error(Code::kInternal, temp.string(), Message(dest.db)));
  int restarts = 0;
  int last_remaining = -1;
  int rc = SQLITE_OK;
  int pages = 0;
  for (;;) {
    const int chunk = restarts >= kRestartsBeforeOneStep ? -1 : kPagesPerStep;
    rc = sqlite3_backup_step(backup, chunk);
    if (rc == SQLITE_DONE) break;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      sqlite3_sleep(5);
      continue;
    }
    if (rc != SQLITE_OK) break;
    // A step that leaves more to copy than the one before started over.
    const int remaining = sqlite3_backup_remaining(backup);
    if (last_remaining >= 0 && remaining > last_remaining) ++restarts;
    last_remaining = remaining;
  }
  pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return fail(Error(Code::kInternal, source_name,
                      std::string("backup: ") + sqlite3_errstr(rc) + ": " + Message(dest.db)));
  }
  source.Close();
  // The destination commits with a journal and fsync (SQLite's defaults for
  // a fresh file); closing it leaves nothing beside it.
  if (sqlite3_close_v2(dest.db) != SQLITE_OK) {
    Status s = Error(Code::kInternal, temp.string(), Message(dest.db));
    dest.db = nullptr;
    RemoveQuietly(temp);
    return Err(s);
  }
  dest.db = nullptr;
  if (Status s = SyncPath(temp); !s.ok()) return fail(s);

  if (options.force) {
    if (::rename(temp.c_str(), target.c_str()) != 0) {
      return fail(Error(Code::kInternal, file_name, std::strerror(errno)));
    }
  } else {
    // link() fails on an existing name, unlike rename(): a FILE made since
    // the check above is never replaced.
    if (::link(temp.c_str(), target.c_str()) != 0) {
      int err = errno;
      return fail(err == EEXIST ? Error(Code::kAlreadyExists, file_name,
                                        "already exists (--force replaces it)")
                                : Error(Code::kInternal, file_name, std::strerror(err)));
    }
    RemoveQuietly(temp);
  }
  if (Status s = SyncPath(DirOf(target)); !s.ok()) return Err(s);

  SqliteBackupReport report;
  report.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  report.pages = pages;
  report.restarts = restarts;
  const uintmax_t bytes = fs::file_size(target, ec);
  report.bytes = ec ? uintmax_t{0} : bytes;
  return report;
}

Status RestoreSqliteDatabase(const fs::path& file, const fs::path& db) {
  const std::string db_name = db.string();
  const std::string file_name = file.string();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Error(Code::kNotFound, file_name, "no such file");
  // A WAL beside FILE holds commits the file alone lacks: FILE is not a
  // closed, complete copy (a backup by `khabar backup` never has one).
  if (fs::exists(file_name + "-wal", ec) && fs::file_size(file_name + "-wal", ec) > 0) {
    return Error(Code::kInvalidArgument, file_name,
                 "has a -wal file beside it: it is open or was not closed cleanly; use a copy "
                 "made by `khabar backup`");
  }
  if (!fs::is_directory(DirOf(db), ec)) {
    return Error(Code::kNotFound, db_name, "no such directory " + DirOf(db).string());
  }
  const std::string running =
      "is open by another process (a running server?): stop it before restoring";
  if (InUse(db)) return Error(Code::kUnavailable, db_name, running);

  // The copy is made and checked in --db's directory, so the rename that
  // puts it in place stays on one file system and is atomic.
  const fs::path temp = TempNameBeside(db, ".restore-tmp-");
  auto cleanup = [&] {
    RemoveQuietly(temp);
    RemoveQuietly(temp.string() + "-wal");
    RemoveQuietly(temp.string() + "-shm");
    RemoveQuietly(temp.string() + "-journal");
  };
  if (!fs::copy_file(file, temp, fs::copy_options::overwrite_existing, ec)) {
    cleanup();
    return Error(Code::kInternal, file_name, "copy to " + temp.string() + ": " + ec.message());
  }
  {
    Db check;
    if (sqlite3_open_v2(temp.c_str(), &check.db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      Status s = Error(Code::kInvalidArgument, file_name, Message(check.db));
      check.Close();
      cleanup();
      return s;
    }
    if (Status s = CheckKhabarDatabase(check.db, file_name); !s.ok()) {
      check.Close();
      cleanup();
      return s;
    }
    // The store runs in WAL mode; the mode is kept in the file's header.
    // Closing the last connection checkpoints and removes temp's own -wal.
    auto mode = QueryText(check.db, "PRAGMA journal_mode=WAL");
    if (!mode || *mode != "wal") {
      check.Close();
      cleanup();
      return Error(Code::kInternal, file_name,
                   "cannot set WAL mode: " + (mode ? *mode : mode.error().message()));
    }
    check.Close();
  }
  if (fs::exists(temp.string() + "-wal", ec)) {
    cleanup();
    return Error(Code::kInternal, temp.string(), "its WAL was not checkpointed on close");
  }
  if (Status s = SyncPath(temp); !s.ok()) {
    cleanup();
    return s;
  }
  // Again, just before the switch: the check above took a while.
  if (InUse(db)) {
    cleanup();
    return Error(Code::kUnavailable, db_name, running);
  }
  // The old file's WAL and shared memory go first: a WAL left beside the new
  // file would be replayed into it on the next open. If this stops between
  // here and the rename, the old database may lack its last commits, but it
  // is being replaced: run restore again.
  for (const char* suffix : {"-wal", "-shm"}) {
    const fs::path side = db_name + suffix;
    if (fs::exists(side, ec) && !fs::remove(side, ec)) {
      cleanup();
      return Error(Code::kInternal, side.string(), "cannot remove: " + ec.message());
    }
  }
  if (::rename(temp.c_str(), db.c_str()) != 0) {
    int err = errno;
    cleanup();
    return Error(Code::kInternal, db_name, std::string("rename: ") + std::strerror(err));
  }
  return SyncPath(DirOf(db));
}

}  // namespace khabar::transfer
