// What is particular to the PostgreSQL store: URLs, migrations on a shared
// server, several stores (nodes) on one database, and LISTEN/NOTIFY. What
// every store does is in store/store_contract_test.cc.
#include "store/postgres/postgres_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/postgres/change_listener.h"
#include "store/postgres/testing/scratch_database.h"

namespace khabar {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

const Seconds kNow = Seconds(std::chrono::seconds(1'700'000'000));

// Scratch is a fresh database for one test.
testing::ScratchDatabase Scratch() {
  auto db = testing::ScratchDatabase::Create();
  EXPECT_TRUE(db) << db.error().ToString();
  return std::move(*db);
}

// Query returns the first column of every row of `sql`, as text.
std::vector<std::string> Query(const std::string& url, const std::string& sql) {
  std::vector<std::string> out;
  PGconn* conn = PQconnectdb(url.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* r = PQexec(conn, sql.c_str());
  EXPECT_TRUE(PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK)
      << sql << ": " << PQresultErrorMessage(r);
  for (int i = 0; i < PQntuples(r); ++i) {
    out.emplace_back(PQgetisnull(r, i, 0) ? "NULL" : PQgetvalue(r, i, 0));
  }
  PQclear(r);
  PQfinish(conn);
  return out;
}

std::unique_ptr<Store> Open(const std::string& url) {
  auto store = OpenPostgresStore(url);
  EXPECT_TRUE(store) << store.error().ToString();
  return store ? std::move(*store) : nullptr;
}

TEST(PostgresUrl, KnowsItsSchemesAndHidesPasswords) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://news@db/khabar"));
  EXPECT_TRUE(IsPostgresUrl("postgres://news@db/khabar"));
  EXPECT_FALSE(IsPostgresUrl("data/khabar.db"));
  EXPECT_FALSE(IsPostgresUrl("sqlite:data/khabar.db"));
  EXPECT_EQ(RedactedUrl("postgresql://news:s3cret@db:5432/khabar"),
            "postgresql://news@db:5432/khabar");
  EXPECT_EQ(RedactedUrl("postgresql://news@db/khabar"), "postgresql://news@db/khabar");
  EXPECT_EQ(RedactedUrl("postgresql://db/khabar"), "postgresql://db/khabar");
  EXPECT_EQ(RedactedUrl("postgresql://db/khabar?sslmode=require&password=s3cret&connect_timeout=5"),
            "postgresql://db/khabar?sslmode=require&password=***&connect_timeout=5");
  EXPECT_EQ(RedactedUrl("host=db dbname=khabar password=s3cret"),
            "host=db dbname=khabar password=***");
  // A password with an @ in it (percent-encoded or not) goes whole.
  EXPECT_EQ(RedactedUrl("postgresql://news:p@ss@db/khabar"), "postgresql://news@db/khabar");
}

TEST(PostgresStore, AnUnreachableServerIsUnavailableAndTheMessageHidesThePassword) {
  // Port 1 on loopback: nothing listens there.
  auto store = OpenPostgresStore("postgresql://news:s3cret@127.0.0.1:1/khabar");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kUnavailable);
  EXPECT_THAT(store.error().message(), HasSubstr("postgresql://news@127.0.0.1:1/khabar"));
  EXPECT_THAT(store.error().message(), ::testing::Not(HasSubstr("s3cret")));
}

TEST(PostgresStore, MigrationsTableRecordsEveryStepFromTheSameListAsSqlite) {
  auto db = Scratch();
  ASSERT_NE(Open(db.url()), nullptr);
  std::vector<std::string> expected;
  for (const Migration& m : Migrations()) expected.push_back(std::to_string(m.id));
  EXPECT_EQ(Query(db.url(), "SELECT version FROM schema_migrations ORDER BY version"), expected);
  // Opening again runs no step twice.
  ASSERT_NE(Open(db.url()), nullptr);
  EXPECT_EQ(Query(db.url(), "SELECT count(*) FROM schema_migrations"),
            std::vector<std::string>{std::to_string(expected.size())});
}

// Upgrading to step 6 rewrites the index folded (FoldForSearch): a story
// indexed before, with its harakat, is then found by the bare word.
TEST(PostgresStore, UpgradingToStepSixReindexesFolded) {
  auto db = Scratch();
  int64_t id = 0;
  {
    auto store = Open(db.url());
    ASSERT_NE(store, nullptr);
    ArticleDraft d;
    d.headline = "حُکُومَت کا اعلان";
    d.section_name = "World";
    d.body_html = "<p>پاکِستان میں ۲۰۲۷ تک</p>";
    d.status = ArticleStatus::kPublished;
    d.published_at = kNow - 1h;
    auto created = store->CreateArticle(d, kNow);
    ASSERT_TRUE(created) << created.error().ToString();
    id = *created;
  }
  // The row as a khabar before step 6 wrote it: as typed.
  Query(db.url(),
        "UPDATE article_search SET body_text = 'پاکِستان میں ۲۰۲۷ تک',"
        " document = to_tsvector('khabar_english', 'حُکُومَت کا اعلان پاکِستان میں ۲۰۲۷ تک')"
        " WHERE article_id = " +
            std::to_string(id) + "; DELETE FROM schema_migrations WHERE version = 6");
  auto store = Open(db.url());
  ASSERT_NE(store, nullptr);
  SearchQuery q;
  q.now = kNow;
  for (const char* text : {"حکومت", "پاکستان", "2027"}) {
    q.text = text;
    auto page = store->SearchArticles(q);
    ASSERT_TRUE(page) << page.error().ToString();
    ASSERT_EQ(page->hits.size(), 1u) << text;
    EXPECT_EQ(page->hits[0].article.id, id);
  }
  EXPECT_EQ(Query(db.url(), "SELECT body_text FROM article_search"),
            std::vector<std::string>{"پاکستان میں 2027 تک"});
}

// A database at step 6 gains the import tables: its stories stay as they
// were, and imports then work, their old paths going with a deleted story.
TEST(PostgresStore, UpgradingToStepSevenAddsImportKeysAndRedirects) {
  auto db = Scratch();
  int64_t old_id = 0;
  {
    auto store = Open(db.url());
    ASSERT_NE(store, nullptr);
    ArticleDraft d;
    d.headline = "Written before imports";
    d.section_name = "World";
    auto created = store->CreateArticle(d, kNow);
    ASSERT_TRUE(created) << created.error().ToString();
    old_id = *created;
  }
  // The database as a khabar before step 7 left it.
  Query(db.url(),
        "DROP TABLE redirects; DROP TABLE import_keys;"
        " DELETE FROM schema_migrations WHERE version = 7");
  auto store = Open(db.url());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Query(db.url(), "SELECT max(version) FROM schema_migrations"),
            std::vector<std::string>{"7"});
  auto old = store->GetArticle(old_id);
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->headline, "Written before imports");
  EXPECT_EQ(old->version, 1);
  ImportedArticle item;
  item.key = "wordpress:example.com:post:1";
  item.draft.headline = "Imported after the upgrade";
  item.draft.section_name = "World";
  item.created_at = kNow - 48h;
  item.updated_at = kNow - 24h;
  item.redirect_paths = {"/?p=1"};
  auto outcome = store->ImportArticle(item);
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  EXPECT_TRUE(outcome->created);
  EXPECT_EQ(outcome->redirects_added, 1);
  ASSERT_TRUE(store->RecordImported("wordpress:example.com:user:1", 1).ok());
  auto r = store->FindRedirect("/?p=1");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->article_id, outcome->article_id);

  // The Store cannot delete a story yet; a delete behind its back takes the
  // story's old paths with it.
  Query(db.url(), "DELETE FROM articles WHERE id = " + std::to_string(outcome->article_id));
  r = store->FindRedirect("/?p=1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kNotFound);
}

