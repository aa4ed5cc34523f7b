// The chart of the Chinese Accounting Standards for Business Enterprises (企业会计准则—应用指南,
// 附录 会计科目), for a general (non-financial) enterprise that is a VAT general taxpayer.
//
// Codes are the standard four-digit ones; sub-accounts add two digits (222101 under 2221). The
// class groups use the one-digit class number (1 资产类, 2 负债类, 4 所有者权益类, 5 成本类,
// 6 损益类), which no account code collides with. Left out: class 3 共同类 and the accounts of
// banks, insurers and agricultural enterprises (1011 存放同业, 3001 清算资金往来, ...), which a
// company adds itself when it needs them. A few accounts that later standards introduced and
// that practice numbers by convention are included (2204 合同负债, 4003 其他综合收益,
// 6115 资产处置损益, 6117 其他收益, 6702 信用减值损失).
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
    // 资产类. Contra accounts (1231, 1602, ...) stay assets: they carry credit balances.
    Group("1", "Assets", "资产类", kAsset, ""),
    Account("1001", "Cash on hand", "库存现金", kAsset, "1", "cash"),
    Account("1002", "Bank deposits", "银行存款", kAsset, "1", "bank"),
    Account("1012", "Other monetary funds", "其他货币资金", kAsset, "1"),
    Account("1101", "Trading financial assets", "交易性金融资产", kAsset, "1"),
    Account("1121", "Notes receivable", "应收票据", kAsset, "1"),
    Control("1122", "Accounts receivable", "应收账款", kAsset, "1", "receivable"),
    Control("1123", "Prepayments", "预付账款", kAsset, "1", "advance_paid"),
    Account("1131", "Dividends receivable", "应收股利", kAsset, "1"),
    Account("1132", "Interest receivable", "应收利息", kAsset, "1"),
    Account("1221", "Other receivables", "其他应收款", kAsset, "1"),
    Account("1231", "Allowance for bad debts", "坏账准备", kAsset, "1"),
    Account("1401", "Materials procurement", "材料采购", kAsset, "1"),
    Account("1402", "Goods in transit", "在途物资", kAsset, "1"),
    Account("1403", "Raw materials", "原材料", kAsset, "1"),
    Account("1404", "Materials cost variance", "材料成本差异", kAsset, "1"),
    Account("1405", "Finished goods and merchandise", "库存商品", kAsset, "1", "inventory"),
    Account("1406", "Goods shipped", "发出商品", kAsset, "1"),
    Account("1407", "Purchase-sale price difference", "商品进销差价", kAsset, "1"),
    Account("1408", "Materials for outsourced processing", "委托加工物资", kAsset, "1"),
    Account("1411", "Revolving materials", "周转材料", kAsset, "1"),
    Account("1471", "Inventory write-down provision", "存货跌价准备", kAsset, "1"),
    Account("1511", "Long-term equity investments", "长期股权投资", kAsset, "1"),
    Account("1512", "Impairment of long-term equity investments", "长期股权投资减值准备", kAsset,
            "1"),
    Account("1521", "Investment property", "投资性房地产", kAsset, "1"),
    Account("1531", "Long-term receivables", "长期应收款", kAsset, "1"),
    Account("1532", "Unrealised financing income", "未实现融资收益", kAsset, "1"),
    Account("1601", "Fixed assets", "固定资产", kAsset, "1"),
    // The depreciation role names where depreciation is credited, as in CAS practice.
    Account("1602", "Accumulated depreciation", "累计折旧", kAsset, "1", "depreciation"),
    Account("1603", "Impairment of fixed assets", "固定资产减值准备", kAsset, "1"),
    Account("1604", "Construction in progress", "在建工程", kAsset, "1"),
    Account("1605", "Construction materials", "工程物资", kAsset, "1"),
    Account("1606", "Fixed assets in disposal", "固定资产清理", kAsset, "1"),
    Account("1701", "Intangible assets", "无形资产", kAsset, "1"),
    Account("1702", "Accumulated amortisation", "累计摊销", kAsset, "1"),
    Account("1703", "Impairment of intangible assets", "无形资产减值准备", kAsset, "1"),
    Account("1711", "Goodwill", "商誉", kAsset, "1"),
    Account("1801", "Long-term prepaid expenses", "长期待摊费用", kAsset, "1"),
    Account("1811", "Deferred tax assets", "递延所得税资产", kAsset, "1"),
    Account("1901", "Unsettled gains and losses on assets", "待处理财产损溢", kAsset, "1",
            "suspense"),

    // 负债类
    Group("2", "Liabilities", "负债类", kLiability, ""),
    Account("2001", "Short-term borrowings", "短期借款", kLiability, "2"),
    Account("2101", "Trading financial liabilities", "交易性金融负债", kLiability, "2"),
    Account("2201", "Notes payable", "应付票据", kLiability, "2"),
    Control("2202", "Accounts payable", "应付账款", kLiability, "2", "payable"),
    // Goods received before the supplier's invoice are booked at an estimate (暂估入账) to
    // 应付账款—暂估应付款 and reversed when the invoice arrives. It is its own postable account
    // (numbered like a 2202 sub-account, as Chinese bookkeeping software does) rather than a
    // child of 2202, because 2202 itself is the posted control account of supplier open items
    // and accruals must not mix with them.
    Account("220202", "Accounts payable - goods received not invoiced", "应付账款—暂估应付款",
            kLiability, "2", "goods_received_not_invoiced"),
    Control("2203", "Advances from customers", "预收账款", kLiability, "2", "advance_received"),
    Account("2204", "Contract liabilities", "合同负债", kLiability, "2"),
    Account("2211", "Employee benefits payable", "应付职工薪酬", kLiability, "2"),
    Group("2221", "Taxes payable", "应交税费", kLiability, "2"),
    Account("222101", "VAT payable - input tax", "应交增值税（进项税额）", kLiability, "2221",
            "tax_paid"),
    Account("222102", "VAT payable - output tax", "应交增值税（销项税额）", kLiability, "2221",
            "tax_collected"),
    Account("222103", "VAT unpaid", "未交增值税", kLiability, "2221"),
    Account("222104", "Corporate income tax payable", "应交所得税", kLiability, "2221"),
    Account("222105", "VAT payable - input tax transferred out", "应交增值税（进项税额转出）",
            kLiability, "2221"),
    Account("222106", "VAT payable - tax paid", "应交增值税（已交税金）", kLiability, "2221"),
    Account("222107", "Urban maintenance and construction tax payable", "应交城市维护建设税",
            kLiability, "2221"),
    Account("222108", "Education surcharge payable", "应交教育费附加", kLiability, "2221"),
    Account("222109", "Individual income tax withheld", "应交个人所得税", kLiability, "2221"),
    Account("2231", "Interest payable", "应付利息", kLiability, "2"),
    Account("2232", "Dividends payable", "应付股利", kLiability, "2"),
    Account("2241", "Other payables", "其他应付款", kLiability, "2"),
    Account("2401", "Deferred income", "递延收益", kLiability, "2"),
    Account("2501", "Long-term borrowings", "长期借款", kLiability, "2"),
    Account("2502", "Bonds payable", "应付债券", kLiability, "2"),
    Account("2701", "Long-term payables", "长期应付款", kLiability, "2"),
    Account("2702", "Unrecognised financing charges", "未确认融资费用", kLiability, "2"),
    Account("2711", "Special payables", "专项应付款", kLiability, "2"),
    Account("2801", "Provisions", "预计负债", kLiability, "2"),
    Account("2901", "Deferred tax liabilities", "递延所得税负债", kLiability, "2"),

    // 所有者权益类
    Group("4", "Owners' equity", "所有者权益类", kEquity, ""),
    Account("4001", "Paid-in capital", "实收资本", kEquity, "4"),
    Account("4002", "Capital reserve", "资本公积", kEquity, "4"),
    Account("4003", "Other comprehensive income", "其他综合收益", kEquity, "4"),
    Account("4101", "Surplus reserve", "盈余公积", kEquity, "4"),
    Account("4103", "Profit for the year", "本年利润", kEquity, "4", "current_earnings"),
    // Year-end closing carries 本年利润 to 利润分配 (its 未分配利润 detail in practice).
    Account("4104", "Profit distribution", "利润分配", kEquity, "4", "retained_earnings"),
    Account("4201", "Treasury shares", "库存股", kEquity, "4"),

    // 成本类: costs accumulated in production before they become inventory, hence assets.
    Group("5", "Costs", "成本类", kAsset, ""),
    Account("5001", "Production costs", "生产成本", kAsset, "5", "wip"),
    Account("5101", "Manufacturing overhead", "制造费用", kAsset, "5"),
    Account("5201", "Service costs", "劳务成本", kAsset, "5"),
    Account("5301", "Research and development expenditure", "研发支出", kAsset, "5"),

    // 损益类
    Group("6", "Profit and loss", "损益类", kIncome, ""),
    Account("6001", "Revenue from main operations", "主营业务收入", kIncome, "6", "revenue"),
    Account("6051", "Other operating revenue", "其他业务收入", kIncome, "6", "other_income"),
    Account("6101", "Gains and losses from changes in fair value", "公允价值变动损益", kIncome,
            "6"),
    Account("6111", "Investment income", "投资收益", kIncome, "6"),
    Account("6115", "Gains and losses on disposal of assets", "资产处置损益", kIncome, "6"),
    Account("6117", "Other income", "其他收益", kIncome, "6"),
    Account("6301", "Non-operating income", "营业外收入", kIncome, "6"),
    Account("6401", "Cost of main operations", "主营业务成本", kExpense, "6", "cogs"),
    Account("6402", "Other operating costs", "其他业务成本", kExpense, "6"),
    Account("6403", "Taxes and surcharges", "税金及附加", kExpense, "6"),
    Account("6601", "Selling expenses", "销售费用", kExpense, "6", "expense"),
    Account("6602", "Administrative expenses", "管理费用", kExpense, "6"),
    // Exchange differences belong to 财务费用—汇兑损益; gains and losses get their own
    // sub-accounts so that each has one type and the posting code one account per role.
    Group("6603", "Financial expenses", "财务费用", kExpense, "6"),
    Account("660301", "Interest expense", "利息费用", kExpense, "6603"),
    Account("660302", "Exchange gains", "汇兑损益—收益", kIncome, "6603", "fx_gain"),
    Account("660303", "Exchange losses", "汇兑损益—损失", kExpense, "6603", "fx_loss"),
    Account("660304", "Bank charges", "手续费", kExpense, "6603"),
    Account("660305", "Rounding differences", "尾差调整", kExpense, "6603", "rounding"),
    Account("6701", "Asset impairment losses", "资产减值损失", kExpense, "6"),
    Account("6702", "Credit impairment losses", "信用减值损失", kExpense, "6"),
    Account("6711", "Non-operating expenses", "营业外支出", kExpense, "6"),
    Account("6801", "Income tax expense", "所得税费用", kExpense, "6"),
    Account("6901", "Prior-year profit and loss adjustments", "以前年度损益调整", kExpense, "6"),
};

