// Form bodies: application/x-www-form-urlencoded and multipart/form-data, the
// two encodings browsers use to POST a form.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar::http {

// FormPart is one field of a multipart body; `filename` is set for files.
struct FormPart {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;  // of a file part; "" for plain fields
  std::string data;
};

// Form holds a request's fields. Text fields must be valid UTF-8; the first
// value of a repeated name wins for Get.
class Form {
 public:
  // Get returns the field's value, or "" when absent.
  const std::string& Get(const std::string& name) const;
  bool Has(const std::string& name) const { return fields_.contains(name); }
  // File returns the file part named `name` when one was uploaded (an empty
  // file input is treated as absent).
  const FormPart* File(const std::string& name) const;
  const std::map<std::string, std::string>& fields() const { return fields_; }

  void Set(std::string name, std::string value) {
    fields_.try_emplace(std::move(name), std::move(value));
  }
  void AddFile(FormPart part) { files_.push_back(std::move(part)); }

 private:
  std::map<std::string, std::string> fields_;
  std::vector<FormPart> files_;
};

// ParseForm decodes `body` by its Content-Type. kInvalidArgument (naming
// the problem) for a malformed body, a field that is not UTF-8, more than
// `max_fields` fields, or an unsupported type.
Result<Form> ParseForm(std::string_view content_type, std::string_view body,
                       size_t max_fields = 200);

}  // namespace khabar::http