TEST(PostgresStore, UpgradingToStepFivePutsOldRowsInTheMainEdition) {
  auto db = Scratch();
  Query(db.url(),
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,"
        " applied_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::bigint))");
  for (size_t step = 0; step < 4; ++step) {
    Query(db.url(), std::string(Migrations()[step].postgres));
    Query(db.url(), "INSERT INTO schema_migrations (version, description) VALUES (" +
                        std::to_string(step + 1) + ", 'old')");
  }
  Query(db.url(),
        "INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World');"
        "INSERT INTO articles (id, slug, headline, body_html, section_id, status, published_at,"
        " created_at, updated_at) VALUES (7, 'old', 'Old story', '<p>Old.</p>', 1, 'published',"
        " 1600000000, 1600000000, 1600000000)");
  auto store = Open(db.url());
  ASSERT_NE(store, nullptr);
  auto old = store->GetArticle(7);
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->edition, "");
  EXPECT_EQ(old->section.edition, "");
  EXPECT_FALSE(old->translation_of);
  EXPECT_EQ(*store->CountLiveArticles(kNow, std::string()), 1);
  auto main = store->ListSections(std::string());
  ASSERT_TRUE(main);
  ASSERT_EQ(main->size(), 1u);
  EXPECT_EQ(main->front().slug, "world");
}

