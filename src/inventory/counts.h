// Inventory counts: a count document for one internal location lists products (and lots) with
// the quantity found. Validating it turns each difference against the quants of exactly that
// location and lot into a move to (loss) or from (gain) the inventory_loss location, valued
// and posted like any move (valuation.h: Dr expense / Cr inventory for a loss, the reverse for
// a gain). Products not listed are not touched. A count below what is reserved there is
// refused (release the reservations first). Permissions inventory.count.*: read, create
// (create, edit, cancel drafts), approve (validate).
//
// Thread-safety: stateless apart from its references; every method runs in the caller's Tx.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "inventory/locations.h"
#include "inventory/lots.h"
#include "inventory/moves.h"
#include "security/access.h"

namespace concord::inventory {

class Counts {
 public:
  explicit Counts(const Stock& stock)
      : stock_(stock), moves_(stock), lots_(stock.clock(), stock.products()) {}

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, const std::string& state,
                              std::optional<int64_t> location_id, int64_t limit,
                              int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // {location_id, date?, note?, lines: [{product_id, lot_id? | lot_name?, expiry_date?,
  //  counted}]} -> a draft count.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // A draft's note and lines (lines replace all lines). If-Match required.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> Validate(store::Tx& tx, const security::Access& who, int64_t id,
                                  const VersionCheck& check) const;
  Result<nlohmann::json> Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                                const VersionCheck& check) const;

 private:
  struct Line {
    int64_t product_id = 0;
    std::optional<int64_t> lot_id;
    int64_t counted = 0;
  };
  Status ReadLine(store::Tx& tx, const security::Access& who, const nlohmann::json& line,
                  Line& out) const;
  Result<std::vector<Line>> ReadLines(store::Tx& tx, const security::Access& who,
                                      const nlohmann::json* lines) const;
  Status WriteLines(store::Tx& tx, int64_t company_id, int64_t count_id,
                    const std::vector<Line>& lines) const;
  // Turns one validated line's difference into a move (to or from `loss`) and records it.
  Status ApplyLine(store::Tx& tx, const security::Access& who, int64_t count_id,
                   int64_t location_id, const std::string& number, Date date, int64_t loss,
                   const store::Record& line) const;
  Result<nlohmann::json> CountJson(store::Tx& tx, int64_t company_id, int64_t id) const;

  const Stock& stock_;
  Moves moves_;
  Lots lots_;
};

}  // namespace concord::inventory
