// The command line: date lines, Hijri month starts, adding and listing
// stories, and clear one-line errors that leave nothing half-written.
#include <gtest/gtest.h>

#include <fstream>

#include "support/process.h"

namespace khabar::testing {
namespace {

std::string SeedConfig() { return (SeedDir() / "site.toml").string(); }

TEST(Cli, DatePrintsTheSeedDateLine) {
  TempDir dir;
  auto r = RunKhabar(
      {"date", "2024-02-28", "--config", SeedConfig(), "--db", (dir.path() / "none.db").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Wednesday, February 28, 2024\n17 Shaban 1445\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "none.db")) << "date must not create a db";
}

TEST(Cli, RecordedMonthStartWinsOverTheCalculation) {
  TempDir dir;
  std::string db = (dir.path() / "k.db").string();
  auto date = [&](const std::string& day) {
    auto r = RunKhabar({"date", day, "--config", SeedConfig(), "--db", db});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(r.out.find('\n') + 1);
  };
  // Before any record the calculation (Umm al-Qura, one day behind) rules.
  std::string before = date("2024-03-11");
  EXPECT_TRUE(before.ends_with(" Shaban 1445\n")) << before;
  auto set = RunKhabar(
      {"hijri", "set-month-start", "1445-09", "2024-03-11", "--config", SeedConfig(), "--db", db});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(date("2024-03-11"), "1 Ramzan 1445\n");
  EXPECT_EQ(date("2024-03-12"), "2 Ramzan 1445\n");
  EXPECT_TRUE(date("2024-03-10").ends_with(" Shaban 1445\n"));
  auto list = RunKhabar({"hijri", "list", "--db", db});
  EXPECT_EQ(list.out, "1445-09\t2024-03-11\n");
}

TEST(Cli, BadHijriRecordsAreRefusedAndNotSaved) {
  TempDir dir;
  std::string db = (dir.path() / "k.db").string();
  for (const auto& args : std::vector<std::vector<std::string>>{{"1445-13", "2024-03-12"},
                                                                {"ramzan", "2024-03-12"},
                                                                {"1445-09", "2024-02-30"},
                                                                {"1445-09", "2025-03-12"}}) {
    auto r = RunKhabar(
        {"hijri", "set-month-start", args[0], args[1], "--config", SeedConfig(), "--db", db});
    EXPECT_EQ(r.exit_code, 1) << args[0] << " " << args[1];
    EXPECT_TRUE(r.err.starts_with("khabar: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(RunKhabar({"hijri", "list", "--db", db}).out, "");
}

TEST(Cli, ArticleAddAndList) {
  TempDir dir;
  std::string db = (dir.path() / "k.db").string();
  auto add = RunKhabar({"article", "add", "--file", (SeedDir() / "article.md").string(), "--db", db,
                        "--config", SeedConfig()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("/news/1/us-china-agree"), std::string::npos) << add.out;
  // The file's section was new: the command says it made it.
  EXPECT_TRUE(add.out.starts_with("created section World\n")) << add.out;
  auto list = RunKhabar({"article", "list", "--db", db, "--config", SeedConfig()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "1\tpublished\t2023-10-28T09:30:00+05:00\tUS, China agree to work toward an expected "
            "Biden-Xi summit\n");
  // The image was copied into the media folder beside the database.
  bool found_jpg = false;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path() / "media")) {
    found_jpg |= e.path().extension() == ".jpg";
  }
  EXPECT_TRUE(found_jpg);
  // The same slug twice is refused, and the list is unchanged.
  auto again =
      RunKhabar({"article", "add", "--file", (SeedDir() / "article.md").string(), "--db", db});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("us-china-agree"), std::string::npos) << again.err;
  EXPECT_EQ(RunKhabar({"article", "list", "--db", db, "--config", SeedConfig()}).out, list.out);
  // A second story of the section makes none, and more tags than
  // [limits] tags_per_story are refused, naming the field.
  std::ofstream(dir.path() / "second.md") << "---\nheadline: Second\nsection: world\n---\nBody\n";
  auto second = RunKhabar({"article", "add", "--file", (dir.path() / "second.md").string(), "--db",
                           db, "--config", SeedConfig()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.find("created section"), std::string::npos) << second.out;
  std::string tags;
  for (int i = 0; i < 31; ++i) tags += (i ? ", T" : "T") + std::to_string(i);
  std::ofstream(dir.path() / "soup.md")
      << "---\nheadline: Soup\nsection: World\ntags: [" << tags << "]\n---\nBody\n";
  auto soup = RunKhabar({"article", "add", "--file", (dir.path() / "soup.md").string(), "--db", db,
                         "--config", SeedConfig()});
  EXPECT_EQ(soup.exit_code, 1);
  EXPECT_NE(soup.err.find("tags: at most 30 per story (this one has 31)"), std::string::npos)
      << soup.err;
}

TEST(Cli, BadArticleFilesFailWithOneLineAndWriteNothing) {
  TempDir dir;
  std::string db = (dir.path() / "k.db").string();
  std::ofstream(dir.path() / "bad-date.md")
      << "---\nheadline: A\nsection: World\npublished: last tuesday\n---\nBody\n";
  std::ofstream(dir.path() / "no-image.md")
      << "---\nheadline: B\nsection: World\nimage:\n  file: missing.jpg\n---\nBody\n";
  std::ofstream(dir.path() / "fake.jpg") << "<html>not a picture</html>";
  std::ofstream(dir.path() / "fake-image.md")
      << "---\nheadline: C\nsection: World\nimage:\n  file: fake.jpg\n---\nBody\n";
  struct Case {
    std::string file, expected;
  } cases[] = {
      {"bad-date.md", "bad-date.md:4: published: 'last tuesday'"},
      {"no-image.md", "missing.jpg: image file not found"},
      {"fake-image.md", "fake.jpg: not an image"},
      {"absent.md", "absent.md: cannot read"},
  };
  for (const auto& c : cases) {
    auto r = RunKhabar({"article", "add", "--file", (dir.path() / c.file).string(), "--db", db});
    EXPECT_EQ(r.exit_code, 1) << c.file;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(RunKhabar({"article", "list", "--db", db}).out, "");
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "media" / "2026"));
}

TEST(Cli, UnknownCommandAndBadClockAreErrors) {
  EXPECT_NE(RunKhabar({"frobnicate"}).exit_code, 0);
  auto r = RunKhabar({"date", "2024-02-28"}, {{"KHABAR_NOW", "soon"}});
  // `date` takes its day from the argument, so a bad clock only matters to
  // commands that read it:
  EXPECT_EQ(r.exit_code, 0);
  TempDir dir;
  auto add = RunKhabar({"article", "add", "--file", (SeedDir() / "article.md").string(), "--db",
                        (dir.path() / "k.db").string()},
                       {{"KHABAR_NOW", "soon"}});
  EXPECT_EQ(add.exit_code, 1);
  EXPECT_NE(add.err.find("KHABAR_NOW"), std::string::npos) << add.err;
}

}  // namespace
}  // namespace khabar::testing
