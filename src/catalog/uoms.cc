// Units of measure: each belongs to a category (unit, weight, volume, length, time) and has a
// factor to the category's reference unit (scale 6): dozen = 12, g = 0.001 kg, t = 1000 kg.
#include "core/decimal.h"
#include "catalog/products.h"

namespace concord::catalog {
namespace {

struct UomRow {
  std::string category;
  int64_t factor = 0;
};

Result<UomRow> LoadUom(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT category, factor FROM uoms WHERE id = ? AND "
                                    "company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("uom");
  return UomRow{row->Text(0), row->Int(1)};
}

struct SeedUom {
  const char* code;
  const char* name;
  const char* category;
  int64_t factor;
  int64_t decimals;
};

constexpr SeedUom kSeed[] = {
    {"unit", "Unit", "unit", 1000000, 0},     {"dozen", "Dozen", "unit", 12000000, 0},
    {"kg", "Kilogram", "weight", 1000000, 3}, {"g", "Gram", "weight", 1000, 0},
    {"t", "Tonne", "weight", 1000000000, 3},  {"l", "Litre", "volume", 1000000, 3},
    {"ml", "Millilitre", "volume", 1000, 0},  {"m", "Metre", "length", 1000000, 3},
    {"cm", "Centimetre", "length", 10000, 1}, {"h", "Hour", "time", 1000000, 2},
};

}  // namespace

Result<Quantity> Uoms::Convert(store::Tx& tx, int64_t company_id, Quantity qty, int64_t from_uom,
                               int64_t to_uom) {
  if (from_uom == to_uom) return qty;
  ASSIGN_OR_RETURN(auto from, LoadUom(tx, company_id, from_uom));
  ASSIGN_OR_RETURN(auto to, LoadUom(tx, company_id, to_uom));
  if (from.category != to.category) {
    return InvalidField("uom", "uom.category_mismatch",
                        "Units of different categories (" + from.category + ", " + to.category +
                            ") do not convert.");
  }
  auto n = static_cast<__int128>(qty.scaled()) * from.factor;
  auto q = DivRound(n, to.factor, RoundingMode::kHalfUp);
  if (!q.ok()) return InvalidArgument("quantity.overflow", "The converted quantity is too large.");
  return Quantity::FromScaled(*q);
}

Result<UnitPrice> Uoms::ConvertPrice(store::Tx& tx, int64_t company_id, UnitPrice price,
                                     int64_t from_uom, int64_t to_uom) {
  if (from_uom == to_uom) return price;
  ASSIGN_OR_RETURN(auto from, LoadUom(tx, company_id, from_uom));
  ASSIGN_OR_RETURN(auto to, LoadUom(tx, company_id, to_uom));
  if (from.category != to.category) {
    return InvalidField("uom", "uom.category_mismatch", "Units of different categories.");
  }
  // A price per `from` unit is per (factor_from) reference units.
  auto n = static_cast<__int128>(price.scaled()) * to.factor;
  auto p = DivRound(n, from.factor, RoundingMode::kHalfUp);
  if (!p.ok()) return InvalidArgument("unit_price.overflow", "The converted price is too large.");
  return UnitPrice::FromScaled(*p);
}

Result<int64_t> Uoms::IdOf(store::Tx& tx, int64_t company_id, const std::string& code,
                           const std::string& field) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM uoms WHERE company_id = ? AND code = ?",
                                    company_id, code));
  if (!row) return InvalidField(field, "not_found", "No unit of measure " + code + ".");
  return row->Int(0);
}

Result<std::string> Uoms::CodeOf(store::Tx& tx, int64_t company_id, int64_t uom_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT code FROM uoms WHERE id = ? AND company_id = ?",
                                    uom_id, company_id));
  if (!row) return NotFound("uom");
  return row->Text(0);
}

Status Uoms::SeedCompany(store::Tx& tx, int64_t company_id) {
  for (const auto& u : kSeed) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM uoms WHERE company_id = ? AND code = ?",
                                      company_id, std::string(u.code)));
    if (row) continue;
    RETURN_IF_ERROR(tx.Exec("INSERT INTO uoms (company_id, code, name, category, factor, "
                            "decimals) VALUES (?, ?, ?, ?, ?, ?)",
                            company_id, std::string(u.code), std::string(u.name),
                            std::string(u.category), u.factor, u.decimals)
                        .status());
  }
  return Status::Ok();
}

}  // namespace concord::catalog
