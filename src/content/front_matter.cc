#include "content/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "base/numbers.h"

namespace khabar {
namespace {

// Error builds "origin:line: key: message".
Status Error(std::string_view origin, int line, std::string_view key, std::string_view message) {
  std::string m(origin);
  if (line > 0) m += ":" + std::to_string(line);
  m += ": ";
  if (!key.empty()) {
    m += key;
    m += ": ";
  }
  m += message;
  return Status(Code::kInvalidArgument, std::move(m));
}

int LineOf(const YAML::Node& n, int front_matter_start_line) {
  return n.Mark().line + front_matter_start_line;
}

// Splits "---\n<yaml>---\n<body>" and returns yaml and body.
struct Split {
  std::string yaml;
  std::string body;
};

Result<Split> SplitFrontMatter(std::string_view text, std::string_view origin) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // BOM
  auto first_line_end = text.find('\n');
  std::string_view first = text.substr(0, first_line_end);
  if (first.ends_with('\r')) first.remove_suffix(1);
  if (first != "---") {
    return Err(Error(origin, 1, "", "expected '---' opening the YAML front matter"));
  }
  size_t pos = first_line_end == std::string_view::npos ? text.size() : first_line_end + 1;
  size_t yaml_start = pos;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line == "---" || line == "...") {
      Split s;
      s.yaml = std::string(text.substr(yaml_start, pos - yaml_start));
      s.body = end == std::string_view::npos ? "" : std::string(text.substr(end + 1));
      return s;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return Err(Error(origin, 0, "", "the front matter has no closing '---' line"));
}

}  // namespace

Result<ArticleFile> ParseArticleFile(std::string_view text, std::string_view origin) {
  auto split = SplitFrontMatter(text, origin);
  if (!split) return Err(split.error());
  constexpr int kYamlFirstLine = 2;  // YAML marks are 0-based, after the '---' line

  YAML::Node root;
  try {
    root = YAML::Load(split->yaml);
  } catch (const YAML::Exception& e) {
    return Err(Error(origin, e.mark.line + kYamlFirstLine, "", "YAML: " + e.msg));
  }
  if (!root.IsMap()) return Err(Error(origin, 1, "", "the front matter is not a YAML mapping"));

  ArticleFile out;
  ArticleDraft& d = out.draft;
  bool has_status = false;

  auto scalar = [&](const YAML::Node& n, std::string_view key) -> Result<std::string> {
    if (!n.IsScalar()) {
      return Err(Error(origin, LineOf(n, kYamlFirstLine), key, "expected a single value"));
    }
    return n.Scalar();
  };
  auto list = [&](const YAML::Node& n, std::string_view key) -> Result<std::vector<std::string>> {
    std::vector<std::string> items;
    if (n.IsScalar()) {
      if (!n.Scalar().empty()) items.push_back(n.Scalar());
      return items;
    }
    if (!n.IsSequence()) {
      return Err(Error(origin, LineOf(n, kYamlFirstLine), key, "expected a list like [A, B]"));
    }
    for (const auto& item : n) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return Err(Error(origin, LineOf(item, kYamlFirstLine), key,
                         "every item must be a non-empty name"));
      }
      items.push_back(item.Scalar());
    }
    return items;
  };

  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    const int line = LineOf(kv.first, kYamlFirstLine);
    if (key == "headline" || key == "standfirst" || key == "slug" || key == "section") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      if (key == "headline") d.headline = *s;
      if (key == "standfirst") d.standfirst = *s;
      if (key == "slug") d.slug = *s;
      if (key == "section") d.section_name = *s;
    } else if (key == "authors" || key == "tags") {
      auto items = list(v, key);
      if (!items) return Err(items.error());
      (key == "authors" ? d.author_names : d.tag_names) = std::move(*items);
    } else if (key == "published") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      auto t = ParseIso8601(*s);
      if (!t) return Err(Error(origin, line, key, t.error().message()));
      d.published_at = *t;
    } else if (key == "comments") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      if (*s == "open" || *s == "true" || *s == "yes") {
        d.comments_open = true;
      } else if (*s == "closed" || *s == "false" || *s == "no") {
        d.comments_open = false;
      } else {
        return Err(Error(origin, line, key, "'" + *s + "' is not 'open' or 'closed'"));
      }
    } else if (key == "status") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      auto st = ParseArticleStatus(*s);
      if (!st) return Err(Error(origin, line, key, st.error().message()));
      d.status = *st;
      has_status = true;
    } else if (key == "edition") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      d.edition = *s;
    } else if (key == "translation_of") {
      auto s = scalar(v, key);
      if (!s) return Err(s.error());
      auto id = ParsePositiveId(*s);
      if (!id) return Err(Error(origin, line, key, "'" + *s + "' is not a story number"));
      d.translation_of = *id;
    } else if (key == "image") {
      if (!v.IsMap()) return Err(Error(origin, line, key, "expected file, caption, credit, alt"));
      Image image;
      for (const auto& ikv : v) {
        const std::string ikey = "image." + ikv.first.Scalar();
        auto s = scalar(ikv.second, ikey);
        if (!s) return Err(s.error());
        if (ikey == "image.file") {
          image.file = *s;
        } else if (ikey == "image.caption") {
          image.caption = *s;
        } else if (ikey == "image.credit") {
          image.credit = *s;
        } else if (ikey == "image.alt") {
          image.alt = *s;
        } else {
          return Err(Error(origin, LineOf(ikv.first, kYamlFirstLine), ikey,
                           "unknown key (expected file, caption, credit, alt)"));
        }
      }
      if (image.file.empty()) return Err(Error(origin, line, "image.file", "is missing"));
      out.image_source = image.file;
      d.image = std::move(image);
    } else {
      return Err(Error(origin, line, key,
                       "unknown key (expected headline, standfirst, slug, section, authors, "
                       "tags, published, comments, status, image, edition, translation_of)"));
    }
  }

  if (d.headline.empty()) return Err(Error(origin, 0, "headline", "is missing"));
  if (d.section_name.empty()) return Err(Error(origin, 0, "section", "is missing"));
  if (!has_status) d.status = d.published_at ? ArticleStatus::kPublished : ArticleStatus::kDraft;
  d.body_markdown = std::move(split->body);
  if (Status s = ValidateDraft(d); !s.ok()) return Err(s.WithContext(origin));
  return out;
}

}  // namespace khabar
