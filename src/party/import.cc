// Running an import: savepoints per item, duplicates within the file, error reports; and the
// CSV column mapping.
#include "party/import.h"

#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include "party/internal.h"

namespace concord::party {
namespace {

using nlohmann::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The error entry of an item: {unit: number (null outside any item), "line"} + `fields`.
json Located(const ImportJob& job, const ImportItem& item, json fields) {
  json e = {{job.unit, item.number > 0 ? json(item.number) : json(nullptr)}};
  if (item.line > 0) e["line"] = item.line;
  e.update(fields);
  return e;
}

// Per-item failures are reported; any other code stops the import.
bool IsItemFailure(const Status& st) {
  switch (st.code()) {
    case Code::kInvalidArgument:
    case Code::kConflict:
    case Code::kNotFound:
    case Code::kFailedPrecondition:
    case Code::kPermissionDenied: return true;
    default: return false;
  }
}

void AddStatusErrors(const ImportJob& job, const ImportItem& item, const Status& st,
                     const std::map<int64_t, int64_t>& created, json& out) {
  for (const auto& fe : st.field_errors()) {
    std::string field = job.field_name ? job.field_name(fe.field) : fe.field;
    out.push_back(
        Located(job, item, {{"field", field}, {"code", fe.code}, {"message", fe.message}}));
  }
  if (!st.field_errors().empty()) return;
  json extra = st.extra().empty() ? json() : json::parse(st.extra(), nullptr, false);
  if (extra.is_object() && extra.contains("candidates") && extra["candidates"].is_array()) {
    json e = {{"field", nullptr}, {"code", "possible_duplicate"}, {"message", st.message()}};
    json ids = json::array();
    for (const auto& c : extra["candidates"]) {
      int64_t id = c.value("id", int64_t{0});
      if (auto it = created.find(id); it != created.end()) {
        if (!e.contains("duplicate_of_" + job.unit)) e["duplicate_of_" + job.unit] = it->second;
      } else {
        ids.push_back(id);
      }
    }
    e["candidates"] = ids;
    out.push_back(Located(job, item, e));
    return;
  }
  out.push_back(Located(
      job, item, {{"field", nullptr}, {"code", st.message_id()}, {"message", st.message()}}));
}

// Reports the item's keys already seen in an earlier item; true if any was.
bool InFileDuplicate(const ImportJob& job, const ImportItem& item,
                     std::map<std::string, int64_t>& seen, json& out) {
  bool dup = false;
  for (const auto& [field, key] : item.keys) {
    if (key.empty()) continue;
    auto [it, inserted] = seen.emplace(field + '\x1f' + key, item.number);
    if (inserted || job.allow_duplicates) continue;
    dup = true;
    out.push_back(Located(job, item,
                          {{"field", field},
                           {"code", "possible_duplicate"},
                           {"message", "The same " + field + " as " + job.unit + " " +
                                           std::to_string(it->second) + " of this file."},
                           {"duplicate_of_" + job.unit, it->second},
                           {"candidates", json::array()}}));
  }
  return dup;
}

Status Savepoint(store::Tx& tx, const std::string& sql) { return tx.connection().ExecScript(sql); }

// Creates one item under a savepoint. Returns the service's answer; `fatal` is set when the
// import must stop (the savepoint itself failed, or a failure that is not the item's).
Result<json> CreateOne(store::Tx& tx, const security::Access& who, const ImportJob& job,
                       const json& body, bool check_duplicates, Status& fatal) {
  fatal = Savepoint(tx, "SAVEPOINT concord_import_item");
  if (!fatal.ok()) return fatal;
  Result<json> out = job.create(tx, who, body, check_duplicates);
  if (out.ok()) {
    fatal = Savepoint(tx, "RELEASE SAVEPOINT concord_import_item");
    return out;
  }
  if (!IsItemFailure(out.status())) {
    fatal = out.status();
    return out;
  }
  fatal = Savepoint(tx, "ROLLBACK TO SAVEPOINT concord_import_item");
  if (fatal.ok()) fatal = Savepoint(tx, "RELEASE SAVEPOINT concord_import_item");
  return out;
}

Status Interrupted() {
  return Status(Code::kUnavailable, "import.interrupted",
                "The import was interrupted; nothing was imported.");
}

Result<ImportReport> RunItems(store::Tx& tx, const security::Access& who, const ImportJob& job) {
  ImportReport report;
  std::map<std::string, int64_t> seen;  // field + key -> first item number
  std::map<int64_t, int64_t> created;   // created id -> item number
  int64_t done = 0;
  for (const auto& item : job.items) {
    if (job.progress && done % kProgressEvery == 0 && !job.progress(done)) return Interrupted();
    ++done;
    if (item.number > 0) ++report.items;
    for (const auto& e : item.errors) report.errors.push_back(Located(job, item, e));
    bool dup = InFileDuplicate(job, item, seen, report.errors);
    if (!item.create) continue;
    Status fatal;
    auto out = CreateOne(tx, who, job, item.body, !job.allow_duplicates && !dup, fatal);
    if (!fatal.ok()) return fatal;
    if (!out.ok()) {
      AddStatusErrors(job, item, out.status(), created, report.errors);
      continue;
    }
    int64_t id = out->value("id", int64_t{0});
    created[id] = item.number;
    report.ids.push_back(id);
  }
  if (job.progress && !job.progress(done)) return Interrupted();
  return report;
}

// An integer cell; nullopt unless the whole text is one.
std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

json SplitList(std::string_view s) {
  json out = json::array();
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t semi = s.find(';', pos);
    if (semi == std::string_view::npos) semi = s.size();
    std::string_view part = Trim(s.substr(pos, semi - pos));
    if (!part.empty()) out.push_back(std::string(part));
    pos = semi + 1;
  }
  return out;
}

// Resolves each CSV column to a field of the import, collecting every problem.
class ColumnMapper {
 public:
  explicit ColumnMapper(const std::vector<ImportField>& fields)
      : fields_(fields), used_(fields.size()) {}

