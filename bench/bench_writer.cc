// bench_writer: an editor publishing through the newsroom while bench/run.sh
// loads the public site, and how long each story takes to reach readers.
//
//   bench_writer --port P --login L --seconds S [--rate R] [--section NAME]
//                [--tags "A, B"] [--read-port P2] [--edits N]
//                [--comment-rate R] [--quiet 1]
//                (the password is read from standard input; with --read-port
//                the stories are published on P and watched for on P2)
//
// It signs in the way a browser does (tests/support: the login form's
// token, the CSRF double-submit cookie) and prints READY. Then R times a
// second, on a fixed schedule and without waiting for the previous one, it
// creates a story with the editor's form and moves it to published. From
// the moment the newsroom answers the publish (303), a watcher polls the
// story's public URL until it answers 200 and the home page until it links
// the story, every 10 ms, for at most 10 s. Prints one STORY line per story
// and a WRITER summary line (milliseconds; -1 when never seen).
//
// For the soak (bench/soak.sh): --edits N saves N more versions of each
// story once it shows (the editor form, at the version the editor page
// gives), and --comment-rate R has readers post R comments a second on the
// newest published story, each from a loopback address of its own
// (127.0.x.y) as different readers would. Prints EDITS and COMMENTS lines;
// a failed edit or a refused comment makes the exit status 1.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/web_session.h"

namespace {

namespace kt = khabar::testing;
using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  // read_port is the node whose pages are watched for each story (another
  // node of the same database: bench/cluster.sh); 0 = `port`.
  int read_port = 0;
  std::string login;
  double seconds = 10;
  double rate = 5;
  std::string section = "Pakistan";
  // The corpus's most common tag by default: each publication then touches
  // as many cached pages as a story can (its related boxes), a worst case.
  std::string tags = "Live, Pakistan";
  int edits = 0;            // more saves of each story once it shows
  double comment_rate = 0;  // reader comments a second
  bool quiet = false;       // no STORY lines
};

// Tally counts what the soak's extra writers did; shared by threads.
struct Tally {
  std::atomic<int> edits_ok{0}, edits_failed{0};
  std::atomic<int> comments_ok{0}, comments_failed{0};
  std::atomic<int64_t> newest_story{0};
};