constexpr JournalTemplate kJournals[] = {
    {"SAL", "Sales", "销售", "sale", "1122"},  {"PUR", "Purchases", "采购", "purchase", "2202"},
    {"BNK", "Bank", "银行", "bank", "1002"},   {"CSH", "Cash", "现金", "cash", "1001"},
    {"STK", "Stock", "库存", "stock", "1405"}, {"GEN", "General", "记账凭证", "general", ""},
};

// VAT for general taxpayers is added to the price (不含税); VAT13_INC is for prices quoted
// with tax included (含税价), e.g. retail.
constexpr TaxTemplate kTaxes[] = {
    {"VAT13", "VAT 13%", "增值税13%", "13", false, "222102", "222101"},
    {"VAT9", "VAT 9%", "增值税9%", "9", false, "222102", "222101"},
    {"VAT6", "VAT 6%", "增值税6%", "6", false, "222102", "222101"},
    {"VAT0", "VAT 0% (zero-rated)", "增值税0%（零税率）", "0", false, "222102", "222101"},
    {"VAT13_INC", "VAT 13% included", "增值税13%（含税）", "13", true, "222102", "222101"},
};

constexpr std::string_view kGoodsTaxes[] = {"VAT13"};

constexpr TaxGroupTemplate kTaxGroups[] = {
    {"VAT_GOODS", "VAT on goods (standard rate)", "货物销售增值税（基本税率）", kGoodsTaxes},
};

constexpr ChartTemplate kChart = {"cn_cas",  "China: Accounting Standards for Business Enterprises",
                                  kAccounts, kJournals,
                                  kTaxes,    kTaxGroups};

}  // namespace

const ChartTemplate& CnCasChartTemplate() { return kChart; }

}  // namespace concord::accounting