  Status Run(const std::vector<std::string>& header, const json& mapping,
             const std::vector<std::string>& required, std::vector<int>& target) {
    if (!mapping.is_null() && !mapping.is_object()) {
      return InvalidField("mapping", "type", "mapping is an object {\"CSV header\": \"field\"}.");
    }
    if (mapping.is_object()) {
      for (const auto& [key, value] : mapping.items()) {
        mapped_[Lower(Trim(key))] = {std::string(Trim(key)), &value};
      }
    }
    target.assign(header.size(), -1);
    for (size_t c = 0; c < header.size(); ++c) target[c] = Column(std::string(Trim(header[c])));
    for (const auto& [lower, entry] : mapped_) {
      Error("mapping/" + entry.first, "unknown_column",
            "The file has no column \"" + entry.first + "\".");
    }
    for (const auto& r : required) {
      int i = FieldIndex(r);
      if (i >= 0 && used_[static_cast<size_t>(i)].empty()) {
        Error("mapping", "required", "No column feeds the required field " + r + ".");
      }
    }
    return failed_ ? status_ : Status::Ok();
  }

 private:
  int FieldIndex(std::string_view name) const {
    for (size_t i = 0; i < fields_.size(); ++i) {
      if (Lower(fields_[i].name) == Lower(Trim(name))) return static_cast<int>(i);
    }
    return -1;
  }

  void Error(const std::string& field, const std::string& code, const std::string& message) {
    status_.AddFieldError(field, code, message);
    failed_ = true;
  }

  // The field of the column with header `h`: mapped explicitly, or by its name; -1 if skipped.
  int Column(const std::string& h) {
    int target = -1;
    if (auto it = mapped_.find(Lower(h)); it != mapped_.end()) {
      const json& v = *it->second.second;
      mapped_.erase(it);
      if (v.is_null()) return -1;
      target = v.is_string() ? FieldIndex(v.get<std::string>()) : -1;
      if (target < 0) {
        Error("mapping/" + h, "unknown_field", "Map the column to a field of this import or null.");
        return -1;
      }
    } else {
      target = FieldIndex(h);
      if (target < 0 && !h.empty()) {
        Error("mapping/" + h, "unknown_column",
              "The column \"" + h +
                  "\" is no field of this import; map it to a field, or to null to skip it.");
      }
      if (target < 0) return -1;
    }
    std::string& first = used_[static_cast<size_t>(target)];
    if (!first.empty()) {
      Error("mapping/" + h, "duplicate_field",
            "The columns \"" + first + "\" and \"" + h + "\" both feed " +
                fields_[static_cast<size_t>(target)].name + ".");
    }
    first = h;
    return target;
  }

