// Stored business calendars: one or more per company, one of them the default that ticket
// deadlines use. A company without a stored calendar uses the built-in default: Monday to
// Friday, 09:00-12:00 and 13:00-18:00, in the company's time zone, no holidays.
//
// JSON: {"id", "name", "time_zone", "working_days": [1..7], "hours": [{"start": "09:00",
// "end": "12:00"}], "holidays": ["YYYY-MM-DD"], "is_default", "version", ...}.
// Every method runs inside the caller's transaction; reads need service.calendar.read, changes
// service.calendar.update (checked by the routes). Another company's calendar is "not found".
// Thread-safety: stateless apart from the clock reference.
#pragma once

#include <nlohmann/json.hpp>

#include "core/time.h"
#include "security/access.h"
#include "security/directory.h"
#include "service/calendar.h"
#include "store/tx.h"

namespace concord::service {

class Calendars {
 public:
  explicit Calendars(const Clock& clock) : clock_(clock) {}

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // The first calendar of a company becomes its default; "is_default": true moves the default.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const security::VersionCheck& check) const;

  // The company's default calendar (stored or built in), for deadline arithmetic.
  static Result<BusinessCalendar> ForCompany(store::Tx& tx, int64_t company_id);

 private:
  const Clock& clock_;
};

}  // namespace concord::service
