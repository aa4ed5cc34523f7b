// Documents by number: the exact number, its numeric part ("45" -> SO-000045) and its start,
// each an index lookup on the table's unique (company_id, [kind,] number) index; leads and
// opportunities also by the start of their title / name (crm's lowered-name indexes).
//
// The areas' list services have no number search, so the search reads their tables here, read
// only and through the same Access::Visible record rules as those lists.
#include <algorithm>
#include <cctype>

#include "party/normalize.h"
#include "search/internal.h"

namespace concord::search::internal {

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool TypeMatches(const std::string& doc_type, const std::vector<std::string>& wanted) {
  return std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return !w.empty() && w.back() == '.' ? doc_type.rfind(w, 0) == 0 : doc_type == w;
  });
}

// The rows the caller may see: the area's record rules where the table has them (owner and
// department kept off SQLite's index choice, so that the number index drives), else the company.
security::SqlFilter Visibility(store::Tx& tx, const security::Access& who,
                               const DocSource& source) {
  if (!source.record_rules) return {"(t.company_id = ?)", {who.company_id()}};
  std::string plus = tx.dialect() == store::Dialect::kSqlite ? "+" : "";
  security::RecordColumns cols{"t.company_id", plus + "t.owner_user_id", plus + "t.department_id"};
  return who.Visible(source.permission, cols, "");
}

std::string Humanize(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// One statement of a source: SELECT ... WHERE <visible> [AND t.kind = ?] AND <cond>.
class DocQuery {
 public:
  DocQuery(store::Tx& tx, const security::Access& who, const DocSource& s, const Query& q)
      : tx_(tx), source_(s), query_(q), vis_(Visibility(tx, who, s)) {}

  // Adds the rows matching `cond` (with `params`, then `tail` and its params) as hits; `tier`
  // applies unless the number or name equals the query (exact).
  Status Add(const std::string& discriminator, const std::string& cond,
             std::vector<store::Value> params, const std::string& tail, Tier tier,
             std::vector<Hit>& out) const {
    const DocSource& s = source_;
    std::string name_sql = s.name_column.empty() ? "''" : "t." + s.name_column;
    std::string sql = "SELECT t.id, t.number, t." + s.state_column + " AS state, " +
                      (s.label_column.empty() ? "''" : "t." + s.label_column) +
                      " AS label, p.name AS party_name, CASE WHEN lower(" + name_sql +
                      ") = lower(CAST(? AS TEXT)) THEN 1 ELSE 0 END AS exact_name FROM " + s.table +
                      " t LEFT JOIN parties p ON p.id = t.party_id WHERE " + vis_.sql;
    std::vector<store::Value> all = {query_.text};
    all.insert(all.end(), vis_.params.begin(), vis_.params.end());
    if (!discriminator.empty()) {
      sql += " AND t.kind = ?";
      all.emplace_back(discriminator);
    }
    sql += " AND " + cond + tail;
    all.insert(all.end(), params.begin(), params.end());
    all.emplace_back(query_.limit);
    ASSIGN_OR_RETURN(auto rows, Rows(tx_, sql + " LIMIT ?", std::move(all)));
    std::string upper = Upper(query_.text);
    for (const auto& r : rows) {
      Hit h{s.kind, r.Int("id"), r.Text("number"), "", s.href + std::to_string(r.Int("id")), tier};
      if (Upper(h.title) == upper || (!s.name_column.empty() && r.Int("exact_name") == 1)) {
        h.tier = Tier::kExact;
      }
      h.subtitle =
          Subtitle({Humanize(r.Text("label")), r.Text("party_name"), Humanize(r.Text("state"))});
      out.push_back(std::move(h));
    }
    return Status::Ok();
  }

 private:
  store::Tx& tx_;
  const DocSource& source_;
  const Query& query_;
  security::SqlFilter vis_;
};

}  // namespace

Result<std::vector<Sequence>> LoadSequences(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto rows, Rows(tx,
                                   "SELECT doc_type, prefix, padding FROM doc_sequences "
                                   "WHERE company_id = ?",
                                   {company_id}));
  std::vector<Sequence> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