TEST(PostgresStore, NodesStartingTogetherMigrateOnce) {
  auto db = Scratch();
  std::vector<std::thread> nodes;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    nodes.emplace_back([&] {
      if (OpenPostgresStore(db.url())) ++opened;
    });
  }
  for (auto& t : nodes) t.join();
  EXPECT_EQ(opened.load(), 4);
  EXPECT_EQ(Query(db.url(), "SELECT count(*) FROM schema_migrations"),
            std::vector<std::string>{std::to_string(Migrations().size())});
}

TEST(PostgresStore, RefusesADatabaseFromANewerKhabar) {
  auto db = Scratch();
  ASSERT_NE(Open(db.url()), nullptr);
  Query(db.url(), "INSERT INTO schema_migrations (version, description) VALUES (9999, 'future')");
  auto store = OpenPostgresStore(db.url());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(store.error().message(), HasSubstr("newer khabar"));
}

TEST(PostgresStore, TwoNodesSeeEachOthersWritesAtOnce) {
  auto db = Scratch();
  auto a = Open(db.url());
  auto b = Open(db.url());
  ASSERT_TRUE(a && b);
  ArticleDraft d;
  d.headline = "Written on node A";
  d.section_name = "World";
  auto id = a->CreateArticle(d, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto seen = b->GetArticle(*id);
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->headline, "Written on node A");
}

