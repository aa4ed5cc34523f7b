// Extension points through which other areas join the party master record without the party
// area knowing their tables:
// - merge hooks move an area's linked records from a merged party to the survivor, inside the
//   merge transaction;
// - overview sections fill the customer's 360° page, each behind its own permission.
// Registration happens in the composition root before serving; immutable afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::party {

// Moves the area's records of party `from` to party `to` (same company); returns how many
// rows moved. Runs inside the merge transaction; a failure rolls the whole merge back.
using MergeFn =
    std::function<Result<int64_t>(store::Tx& tx, int64_t company_id, int64_t from, int64_t to)>;

// The content of one overview section for a party the caller may see.
using SectionFn = std::function<Result<nlohmann::json>(store::Tx& tx, const security::Access& who,
                                                       int64_t party_id)>;

struct OverviewSection {
  std::string name;        // "opportunities", "orders", "tickets" ...
  std::string permission;  // the caller needs it (at any scope); rows inside obey record rules
  SectionFn fn;
};

class PartyRegistry {
 public:
  void AddMergeHook(std::string name, MergeFn fn) {
    merge_hooks_.push_back({std::move(name), std::move(fn)});
  }
  void AddSection(OverviewSection section) { sections_.push_back(std::move(section)); }

  struct NamedMerge {
    std::string name;  // e.g. "leads": the key in the merge record's "moved" counts
    MergeFn fn;
  };
  const std::vector<NamedMerge>& merge_hooks() const { return merge_hooks_; }
  const std::vector<OverviewSection>& sections() const { return sections_; }

 private:
  std::vector<NamedMerge> merge_hooks_;
  std::vector<OverviewSection> sections_;
};

}  // namespace concord::party