std::vector<std::string> NumberCandidates(const std::string& text,
                                          const std::vector<Sequence>& sequences,
                                          const std::vector<std::string>& doc_types) {
  std::vector<std::string> out;
  for (const Sequence& seq : sequences) {
    if (!TypeMatches(seq.doc_type, doc_types)) continue;
    std::string digits;
    if (AllDigits(text)) {
      digits = text;
    } else if (text.size() > seq.prefix.size() &&
               Upper(text.substr(0, seq.prefix.size())) == Upper(seq.prefix) &&
               AllDigits(text.substr(seq.prefix.size()))) {
      digits = text.substr(seq.prefix.size());
    }
    size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) continue;  // no digits, or only zeros (never issued)
    std::string n = digits.substr(first);
    if (n.size() > 18) continue;
    size_t pad = static_cast<size_t>(std::max<int64_t>(seq.padding, 0));
    std::string number = seq.prefix + std::string(n.size() < pad ? pad - n.size() : 0, '0') + n;
    if (std::find(out.begin(), out.end(), number) == out.end()) out.push_back(number);
  }
  return out;
}

const std::vector<DocSource>& DocSources() {
  static const std::vector<DocSource> sources = {
      {"quote", "quotes", "sales.quote.read", true, "/quotes/", {"quote"}, {}, "state", "", ""},
      {"sales_order",
       "sales_orders",
       "sales.order.read",
       true,
       "/orders/",
       {"sales_order"},
       {},
       "state",
       "",
       ""},
      {"invoice",
       "invoices",
       "invoicing.invoice.read",
       false,
       "/invoices/",
       {"invoice", "credit_note"},
       {"invoice", "credit_note"},
       "state",
       "",
       "kind"},
      {"transfer",
       "stock_transfers",
       "inventory.transfer.read",
       false,
       "/transfers/",
       {"stock_transfer."},
       {},
       "state",
       "",
       "kind"},
      {"payment",
       "payments",
       "invoicing.payment.read",
       false,
       "/payments/",
       {"payment"},
       {},
       "state",
       "",
       "direction"},
      {"ticket",
       "tickets",
       "service.ticket.read",
       true,
       "/tickets/",
       {"ticket"},
       {},
       "status",
       "",
       "subject"},
      {"lead", "leads", "crm.lead.read", true, "/leads/", {"lead"}, {}, "status", "title", "title"},
      {"opportunity",
       "opportunities",
       "crm.opportunity.read",
       true,
       "/opportunities/",
       {"opportunity"},
       {},
       "status",
       "name",
       "name"},
  };
  return sources;
}

Result<std::vector<Hit>> SearchDocuments(store::Tx& tx, const security::Access& who,
                                         const DocSource& source, const Query& query,
                                         const std::vector<Sequence>& sequences) {
  std::vector<Hit> hits;
  if (!who.Has(source.permission)) return hits;
  DocQuery q(tx, who, source, query);
  std::vector<std::string> kinds = source.discriminators;
  if (kinds.empty()) kinds.push_back("");
  if (query.one_word) {
    // Exact numbers and numeric parts: one lookup per value in the unique number index.
    std::vector<std::string> values = query.variants;
    for (auto& n : NumberCandidates(query.text, sequences, source.doc_types)) {
      if (std::find(values.begin(), values.end(), n) == values.end()) values.push_back(n);
    }
    std::string in = "t.number IN (?";
    for (size_t i = 1; i < values.size(); ++i) in += ", ?";
    in += ")";
    std::vector<store::Value> params(values.begin(), values.end());
    for (const auto& kind : kinds) {
      RETURN_IF_ERROR(q.Add(kind, in, params, "", Tier::kNumeric, hits));
    }
    // Starts of numbers, in number order (each spelling of the query its own index range).
    for (const auto& kind : kinds) {
      for (const auto& v : query.variants) {
        RETURN_IF_ERROR(q.Add(kind, "t.number >= ? AND t.number < ?", {v, party::PrefixEnd(v)},
                              " ORDER BY t.number", Tier::kPrefix, hits));
      }
    }
  }
  if (!source.name_column.empty() && query.names) {
    std::string col = "t." + source.name_column;
    std::vector<store::Value> params;
    AddLowerPrefixParams(query.text, params);
    RETURN_IF_ERROR(q.Add("", LowerPrefix(tx, col), params, " ORDER BY " + Lowered(tx, col),
                          Tier::kPrefix, hits));
  }
  RankWithinKind(hits, query.limit);
  return hits;
}

}  // namespace concord::search::internal