TEST(PostgresStore, ScheduledStoriesPublishOnceWhenEveryNodeRunsTheScheduler) {
  auto db = Scratch();
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(Open(db.url()));
  for (const auto& n : nodes) ASSERT_NE(n, nullptr);
  std::set<int64_t> scheduled;
  for (int i = 0; i < 20; ++i) {
    ArticleDraft d;
    d.headline = "Scheduled story " + std::to_string(i);
    d.section_name = "World";
    d.status = ArticleStatus::kScheduled;
    d.published_at = kNow - std::chrono::seconds(i);
    auto id = nodes[0]->CreateArticle(d, kNow - 1h);
    ASSERT_TRUE(id) << id.error().ToString();
    scheduled.insert(*id);
  }
  // Every node's scheduler fires at the same moment, several times.
  std::mutex mu;
  std::vector<int64_t> published;
  std::vector<std::thread> threads;
  for (auto& n : nodes) {
    for (int round = 0; round < 2; ++round) {
      threads.emplace_back([&, store = n.get()] {
        auto ids = store->PublishDueArticles(kNow);
        ASSERT_TRUE(ids) << ids.error().ToString();
        std::lock_guard lock(mu);
        published.insert(published.end(), ids->begin(), ids->end());
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(published.size(), scheduled.size()) << "each story published exactly once";
  EXPECT_EQ(std::set<int64_t>(published.begin(), published.end()), scheduled);
  for (int64_t id : scheduled) {
    auto events = nodes[1]->ListArticleEvents(id);
    ASSERT_TRUE(events) << events.error().ToString();
    int publications = 0;
    for (const auto& e : *events) publications += e.to == ArticleStatus::kPublished;
    EXPECT_EQ(publications, 1) << "story " << id;
  }
}

TEST(PostgresStore, ConnectionsTheServerDroppedAreReplacedWithoutAFailedCall) {
  auto db = Scratch();
  auto store = Open(db.url());
  ASSERT_NE(store, nullptr);
  ArticleDraft d;
  d.headline = "Before the restart";
  d.section_name = "World";
  auto id = store->CreateArticle(d, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  // Fill the pool with several idle connections, then have the server end
  // them all, as a restart or a failover does.
  std::vector<std::thread> readers;
  for (int i = 0; i < 6; ++i) readers.emplace_back([&] { (void)store->GetArticle(*id); });
  for (auto& t : readers) t.join();
  const auto ended = Query(db.url(),
                           "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_GE(std::stoi(ended[0]), 1);
  // Every kind of call still succeeds: a read in a transaction, a single
  // read, a write.
  auto read = store->GetArticle(*id);
  EXPECT_TRUE(read) << read.error().ToString();
  auto sections = store->ListSections(std::nullopt);
  EXPECT_TRUE(sections) << sections.error().ToString();
  d.headline = "After the restart";
  auto written = store->CreateArticle(d, kNow);
  EXPECT_TRUE(written) << written.error().ToString();
}

// Every statement is a round trip to the server here, so a reader's page
// must cost a fixed number of them whatever the number of stories, bylines,
// tags and comments involved (no query per item).
TEST(PostgresStore, ReaderPagesRunAFixedNumberOfStatements) {
  auto db = Scratch();
  std::atomic<int> statements{0};
  PostgresOptions options;
  options.query_observer = [&](std::chrono::nanoseconds) { ++statements; };
  auto opened = OpenPostgresStore(db.url(), options);
  ASSERT_TRUE(opened) << opened.error().ToString();
  Store& store = **opened;
  auto run = [&](auto&& read) {
    const int before = statements.load();
    read();
    return statements.load() - before;
  };
  MediaRecord media;
  media.file = "lead.jpg";
  media.mime_type = "image/jpeg";
  ASSERT_TRUE(store.AddMedia(media));

  // counts_with(n) adds n live stories, each with two bylines, three tags
  // and two approved comments, and counts each page's statements.
  int64_t last = 0;
  int added = 0;
  auto counts_with = [&](int n) {
    for (int i = 0; i < n; ++i, ++added) {
      ArticleDraft d;
      d.headline = "Story " + std::to_string(added);
      d.section_name = "World";
      d.status = ArticleStatus::kPublished;
      d.published_at = kNow - std::chrono::minutes(added);
      d.author_names = {"Ann", "Bob " + std::to_string(added % 3)};
      d.tag_names = {"Rain", "Karachi", "Tag " + std::to_string(added % 5)};
      d.image.emplace().file = "lead.jpg";
      auto id = store.CreateArticle(d, kNow);
      EXPECT_TRUE(id) << id.error().ToString();
      last = id.value_or(0);
      Comment comment;
      comment.article_id = last;
      comment.name = "Reader";
      comment.body = "Comment";
      comment.status = CommentStatus::kApproved;
      comment.created_at = kNow;
      for (int k = 0; k < 2; ++k) EXPECT_TRUE(store.AddComment(comment));
    }
    ArticleQuery home;
    home.now = kNow;
    home.limit = 60;
    SearchQuery search;
    search.text = "story";
    search.now = kNow;
    return std::vector<int>{
        run([&] { ASSERT_TRUE(store.GetArticle(last)); }),
        run([&] { ASSERT_TRUE(store.ListSections(std::nullopt)); }),
        run([&] { ASSERT_TRUE(store.GetMediaByFile("lead.jpg")); }),
        run([&] { ASSERT_TRUE(store.ListApprovedComments(last)); }),
        run([&] {
          ASSERT_EQ(store.RelatedArticles(last, kNow, 4)->size(), std::min(added - 1, 4));
        }),
        run([&] { ASSERT_EQ(store.ListLiveArticles(home)->items.size(), std::min(added, 60)); }),
        run([&] { ASSERT_EQ(store.SearchArticles(search)->hits.size(), std::min(added, 10)); }),
    };
  };
  const std::vector<int> few = counts_with(2);
  const std::vector<int> many = counts_with(70);
  std::cout << "statements per page (article, sections, media, comments, related, listing, "
               "search): "
            << ::testing::PrintToString(many) << "\n";
  EXPECT_EQ(few, many) << "a page's statements grew with the stories on it";
  for (int count : many) EXPECT_LE(count, 8);
}

TEST(ChangeListener, HearsAnotherNodesCommitAtOnce) {
  auto db = Scratch();
  auto writer = Open(db.url());
  ASSERT_NE(writer, nullptr);
  auto listener = ChangeListener::Open(db.url());
  ASSERT_TRUE(listener) << listener.error().ToString();
  // Nothing written yet: a short wait times out.
  EXPECT_FALSE((*listener)->Wait(50ms));

  std::thread write([&] {
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(writer->SetSettingOverride("comments.closed_text", "Closed.").ok());
  });
  const auto started = std::chrono::steady_clock::now();
  bool heard = false;
  while (!heard && std::chrono::steady_clock::now() - started < 5s) heard = (*listener)->Wait(5s);
  write.join();
  EXPECT_TRUE(heard);
  // Woken by the notification, long before the 5 s wait ran out.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  auto latest = writer->LatestChange();
  ASSERT_TRUE(latest);
  EXPECT_GT(*latest, 0);
}

TEST(ChangeListener, InterruptEndsAWait) {
  auto db = Scratch();
  ASSERT_NE(Open(db.url()), nullptr);
  auto listener = ChangeListener::Open(db.url());
  ASSERT_TRUE(listener) << listener.error().ToString();
  std::thread stop([&] {
    std::this_thread::sleep_for(50ms);
    (*listener)->Interrupt();
  });
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE((*listener)->Wait(10s));
  stop.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace khabar