  const std::vector<ImportField>& fields_;
  std::vector<std::string> used_;  // per field: the header of the column feeding it
  std::map<std::string, std::pair<std::string, const json*>> mapped_;  // lower-case header ->
  Status status_{Code::kInvalidArgument, "import.mapping_invalid",
                 "The columns do not fit this import."};
  bool failed_ = false;
};

// The body of one data record.
ImportItem RecordItem(const CsvRecord& rec, int64_t number, const std::vector<int>& target,
                      const std::vector<ImportField>& fields) {
  ImportItem item;
  item.number = number;
  item.line = rec.line;
  for (size_t c = 0; c < rec.cells.size(); ++c) {
    std::string cell = StripFormulaGuard(Trim(rec.cells[c]));
    if (cell.empty()) continue;
    if (c >= target.size()) {
      item.errors.push_back({{"field", nullptr},
                             {"code", "csv.extra_cells"},
                             {"message", "The row has more cells than the header has columns."}});
      break;
    }
    if (target[c] < 0) continue;
    const ImportField& f = fields[static_cast<size_t>(target[c])];
    if (f.type == FieldType::kText) {
      item.body[f.name] = cell;
    } else if (f.type == FieldType::kList) {
      item.body[f.name] = SplitList(cell);
    } else if (auto n = ParseInt(cell)) {
      item.body[f.name] = *n;
    } else {
      item.errors.push_back(
          {{"field", f.name}, {"code", "type"}, {"message", f.name + " must be a whole number."}});
    }
  }
  return item;
}

bool Blank(const CsvRecord& rec) {
  for (const auto& c : rec.cells) {
    if (!Trim(c).empty()) return false;
  }
  return true;
}

}  // namespace

Result<ImportReport> RunImport(store::Tx& tx, const security::Access& who, const ImportJob& job) {
  if (!job.dry_run) return RunItems(tx, who, job);
  // A dry run writes into a savepoint that is always undone, with a journal of its own.
  RETURN_IF_ERROR(Savepoint(tx, "SAVEPOINT concord_import_dry"));
  store::Tx scratch(tx.connection(), store::TxMode::kWrite, tx.actor());
  Result<ImportReport> report = RunItems(scratch, who, job);
  Status undo = Savepoint(tx, "ROLLBACK TO SAVEPOINT concord_import_dry");
  if (undo.ok()) undo = Savepoint(tx, "RELEASE SAVEPOINT concord_import_dry");
  if (!report.ok()) return report.status();
  if (!undo.ok()) return undo;
  return report;
}

Result<ImportAnswer> AnswerOf(const ImportJob& job, const ImportReport& report) {
  const std::string units = job.unit + "s";
  if (!report.errors.empty()) {
    std::set<int64_t> bad;
    for (const auto& e : report.errors) {
      if (e[job.unit].is_number()) bad.insert(e[job.unit].get<int64_t>());
    }
    Status st = InvalidArgument("import.rejected", std::to_string(bad.size()) + " of " +
                                                       std::to_string(report.items) + " " + units +
                                                       " have errors; nothing was imported.");
    st.SetExtra(json{{"errors", report.errors},
                     {units, report.items},
                     {"valid_" + units, report.items - static_cast<int64_t>(bad.size())},
                     {"dry_run", job.dry_run}}
                    .dump());
    return st;
  }
  if (job.dry_run) {
    return ImportAnswer{200,
                        {{"dry_run", true},
                         {units, report.items},
                         {"would_create", static_cast<int64_t>(report.ids.size())}}};
  }
  return ImportAnswer{
      201, {{"created", static_cast<int64_t>(report.ids.size())}, {"ids", report.ids}}};
}

Result<std::vector<ImportItem>> CsvItems(std::string_view csv, char delimiter, const json& mapping,
                                         const std::vector<ImportField>& fields,
                                         const std::vector<std::string>& required) {
  auto records = ParseCsv(csv, delimiter);
  if (!records.ok()) {
    const Status& st = records.status();
    if (st.code() != Code::kInvalidArgument) return st;
    return InvalidField("csv", st.message_id(), st.message());
  }
  if (records->empty() || Blank(records->front())) {
    return InvalidField("csv", "required", "The file is empty; its first line names the columns.");
  }
  size_t data = 0;
  for (size_t i = 1; i < records->size(); ++i) data += Blank((*records)[i]) ? 0 : 1;
  if (data > kMaxImportRows) {
    return Status(Code::kTooLarge, "import.too_many_rows",
                  "At most " + std::to_string(kMaxImportRows) + " rows per import; the file has " +
                      std::to_string(data) + ".");
  }
  std::vector<int> target;
  RETURN_IF_ERROR(ColumnMapper(fields).Run(records->front().cells, mapping, required, target));
  std::vector<ImportItem> items;
  for (size_t i = 1; i < records->size(); ++i) {
    if (Blank((*records)[i])) continue;
    items.push_back(RecordItem((*records)[i], static_cast<int64_t>(i), target, fields));
  }
  return items;
}

}  // namespace concord::party
