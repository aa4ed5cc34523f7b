// A small general-purpose chart for companies outside China: 1xxx assets, 2xxx liabilities,
// 3xxx equity, 4xxx income, 5xxx cost of sales, 6xxx expenses, with one- and two-digit group
// accounts for the report hierarchy. Taxes are a neutral set of rates (0/5/10/20%) for the
// company to rename or extend to its country's rules.
#include "accounting/templates.h"

namespace concord::accounting {
namespace {

using chart_data::Account;
using chart_data::Control;
using chart_data::Group;

constexpr std::string_view kAsset = "asset";
constexpr std::string_view kLiability = "liability";
constexpr std::string_view kEquity = "equity";
constexpr std::string_view kIncome = "income";
constexpr std::string_view kExpense = "expense";

constexpr AccountTemplate kAccounts[] = {
    Group("1", "Assets", "资产", kAsset, ""),
    Group("11", "Current assets", "流动资产", kAsset, "1"),
    Account("1100", "Cash", "现金", kAsset, "11", "cash"),
    Account("1110", "Bank", "银行存款", kAsset, "11", "bank"),
    Control("1200", "Accounts receivable", "应收账款", kAsset, "11", "receivable"),
    Control("1210", "Advances to suppliers", "预付账款", kAsset, "11", "advance_paid"),
    Account("1220", "Other receivables", "其他应收款", kAsset, "11"),
    Account("1300", "Inventory", "存货", kAsset, "11", "inventory"),
    Account("1310", "Work in progress", "在产品", kAsset, "11", "wip"),
    Account("1400", "Tax receivable", "应收税款（进项税）", kAsset, "11", "tax_paid"),
    Account("1500", "Prepaid expenses", "待摊费用", kAsset, "11"),
    Account("1900", "Suspense", "待处理款项", kAsset, "11", "suspense"),
    Group("12", "Non-current assets", "非流动资产", kAsset, "1"),
    Account("1600", "Property, plant and equipment", "固定资产", kAsset, "12"),
    Account("1610", "Accumulated depreciation", "累计折旧", kAsset, "12", "depreciation"),
    Account("1700", "Intangible assets", "无形资产", kAsset, "12"),
    Account("1710", "Accumulated amortisation", "累计摊销", kAsset, "12"),
    Account("1800", "Long-term investments", "长期投资", kAsset, "12"),

    Group("2", "Liabilities", "负债", kLiability, ""),
    Group("21", "Current liabilities", "流动负债", kLiability, "2"),
    Control("2100", "Accounts payable", "应付账款", kLiability, "21", "payable"),
    Account("2110", "Goods received not invoiced", "暂估应付款", kLiability, "21",
            "goods_received_not_invoiced"),
    Control("2120", "Advances from customers", "预收账款", kLiability, "21", "advance_received"),
    Account("2200", "Tax payable", "应交税费（销项税）", kLiability, "21", "tax_collected"),
    Account("2210", "Income tax payable", "应交所得税", kLiability, "21"),
    Account("2300", "Wages payable", "应付职工薪酬", kLiability, "21"),
    Account("2400", "Short-term loans", "短期借款", kLiability, "21"),
    Account("2410", "Other payables", "其他应付款", kLiability, "21"),
    Group("22", "Non-current liabilities", "非流动负债", kLiability, "2"),
    Account("2500", "Long-term loans", "长期借款", kLiability, "22"),
    Account("2600", "Provisions", "预计负债", kLiability, "22"),

    Group("3", "Equity", "所有者权益", kEquity, ""),
    Account("3000", "Share capital", "股本", kEquity, "3"),
    Account("3100", "Retained earnings", "留存收益", kEquity, "3", "retained_earnings"),
    Account("3200", "Current year earnings", "本年利润", kEquity, "3", "current_earnings"),

    Group("4", "Income", "收入", kIncome, ""),
    Account("4000", "Sales revenue", "销售收入", kIncome, "4", "revenue"),
    Account("4100", "Other income", "其他收入", kIncome, "4", "other_income"),
    Account("4200", "Exchange gains", "汇兑收益", kIncome, "4", "fx_gain"),
    Account("4300", "Interest income", "利息收入", kIncome, "4"),

    Group("5", "Cost of sales", "销售成本", kExpense, ""),
    Account("5000", "Cost of goods sold", "销货成本", kExpense, "5", "cogs"),
    Account("5100", "Inventory adjustments", "存货调整", kExpense, "5"),
    Account("5200", "Freight in", "进货运费", kExpense, "5"),

    Group("6", "Expenses", "费用", kExpense, ""),
    Account("6000", "General expenses", "一般费用", kExpense, "6", "expense"),
    Account("6100", "Salaries and wages", "工资薪金", kExpense, "6"),
    Account("6200", "Rent", "租金", kExpense, "6"),
    Account("6300", "Utilities", "水电费", kExpense, "6"),
    Account("6400", "Office expenses", "办公费", kExpense, "6"),
    Account("6500", "Depreciation expense", "折旧费用", kExpense, "6"),
    Account("6600", "Bank charges", "银行手续费", kExpense, "6"),
    Account("6700", "Interest expense", "利息费用", kExpense, "6"),
    Account("6800", "Exchange losses", "汇兑损失", kExpense, "6", "fx_loss"),
    Account("6810", "Rounding differences", "尾差调整", kExpense, "6", "rounding"),
    Account("6900", "Income tax expense", "所得税费用", kExpense, "6"),
};

constexpr JournalTemplate kJournals[] = {
    {"SAL", "Sales", "销售", "sale", "1200"},  {"PUR", "Purchases", "采购", "purchase", "2100"},
    {"BNK", "Bank", "银行", "bank", "1110"},   {"CSH", "Cash", "现金", "cash", "1100"},
    {"STK", "Stock", "库存", "stock", "1300"}, {"GEN", "General", "总账", "general", ""},
};

constexpr TaxTemplate kTaxes[] = {
    {"TAX0", "Tax 0%", "税率0%", "0", false, "2200", "1400"},
    {"TAX5", "Tax 5%", "税率5%", "5", false, "2200", "1400"},
    {"TAX10", "Tax 10%", "税率10%", "10", false, "2200", "1400"},
    {"TAX20", "Tax 20%", "税率20%", "20", false, "2200", "1400"},
    {"TAX20_INC", "Tax 20% included", "税率20%（含税）", "20", true, "2200", "1400"},
};

constexpr std::string_view kStandardTaxes[] = {"TAX20"};

constexpr TaxGroupTemplate kTaxGroups[] = {
    {"STANDARD", "Standard rate", "标准税率", kStandardTaxes},
};

constexpr ChartTemplate kChart = {
    "generic", "Generic chart of accounts", kAccounts, kJournals, kTaxes, kTaxGroups};

}  // namespace

const ChartTemplate& GenericChartTemplate() { return kChart; }

}  // namespace concord::accounting
