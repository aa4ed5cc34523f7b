// The service desk demo: categories, knowledge base articles, tickets at every step, the SLA
// job's escalations and the shipped workflows waiting in the demo users' inboxes.
#include "app/demo_service.h"

#include "invoicing/terms.h"
#include "service/categories.h"

namespace concord::app {
namespace {

using nlohmann::json;

struct Ctx {
  store::Tx& tx;
  const ServiceDemoServices& s;
  int64_t company = 0;
  int64_t service_dept = 0;
  std::map<std::string, int64_t> users;
  std::map<std::string, security::Access> actors;
  const security::Access& As(const std::string& login) const { return actors.at(login); }
};

// What the loading needs, at company scope, for each demo user it acts as.
security::Access Actor(int64_t user, const std::string& login, int64_t company,
                       int64_t department) {
  std::map<std::string, security::Scope> grants;
  for (const char* p :
       {"service.ticket.read",       "service.ticket.create",     "service.ticket.update",
        "service.category.read",     "service.category.update",   "kb.article.read",
        "kb.article.create",         "kb.article.update",         "party.party.read",
        "catalog.product.read",      "catalog.price.read",        "inventory.warehouse.read",
        "inventory.transfer.read",   "inventory.transfer.create", "sales.quote.read",
        "sales.quote.update",        "sales.order.read",          "sales.order.create",
        "sales.order.update",        "invoicing.invoice.read",    "invoicing.invoice.create",
        "invoicing.invoice.approve", "invoicing.term.read",       "invoicing.term.create",
        "workflow.instance.read"}) {
    grants[p] = security::Scope::kCompany;
  }
  return security::Access(user, login, company, department, grants);
}

// --- categories -------------------------------------------------------------------------

struct CategorySpec {
  const char* key;
  const char* name;
  const char* kind;
  int64_t max_minutes;     // business minutes to resolve
  int64_t first_response;  // 0: none
  const char* priority;
};

// Business days of 8 hours (09-12, 13-18): 480 minutes a day.
const CategorySpec kCategories[] = {
    {"defect", "Product defect 商品质量问题", "complaint", 960, 120, "high"},
    {"delivery", "Delivery problem 物流配送问题", "complaint", 960, 120, "high"},
    {"invoice", "Invoice and billing 发票与账务", "request", 1440, 0, "normal"},
    {"question", "Product question 产品咨询", "question", 480, 0, "normal"},
    {"request", "Customer request 客户申请", "request", 2400, 0, "low"},
};

Result<std::map<std::string, int64_t>> LoadCategories(Ctx& c) {
  service::Categories categories(c.s.clock);
  std::map<std::string, int64_t> out;
  for (const auto& spec : kCategories) {
    json body = {{"name", spec.name},
                 {"kind", spec.kind},
                 {"max_processing_minutes", spec.max_minutes},
                 {"department_id", c.service_dept},
                 {"default_priority", spec.priority}};
    if (spec.first_response > 0) body["first_response_minutes"] = spec.first_response;
    ASSIGN_OR_RETURN(json created, categories.Create(c.tx, c.As("bob"), body));
    out[spec.key] = created["id"].get<int64_t>();
  }
  return out;
}

// --- knowledge base -----------------------------------------------------------------------

struct ArticleSpec {
  const char* language;
  const char* title;
  const char* body;
  std::vector<const char*> tags;
};

const std::vector<ArticleSpec>& Articles() {
  static const std::vector<ArticleSpec> kArticles = {
      {"en",
       "How to return or exchange an item",
       "You can return or exchange unopened tea and undamaged tea ware within 7 days of "
       "delivery. Open a ticket with your order number, and our service team sends a pick-up "
       "label. Once the parcel is back in our warehouse we exchange the item or refund it.",
       {"returns", "orders"}},
      {"en",
       "Refunds: how long they take",
       "A refund is paid to the original payment method within 5 working days after the "
       "returned goods arrive. Bank transfers from business customers are refunded to the "
       "account on the invoice. Partial refunds are possible for damaged items.",
       {"returns", "payment"}},
      {"en",
       "Brewing guide: green tea, oolong and pu'er",
       "Green tea such as Longjing: 80 °C water, 3 g per 150 ml, 2 minutes. Oolong such as "
       "Tieguanyin: 95 °C water, rinse once, then up to 6 short infusions of 30 seconds in a "
       "gaiwan or Yixing teapot. Pu'er: boiling water, rinse twice, 10 to 20 seconds per "
       "infusion.",
       {"tea", "brewing"}},
      {"en",
       "Storing tea: shelf life, humidity and mould",
       "Keep green tea sealed, dark and cool; it is best within 12 months, and within a month "
       "once opened. Pu'er tea cakes age well at 60-70% humidity away from smells, but mould "
       "appears above 80% humidity. Tea with white or green mould must not be drunk: report "
       "it with a photo and we replace it.",
       {"tea", "storage"}},
      {"en",
       "Customs documents for international shipments",
       "Every export shipment comes with a commercial invoice and a packing list. On request "
       "we provide a certificate of origin and, for tea, a phytosanitary certificate issued "
       "by the customs inspection office; allow 5 working days. Send your broker's "
       "requirements with the order.",
       {"shipping", "customs"}},
      {"en",
       "Changing a delivery address",
       "A delivery address can be changed until the order is shipped. Open a request with "
       "the new address and the orders it applies to; a new standing address is saved on "
       "your customer record for future orders.",
       {"shipping", "orders"}},
      {"en",
       "Private-label tea and custom gift boxes",
       "We pack tea in lacquered gift boxes with your logo from 200 boxes, and engrave tea "
       "ware from 50 pieces. Lead time is about 4 weeks after the artwork is approved. Ask "
       "for a quote with quantities and delivery date.",
       {"gift", "wholesale"}},
      {"en",
       "The automatic tea maker does not heat",
       "If the indicator is on but the water does not heat: check that the water tank is "
       "seated, descale the heating plate with citric acid, and reset the tea maker by "
       "unplugging it for one minute. If it still does not heat it is repaired or replaced "
       "under the one-year warranty.",
       {"electronics", "warranty"}},
      {"zh",
       "退货与换货流程",
       "未拆封的茶叶和完好的茶具，收货后七天内可以申请退货或换货。请提交服务工单并注明订单号，"
       "客服会安排快递上门取件。商品退回仓库验收后，为您换货或退款，退款五个工作日内原路返回。",
       {"退货", "订单"}},
      {"zh",
       "增值税专用发票的开具与重开",
       "企业客户可在下单时提供开票信息，我们开具增值税专用发票。发票抬头或税号错误时，请在工单中"
       "提供正确的公司名称和税号，本月内作废重开，跨月则开具红字发票后重开。",
       {"发票", "财务"}},
      {"zh",
       "紫砂壶、瓷器收到时破损或有裂纹怎么办",
       "茶具在运输中破损或有裂纹，请在签收后48小时内拍照并提交工单，注明订单号。我们免费补发或换货"
       "，"
       "无需退回破损的紫砂壶或瓷器。外包装完好但壶盖有裂纹的，同样可以换货。",
       {"茶具", "破损"}},
      {"zh",
       "普洱茶受潮、发霉的处理",
       "普洱茶饼应存放在通风、避光、湿度60%到70%的环境中。运输或储存受潮后表面出现白霉或绿霉，"
       "请勿饮用，拍照提交工单，我们为您更换同批次或新批次的茶饼。",
       {"茶叶", "储存"}},
      {"zh",
       "发货时间与物流查询",
       "现货订单在确认后两个工作日内发货，缺货商品到货后发货。发货后可在订单中查看快递单号和物流"
       "跟踪。订单延迟发货时，客服会主动联系您并告知预计到货时间，也可以申请加急配送。",
       {"物流", "订单"}},
      {"zh",
       "企业客户月结账期申请",
       "长期采购的企业客户可申请月结三十天账期。请提供营业执照、开票信息和预计月采购额，"
       "财务审核信用额度后开通，审核一般需要三个工作日。",
       {"财务", "企业客户"}},
      {"zh",
       "茶艺品鉴课预约说明",
       "茶艺品鉴课按小时收费，可在门店或贵公司进行，最少两小时。请提前一周预约，注明日期、人数"
       "和地点，讲师确认时间后我们发送确认和报价。",
       {"茶艺", "服务"}},
      {"zh",
       "泡茶机不加热的排查方法",
       "全自动泡茶机指示灯亮但水不加热时：检查水箱是否放好，用柠檬酸清除加热盘水垢，拔掉电源一分钟"
       "后重新开机。仍不加热的，在一年保修期内免费维修或更换。",
       {"电器", "保修"}},
  };
  return kArticles;
}

Result<int> LoadArticles(Ctx& c) {
  for (const auto& a : Articles()) {
    json tags = json::array();
    for (const char* t : a.tags) tags.push_back(t);
    json body = {{"title", a.title},
                 {"body", a.body},
                 {"language", a.language},
                 {"status", "published"},
                 {"tags", tags}};
    RETURN_IF_ERROR(c.s.articles.Create(c.tx, c.As("bob"), body).status());
  }
  return static_cast<int>(Articles().size());
}

// --- tickets ------------------------------------------------------------------------------

// A step of a ticket's history, `hour` hours after it was created. Verbs: the ticket verbs,
// "assign" (to bob, Customer Service), "reply" (an entry the customer sees), "note" (an
// internal entry), "resolve" (text: the resolution), "survey" (score 5, text: the comment).
struct Step {
  int hour;
  const char* verb;
  const char* text;
};

struct TicketSpec {
  const char* party;  // the party's name
  const char* category;
  const char* channel;
  const char* subject;
  const char* description;
  int hours_ago;        // created this many hours before now
  const char* link;     // "" | "order" (the party's latest confirmed or done order) | a SKU
  const char* creator;  // the demo login that files it
  std::vector<Step> steps;
};

// Two tickets are a week old and open: the SLA job finds them overdue and escalates them.
// The others are on time (a business day is 8 hours, so 26 calendar hours hold at most 10).
const std::vector<TicketSpec>& Tickets() {
  static const std::vector<TicketSpec> kTickets = {
      {"上海阿克米贸易有限公司",
       "defect",
       "email",
       "收到的紫砂壶有裂纹",
       "上周收到的订单中，两把宜兴紫砂壶的壶盖有裂纹，外包装完好。请尽快安排换货。",
       170,
       "order",
       "alice",
       {}},
      {"广州美佳化妆品有限公司",
       "delivery",
       "phone",
       "订单延迟发货，什么时候能到？",
       "我们的订单确认一周了还没有发货，新店下周开业，请告知预计到货时间。",
       168,
       "order",
       "alice",
       {{1, "assign", ""},
        {2, "start", ""},
        {3, "reply", "已联系仓库安排优先发货，发货后会告知快递单号。"}}},
      {"北京华光电子科技有限公司",
       "defect",
       "web",
       "泡茶机无法加热",
       "上个月购买的全自动泡茶机，今天早上开机后指示灯亮，但是水不加热。",
       3,
       "ELC-TEAMKR",
       "alice",
       {{1, "assign", ""}}},
      {"Nordwind Handels GmbH",
       "question",
       "email",
       "Customs documents for the tea shipment to Hamburg",
       "Our customs broker asks for a certificate of origin and a phytosanitary certificate "
       "for the Longjing and Pu'er tea in the next shipment. Can you provide them?",
       72,
       "",
       "bob",
       {{1, "assign", ""},
        {2, "start", ""},
        {3, "reply",
         "We can provide the certificate of origin. Please send us the exact wording your "
         "broker needs on the phytosanitary certificate."},
        {3, "wait", ""}}},
      {"Pacific Retail Inc.",
       "question",
       "web",
       "Do you offer private-label tea gift boxes?",
       "We are planning a holiday assortment for 40 stores. What is the minimum order "
       "quantity for gift boxes with our logo, and the lead time?",
       1,
       "",
       "alice",
       {}},
      {"陈晓明",
       "question",
       "phone",
       "龙井茶叶开封后能放多久？",
       "中秋买的西湖龙井还没喝完，请问开封后能放多久？需要冷藏吗？",
       50,
       "",
       "alice",
       {{1, "assign", ""},
        {1, "start", ""},
        {1, "reply", "龙井开封后请密封、避光、冷藏保存，一个月内饮用风味最佳。"},
        {2, "resolve", "已告知储存方法：密封、避光、冷藏，开封后一个月内饮用。"},
        {3, "survey", "回答很专业，谢谢！"}}},
      {"苏州静雅茶馆",
       "defect",
       "phone",
       "普洱茶饼受潮发霉",
       "本月到货的普洱茶饼中有三饼表面出现白霉，怀疑运输途中受潮，请处理。",
       26,
       "order",
       "bob",
       {{1, "assign", ""}, {2, "start", ""}, {3, "note", "已请仓库检查同批次库存的储存湿度。"}}},
      {"Emma Johnson",
       "question",
       "email",
       "How do I brew Tieguanyin properly?",
       "I bought Tieguanyin oolong for the first time. What water temperature should I use, "
       "and how many infusions does it give?",
       120,
       "",
       "bob",
       {{2, "assign", ""},
        {2, "start", ""},
        {3, "reply",
         "Use water at 95 °C, rinse the leaves once and brew short infusions of "
         "30 seconds: a good Tieguanyin gives six or more."},
        {4, "resolve", "Sent the brewing guide for oolong tea."},
        {30, "close", ""}}},
      {"Nordwind Handels GmbH",
       "request",
       "email",
       "New delivery address from January",
       "From January please deliver our orders to the new warehouse: Lagerstrasse 5, 21079 "
       "Hamburg.",
       5,
       "",
       "bob",
       {}},
      {"北京华光电子科技有限公司",
       "request",
       "email",
       "申请办公用品月结账期",
       "我公司每月采购办公用品和茶水，希望改为月结三十天，请告知需要提供哪些资料。",
       20,
       "",
       "alice",
       {{2, "assign", ""}}},
      {"苏州静雅茶馆",
       "request",
       "phone",
       "预约茶艺品鉴课",
       "下周六下午想为店员安排两小时的茶艺品鉴课，请确认讲师时间和费用。",
       30,
       "",
       "bob",
       {{1, "assign", ""},
        {2, "start", ""},
        {3, "reply", "讲师已确认下周六14:00到16:00，按每小时收费。"},
        {4, "resolve", "已预约两小时品鉴课，按课时开票。"}}},
      {"广州美佳化妆品有限公司",
       "invoice",
       "email",
       "增值税专用发票抬头错误，需要重开",
       "上月发票上的公司名称少了“有限”二字，财务无法报销，请作废后重开。",
       8,
       "order",
       "alice",
       {{1, "assign", ""}, {2, "start", ""}}},
      {"Nordwind Handels GmbH",
       "defect",
       "email",
       "Pu'er tea cakes damaged in transit",
       "Four of the twenty Pu'er tea cakes arrived broken, the wrapping paper is torn. Please "
       "replace them with the next shipment.",
       10,
       "",
       "bob",
       {{1, "assign", ""}}},
  };
  return kTickets;
}

Result<std::map<std::string, int64_t>> PartiesByName(Ctx& c) {
  party::PartyFilter f;
  ASSIGN_OR_RETURN(json list, c.s.parties.List(c.tx, c.As("bob"), f, 200, ""));
  std::map<std::string, int64_t> out;
  for (const auto& item : list["items"]) out[item.value("name", "")] = item["id"].get<int64_t>();
  return out;
}

// The party's latest confirmed order, else its latest done one; 0 if it has none.
Result<int64_t> LatestOrder(Ctx& c, int64_t party) {
  int64_t best = 0;
  for (const char* state : {"done", "confirmed"}) {
    ASSIGN_OR_RETURN(json page,
                     c.s.orders.List(c.tx, c.As("bob"), {party, state},
                                     http::ListPage::ById(sales::Orders::kSorts, 200, 0)));
    const json& items = page["items"];
    if (!items.empty()) best = items.back()["id"].get<int64_t>();
  }
  return best;
}

Status RunStep(Ctx& c, const service::Tickets& tickets, int64_t id, const Step& step) {
  const security::Access& bob = c.As("bob");
  std::string verb = step.verb;
  if (verb == "assign") {
    json body = {{"user_id", c.users.at("bob")}, {"department_id", c.service_dept}};
    return tickets.Act(c.tx, bob, id, "assign", body, {}).status();
  }
  if (verb == "reply" || verb == "note") {
    json body = {{"text", step.text}, {"visibility", verb == "reply" ? "customer" : "internal"}};
    return tickets.AddEntry(c.tx, bob, id, body).status();
  }
  if (verb == "survey") {
    return tickets.Survey(c.tx, bob, id, {{"score", 5}, {"comment", step.text}}).status();
  }
  json body = json::object();
  if (verb == "resolve") body["resolution"] = step.text;
  return tickets.Act(c.tx, bob, id, verb, body, {}).status();
}

Result<json> Links(Ctx& c, const TicketSpec& t, int64_t party) {
  json links = json::object();
  std::string link = t.link;
  if (link == "order") {
    ASSIGN_OR_RETURN(int64_t order, LatestOrder(c, party));
    if (order != 0) links["sales_order_id"] = order;
  } else if (!link.empty()) {
    ASSIGN_OR_RETURN(auto product, c.s.products.ByCode(c.tx, c.company, link));
    links["product_id"] = product.id;
  }
  return links;
}

Result<int> LoadTickets(Ctx& c, const std::map<std::string, int64_t>& categories) {
  ASSIGN_OR_RETURN(auto parties, PartiesByName(c));
  const Timestamp now = c.s.clock.Now();
  FakeClock at(now);
  service::TicketDeps deps = c.s.ticket_deps;
  service::Tickets tickets(service::TicketDeps{at, deps.parties, deps.orders, deps.invoices,
                                               deps.stock, deps.products, deps.answers,
                                               deps.notifier});
  for (const auto& t : Tickets()) {
    auto party = parties.find(t.party);
    if (party == parties.end()) {
      return FailedPrecondition("demo.no_crm_customers", "Load the CRM demo first.");
    }
    Timestamp created =
        Timestamp::FromUnixMicros(now.unix_micros() - int64_t{t.hours_ago} * 3600 * 1000000);
    at.Set(created);
    ASSIGN_OR_RETURN(json body, Links(c, t, party->second));
    body.update({{"subject", t.subject},
                 {"description", t.description},
                 {"party_id", party->second},
                 {"channel", t.channel},
                 {"category_id", categories.at(t.category)}});
    ASSIGN_OR_RETURN(json ticket, tickets.Create(c.tx, c.As(t.creator), body));
    int64_t id = ticket["id"].get<int64_t>();
    for (const auto& step : t.steps) {
      at.Set(Timestamp::FromUnixMicros(created.unix_micros() + int64_t{step.hour} * 3600 * 1000000 +
                                       60 * 1000000));
      RETURN_IF_ERROR(RunStep(c, tickets, id, step));
    }
  }
  return static_cast<int>(Tickets().size());
}

// --- workflows ----------------------------------------------------------------------------

// Alice asks for approval of the quote whose discount exceeds the threshold: the discount
// approval workflow waits for a sales manager (bob).
Status RequestQuoteApproval(Ctx& c) {
  ASSIGN_OR_RETURN(json page, c.s.quotes.List(c.tx, c.As("alice"), std::nullopt, "draft",
                                              http::ListPage::ById(sales::Quotes::kSorts, 200, 0)));
  for (const auto& q : page["items"]) {
    if (q.value("needs_approval", false) && !q.value("approved", true)) {
      return c.s.quotes.Act(c.tx, c.As("alice"), q["id"].get<int64_t>(), "request-approval", {})
          .status();
    }
  }
  return FailedPrecondition("demo.no_quote",
                            "The sales demo's quote awaiting approval is missing.");
}

// An order on advance payment: confirmed (invoiced in full), the sales rep has asked the
// customer for the advance, and finance (carol) is to confirm that it arrived.
Status AdvanceOrder(Ctx& c, const std::map<std::string, int64_t>& parties) {
  invoicing::PaymentTerms terms(c.s.clock);
  ASSIGN_OR_RETURN(json term, terms.Create(c.tx, c.As("carol"),
                                           {{"name", "Advance payment 预付款"},
                                            {"advance_required", true},
                                            {"lines", {{{"percent", "100"}, {"days", 0}}}}}));
  ASSIGN_OR_RETURN(auto kettle, c.s.products.ByCode(c.tx, c.company, "ELC-KETTLE"));
  const security::Access& alice = c.As("alice");
  ASSIGN_OR_RETURN(json order, c.s.orders.Create(
                                   c.tx, alice,
                                   {{"party_id", parties.at("北京华光电子科技有限公司")},
                                    {"payment_term_id", term["id"]},
                                    {"allow_partial", true},
                                    {"notes", "Kettles for the new office; advance payment 预付款"},
                                    {"lines", {{{"product_id", kettle.id}, {"quantity", "6"}}}}}));
  int64_t id = order["id"].get<int64_t>();
  RETURN_IF_ERROR(c.s.orders.Confirm(c.tx, alice, id, json::object(), {}).status());
  return c.s.workflows
      .DecideFor(c.tx, alice, "advance_payment", "sales_order", id, true,
                 "Advance requested from the customer 已通知客户预付")
      .status();
}

Result<int> RunningWorkflows(Ctx& c) {
  ASSIGN_OR_RETURN(json items, c.s.workflows.ListInstances(c.tx, c.As("bob"), "", std::nullopt,
                                                           "running", 200, 0));
  return static_cast<int>(items.size());
}

}  // namespace

Result<ServiceDemoCounts> LoadServiceDemo(store::Tx& tx, const ServiceDemoServices& services,
                                          int64_t company_id,
                                          const std::map<std::string, int64_t>& users,
                                          const std::map<std::string, int64_t>& departments) {
  Ctx c{tx, services, company_id, departments.at("Customer Service"), users, {}};
  const std::pair<const char*, const char*> roles[] = {
      {"alice", "Sales"}, {"bob", "Sales"}, {"carol", "Accounting"}};
  for (const auto& [login, dept] : roles) {
    c.actors.emplace(login, Actor(users.at(login), login, company_id, departments.at(dept)));
  }
  ServiceDemoCounts out;
  ASSIGN_OR_RETURN(auto categories, LoadCategories(c));
  out.categories = static_cast<int>(categories.size());
  ASSIGN_OR_RETURN(out.articles, LoadArticles(c));
  ASSIGN_OR_RETURN(out.tickets, LoadTickets(c, categories));
  // The SLA job, as it would run now: the two week-old open tickets are overdue.
  RETURN_IF_ERROR(services.monitor.Run(tx, services.clock.Now(), company_id).status());
  RETURN_IF_ERROR(RequestQuoteApproval(c));
  ASSIGN_OR_RETURN(auto parties, PartiesByName(c));
  RETURN_IF_ERROR(AdvanceOrder(c, parties));
  out.orders = 1;
  ASSIGN_OR_RETURN(out.workflows, RunningWorkflows(c));
  return out;
}

}  // namespace concord::app
