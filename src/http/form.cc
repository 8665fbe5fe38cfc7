#include "http/form.h"

#include "http/internal/ascii.h"
#include "http/request_target.h"

namespace khabar::http {
namespace {

using internal::TrimOws;

// Param returns parameter `name` of a header value such as
// `form-data; name="x"; filename="a.jpg"` (quotes removed).
std::optional<std::string> Param(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t semi = header.find(';', pos);
    if (semi == std::string_view::npos) semi = header.size();
    std::string_view item = TrimOws(header.substr(pos, semi - pos));
    size_t eq = item.find('=');
    if (eq != std::string_view::npos && AsciiLower(TrimOws(item.substr(0, eq))) == name) {
      std::string_view v = TrimOws(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"') {
        // A quoted value may contain ';': take up to the closing quote.
        size_t start = pos + (header.substr(pos).find('"')) + 1;
        size_t end = header.find('"', start);
        if (end == std::string_view::npos) return std::nullopt;
        return std::string(header.substr(start, end - start));
      }
      return std::string(v);
    }
    pos = semi + 1;
  }
  return std::nullopt;
}

Result<Form> ParseUrlEncoded(std::string_view body, size_t max_fields) {
  Form form;
  size_t count = 0;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    if (amp == std::string_view::npos) amp = body.size();
    std::string_view pair = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    if (++count > max_fields) return InvalidArgument("form has too many fields");
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!name || !value) return InvalidArgument("form field is not properly encoded");
    if (!IsValidUtf8(*name) || !IsValidUtf8(*value)) {
      return InvalidArgument("form field '" + (IsValidUtf8(*name) ? *name : "?") +
                             "' is not valid UTF-8");
    }
    form.Set(std::move(*name), std::move(*value));
  }
  return form;
}

Result<Form> ParseMultipart(std::string_view content_type, std::string_view body,
                            size_t max_fields) {
  auto boundary = Param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    return InvalidArgument("multipart form without a boundary");
  }
  const std::string delim = "--" + *boundary;
  Form form;
  size_t pos = body.find(delim);
  if (pos == std::string_view::npos) return InvalidArgument("multipart form has no parts");
  size_t count = 0;
  for (;;) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") break;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return InvalidArgument("malformed multipart delimiter");
    pos += 2;
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos)
      return InvalidArgument("multipart part without headers");
    std::string_view head = body.substr(pos, head_end - pos);
    size_t data_start = head_end + 4;
    size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string_view::npos) return InvalidArgument("multipart form is cut short");
    if (++count > max_fields) return InvalidArgument("form has too many fields");

    FormPart part;
    size_t hpos = 0;
    while (hpos < head.size()) {
      size_t eol = head.find("\r\n", hpos);
      if (eol == std::string_view::npos) eol = head.size();
      std::string_view line = head.substr(hpos, eol - hpos);
      hpos = eol + 2;
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      std::string key = AsciiLower(TrimOws(line.substr(0, colon)));
      std::string_view value = TrimOws(line.substr(colon + 1));
      if (key == "content-disposition") {
        auto name = Param(value, "name");
        if (!name) return InvalidArgument("multipart part without a name");
        part.name = *name;
        part.filename = Param(value, "filename");
      } else if (key == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (part.name.empty()) return InvalidArgument("multipart part without a name");
    part.data = std::string(body.substr(data_start, next - data_start));
    if (part.filename) {
      if (!IsValidUtf8(*part.filename)) part.filename = "upload";
      if (!part.data.empty() || !part.filename->empty()) form.AddFile(std::move(part));
    } else {
      if (!IsValidUtf8(part.data)) {
        return InvalidArgument("form field '" + part.name + "' is not valid UTF-8");
      }
      form.Set(part.name, std::move(part.data));
    }
    pos = next + 2;
  }
  return form;
}

}  // namespace

const std::string& Form::Get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = fields_.find(name);
  return it == fields_.end() ? kEmpty : it->second;
}

const FormPart* Form::File(const std::string& name) const {
  for (const auto& f : files_) {
    if (f.name == name && !f.data.empty()) return &f;
  }
  return nullptr;
}

Result<Form> ParseForm(std::string_view content_type, std::string_view body, size_t max_fields) {
  std::string type = AsciiLower(TrimOws(content_type.substr(0, content_type.find(';'))));
  if (type == "application/x-www-form-urlencoded" || (type.empty() && body.empty())) {
    return ParseUrlEncoded(body, max_fields);
  }
  if (type == "multipart/form-data") return ParseMultipart(content_type, body, max_fields);
  return InvalidArgument("unsupported form encoding '" + type + "'");
}

}  // namespace khabar::http