struct Story {
  int64_t id = 0;          // 0 when creating or publishing it failed
  double create_ms = 0;    // the editor form's POST
  double publish_ms = 0;   // the workflow form's POST
  double article_ms = -1;  // publish answered -> public URL answers 200
  double home_ms = -1;     // publish answered -> home page links it
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

std::string StoryBody(int n) {
  std::string body;
  for (int p = 0; p < 8; ++p) {
    body += "Paragraph " + std::to_string(p + 1) + " of live story " + std::to_string(n) +
            ": officials said on Thursday that the new pumping line would be finished before "
            "the summer, and residents said they would believe it when the water came.\n\n";
    if (p == 3) body += "## What happens next\n\n";
  }
  return body;
}

// Watch polls until the story is visible on its page and on the home page.
void Watch(int port, const std::string& url, int64_t id, Clock::time_point published,
           Story& story) {
  const std::string link = "/news/" + std::to_string(id) + "/";
  const auto deadline = published + std::chrono::seconds(10);
  while (Clock::now() < deadline && (story.article_ms < 0 || story.home_ms < 0)) {
    if (story.article_ms < 0 && kt::HttpGet(port, url).status == 200) {
      story.article_ms = Ms(Clock::now() - published);
    }
    if (story.home_ms < 0) {
      const kt::HttpResponse home = kt::HttpGet(port, "/");
      if (home.status == 200 && home.body.find(link) != std::string::npos) {
        story.home_ms = Ms(Clock::now() - published);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// Publish creates story `n` as the editor of `session` (a copy per story,
// so stories overlap as several editors' would), publishes it and watches
// for it on the public site.
void Publish(kt::WebSession session, const Options& o, const std::string& run, int n, Story& s,
             Tally& tally) {
  kt::StoryForm form;
  form.headline = "Live desk story " + std::to_string(n) + " of run " + run;
  form.standfirst = "Published by the benchmark's writer while readers load the site.";
  form.section = o.section;
  form.slug = "live-" + run + "-" + std::to_string(n);
  form.tags = o.tags;
  form.authors = "Bench Desk";
  form.body = StoryBody(n);
  auto t0 = Clock::now();
  const int64_t id = kt::CreateStory(session, form);
  s.create_ms = Ms(Clock::now() - t0);
  if (id == 0) {
    std::fprintf(stderr, "bench_writer: create failed: HTTP %d\n", session.last().status);
    return;
  }
  t0 = Clock::now();
  // A new story is version 1 (Store::CreateArticle).
  const kt::HttpResponse moved = kt::MoveStory(session, id, 1, "published");
  const auto published = Clock::now();
  s.publish_ms = Ms(published - t0);
  if (moved.status != 303) {
    std::fprintf(stderr, "bench_writer: publish of %lld failed: HTTP %d\n",
                 static_cast<long long>(id), moved.status);
    return;
  }
  s.id = id;
  Watch(o.read_port > 0 ? o.read_port : o.port, "/news/" + std::to_string(id) + "/" + form.slug, id,
        published, s);
  if (s.article_ms >= 0) {
    int64_t seen = tally.newest_story.load();
    while (seen < id && !tally.newest_story.compare_exchange_weak(seen, id)) {
    }
  }
  for (int e = 0; e < o.edits; ++e) {
    const kt::StoryState state = kt::ReadStory(session, id);
    form.body = StoryBody(n) + "Update " + std::to_string(e + 1) + ": more from the desk.\n";
    const kt::HttpResponse saved = kt::SaveStory(session, id, state.version, form);
    if (state.http_status == 200 && saved.status == 303) {
      ++tally.edits_ok;
    } else {
      ++tally.edits_failed;
      std::fprintf(stderr, "bench_writer: edit of %lld failed: HTTP %d / %d\n",
                   static_cast<long long>(id), state.http_status, saved.status);
    }
  }
}

// Comments posts o.comment_rate comments a second for o.seconds on the
// newest story that has shown, each from the next loopback address.
void Comments(const Options& o, Tally& tally) {
  const auto start = Clock::now();
  const int total = static_cast<int>(o.seconds * o.comment_rate);
  for (int i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(i / o.comment_rate)));
    const int64_t id = tally.newest_story.load();
    if (id == 0) continue;  // nothing published yet
    // 127.0.1.1 .. 127.0.250.250: 62,500 readers, each posting rarely.
    const std::string address =
        "127.0." + std::to_string(1 + (i / 250) % 250) + "." + std::to_string(1 + i % 250);
    kt::WebSession reader(o.port, address);
    const kt::HttpResponse r = reader.PostForm(
        "/news/" + std::to_string(id) + "/comments",
        {{"name", "Reader " + std::to_string(i)},
         {"email", ""},
         {"body", "Comment " + std::to_string(i) + " from a reader of the live desk."},
         {"website", ""}});
    if (r.status == 303) {
      ++tally.comments_ok;
    } else {
      ++tally.comments_failed;
      std::fprintf(stderr, "bench_writer: comment %d on %lld from %s: HTTP %d\n", i,
                   static_cast<long long>(id), address.c_str(), r.status);
    }
  }
}

int Run(const Options& o, const std::string& password) {
  const kt::WebSession session = kt::Login(o.port, o.login, password);
  if (!kt::SignedIn(session) || session.csrf().empty()) {
    std::fprintf(stderr, "bench_writer: sign-in as %s failed (HTTP %d)\n", o.login.c_str(),
                 session.last().status);
    return 1;
  }
  // The caller starts its load when it reads this: signing in (Argon2id)
  // on a saturated server could take longer than the client's timeout.
  std::printf("READY\n");
  std::fflush(stdout);
  const auto run = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
  const int total = std::max(1, static_cast<int>(o.seconds * o.rate));
  std::vector<Story> stories(static_cast<size_t>(total));
  std::vector<std::thread> publishers;
  Tally tally;
  std::thread commenter;
  if (o.comment_rate > 0) commenter = std::thread(Comments, std::cref(o), std::ref(tally));
  const auto start = Clock::now();
  for (int i = 0; i < total; ++i) {
    // A fixed schedule, whatever earlier publications are still doing.
    std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(i / o.rate)));
    publishers.emplace_back(Publish, session, std::cref(o), run, i + 1,
                            std::ref(stories[static_cast<size_t>(i)]), std::ref(tally));
  }
  for (auto& p : publishers) p.join();
  if (commenter.joinable()) commenter.join();

  std::vector<double> create, publish, article, home;
  int failed = 0, unseen = 0;
  for (const Story& s : stories) {
    if (s.id == 0) {
      ++failed;
      continue;
    }
    if (!o.quiet) {
      std::printf(
          "STORY id=%lld create_ms=%.1f publish_ms=%.1f article_visible_ms=%.1f "
          "home_visible_ms=%.1f\n",
          static_cast<long long>(s.id), s.create_ms, s.publish_ms, s.article_ms, s.home_ms);
    }
    create.push_back(s.create_ms);
    publish.push_back(s.publish_ms);
    if (s.article_ms < 0 || s.home_ms < 0) ++unseen;
    if (s.article_ms >= 0) article.push_back(s.article_ms);
    if (s.home_ms >= 0) home.push_back(s.home_ms);
  }
  std::printf(
      "WRITER rate_per_s=%.1f published=%zu failed=%d create_p50_ms=%.1f create_max_ms=%.1f "
      "publish_p50_ms=%.1f publish_max_ms=%.1f article_visible_p50_ms=%.1f "
      "article_visible_max_ms=%.1f home_visible_p50_ms=%.1f home_visible_max_ms=%.1f "
      "not_visible_10s=%d\n",
      o.rate, create.size(), failed, Percentile(create, 0.5), Percentile(create, 1),
      Percentile(publish, 0.5), Percentile(publish, 1), Percentile(article, 0.5),
      Percentile(article, 1), Percentile(home, 0.5), Percentile(home, 1), unseen);
  if (o.edits > 0) {
    std::printf("EDITS saved=%d failed=%d\n", tally.edits_ok.load(), tally.edits_failed.load());
  }
  if (o.comment_rate > 0) {
    std::printf("COMMENTS posted=%d refused=%d\n", tally.comments_ok.load(),
                tally.comments_failed.load());
  }
  return failed == 0 && unseen == 0 && tally.edits_failed == 0 && tally.comments_failed == 0 ? 0
                                                                                             : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--port") {
      o.port = std::atoi(argv[i + 1]);
    } else if (a == "--read-port") {
      o.read_port = std::atoi(argv[i + 1]);
    } else if (a == "--login") {
      o.login = argv[i + 1];
    } else if (a == "--seconds") {
      o.seconds = std::atof(argv[i + 1]);
    } else if (a == "--rate") {
      o.rate = std::atof(argv[i + 1]);
    } else if (a == "--section") {
      o.section = argv[i + 1];
    } else if (a == "--tags") {
      o.tags = argv[i + 1];
    } else if (a == "--edits") {
      o.edits = std::atoi(argv[i + 1]);
    } else if (a == "--comment-rate") {
      o.comment_rate = std::atof(argv[i + 1]);
    } else if (a == "--quiet") {
      o.quiet = std::string(argv[i + 1]) == "1";
    } else {
      std::fprintf(stderr, "bench_writer: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.port <= 0 || o.login.empty() || o.rate <= 0) {
    std::fprintf(stderr,
                 "usage: bench_writer --port P --login L --seconds S [--rate R] [--read-port P] "
                 "[--section NAME] [--tags \"A, B\"] [--edits N] [--comment-rate R] "
                 "[--quiet 1] < password\n");
    return 2;
  }
  std::string password;
  std::getline(std::cin, password);
  return Run(o, password);
}
