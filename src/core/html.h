// Escaping text for HTML documents (printable quotes and invoices).
#pragma once

#include <string>
#include <string_view>

namespace concord {

// & < > " ' as entities; everything else as is (UTF-8 passes through).
std::string HtmlEscape(std::string_view s);

}  // namespace concord
