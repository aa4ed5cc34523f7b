// Benchmark: automatic answers from the knowledge base. A server in this process on a fresh
// database (SQLite file, or an empty PostgreSQL database with --db) gets N generated articles,
// half English and half Chinese, written from word lists through kb::Articles (with their
// audit rows, events and index entries, in batches); then a few hundred varied questions are
// answered, one at a time, over HTTP (POST /api/v1/kb/answer) and directly through
// kb::Answers, and p50/p99 are printed per language. It also times what a LIKE scan for a
// two-character Chinese word would cost (the alternative to the bigram index), and with
// --compare how the stepped ranking of broad questions agrees with scoring every match. See
// bench/README.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "kb/answers.h"
#include "kb/articles.h"
#include "kb/index.h"
#include "support/http_client.h"

namespace concord::bench {
namespace {

using json = nlohmann::json;
using Steady = std::chrono::steady_clock;

constexpr const char* kPassword = "kb-bench-password";

struct Options {
  std::string db;
  std::string file;  // SQLite file kept and reused when it holds the articles already
  int articles = 100000;
  int questions = 400;
  int batch = 500;
  bool compare = false;
};

const std::vector<std::string> kEnVerbs = {
    "return", "refund", "cancel", "track", "change", "update", "reset", "install", "configure",
    "replace", "repair", "order", "pay", "ship", "deliver", "exchange", "register", "activate",
    "export", "import", "print", "connect", "upgrade", "renew", "transfer", "verify", "charge"};
const std::vector<std::string> kEnNouns = {
    "order", "invoice", "password", "account", "parcel", "delivery", "warranty", "printer",
    "battery", "charger", "subscription", "payment", "card", "address", "label", "receipt",
    "discount", "coupon", "voucher", "router", "firmware", "licence", "device", "screen",
    "keyboard", "cable", "adapter", "shipment", "return", "refund", "tea", "kettle", "cup",
    "notebook", "pen", "stapler", "toner", "cartridge", "desk", "chair", "lamp", "monitor",
    "headset", "camera", "phone", "tablet", "backup", "report", "statement", "customs", "tax"};
const std::vector<std::string> kEnFiller = {
    "the", "a", "your", "within", "days", "after", "before", "please", "our", "team", "will",
    "can", "you", "must", "should", "when", "if", "is", "are", "be", "with", "from", "to", "of",
    "and", "or", "not", "by", "on", "in", "for", "each", "every", "new", "old", "free", "extra",
    "support", "contact", "service", "customer", "online", "store", "portal", "email", "form",
    "step", "first", "then", "finally", "usually", "normally", "business", "working", "hours"};
const std::vector<std::string> kZhWords = {
    "退货", "退款", "换货", "订单", "发票", "快递", "物流", "运费", "保修", "维修", "密码",
    "账户", "会员", "积分", "优惠券", "折扣", "付款", "支付宝", "微信", "银行卡", "地址",
    "收货", "签收", "包裹", "破损", "质量", "问题", "申请", "审核", "客服", "电话", "邮件",
    "工作日", "七天", "无理由", "商品", "茶叶", "茶具", "办公", "用品", "打印机", "墨盒",
    "纸张", "文件夹", "安装", "说明书", "充电器", "电池", "屏幕", "键盘", "升级", "固件",
    "取消", "修改", "查询", "跟踪", "开具", "增值税", "专用", "普通", "报销", "合同"};
const std::vector<std::string> kZhFiller = {"的", "了", "和", "在", "请", "您", "我们", "可以",
                                            "需要", "如果", "之后", "之前", "内", "将", "会",
                                            "由", "及", "或", "是", "不", "已", "为"};

template <class R>
const std::string& Pick(const std::vector<std::string>& v, R& rng) {
  return v[rng() % v.size()];
}

json EnglishArticle(std::mt19937_64& rng) {
  std::string title = "How to " + Pick(kEnVerbs, rng) + " your " + Pick(kEnNouns, rng);
  std::string body;
  int sentences = 4 + static_cast<int>(rng() % 8);
  for (int s = 0; s < sentences; ++s) {
    std::string sentence = "To " + Pick(kEnVerbs, rng) + " " + Pick(kEnFiller, rng) + " " +
                           Pick(kEnNouns, rng);
    int words = 6 + static_cast<int>(rng() % 10);
    for (int w = 0; w < words; ++w) {
      sentence += " " + (rng() % 3 == 0 ? Pick(kEnNouns, rng) : Pick(kEnFiller, rng));
    }
    body += sentence + ". ";
  }
  return {{"title", title}, {"body", body}, {"language", "en"}, {"status", "published"},
          {"tags", {Pick(kEnNouns, rng)}}};
}

json ChineseArticle(std::mt19937_64& rng) {
  std::string title = "如何" + Pick(kZhWords, rng) + Pick(kZhWords, rng);
  std::string body;
  int sentences = 3 + static_cast<int>(rng() % 6);
  for (int s = 0; s < sentences; ++s) {
    int words = 5 + static_cast<int>(rng() % 8);
    for (int w = 0; w < words; ++w) {
      body += rng() % 3 == 0 ? Pick(kZhFiller, rng) : Pick(kZhWords, rng);
    }
    body += "。";
  }
  return {{"title", title}, {"body", body}, {"language", "zh"}, {"status", "published"},
          {"tags", {Pick(kZhWords, rng)}}};
}

std::string Question(std::mt19937_64& rng, bool zh) {
  if (zh) {
    static const char* kForms[] = {"怎么%s%s？", "如何%s我的%s", "%s%s需要多久？", "%s"};
    const char* form = kForms[rng() % 4];
    std::string a = Pick(kZhWords, rng), b = Pick(kZhWords, rng);
    char buf[256];
    std::snprintf(buf, sizeof(buf), form, a.c_str(), b.c_str());
    return buf;
  }
  static const char* kForms[] = {"How do I %s my %s?", "Can I %s the %s after delivery?",
                                 "Why can't I %s my %s", "%s %s"};
  const char* form = kForms[rng() % 4];
  std::string a = Pick(kEnVerbs, rng), b = Pick(kEnNouns, rng);
  char buf[256];
  std::snprintf(buf, sizeof(buf), form, a.c_str(), b.c_str());
  return buf;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void Fail(const std::string& what, const Status& st) {
  std::fprintf(stderr, "kb bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

security::Access Admin(app::App& app) {
  int64_t user = 0, company = 0;
  Status st = app.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, default_company_id FROM users WHERE login = "
                                      "'admin'"));
    if (!row) return NotFound("admin");
    user = row->Int(0);
    company = row->Int(1);
    return Status::Ok();
  });
  if (!st.ok()) Fail("reading the admin", st);
  std::map<std::string, security::Scope> grants;
  for (const char* a : {"read", "create", "update", "delete"}) {
    grants[std::string("kb.article.") + a] = security::Scope::kCompany;
  }
  return security::Access(user, "admin", company, 0, grants);
}

void Load(app::App& app, const security::Access& who, const Options& o) {
  kb::Articles articles(app.db().clock());
  std::mt19937_64 rng(42);
  auto start = Steady::now();
  for (int done = 0; done < o.articles;) {
    int n = std::min(o.batch, o.articles - done);
    std::vector<json> batch;
    for (int i = 0; i < n; ++i) batch.push_back((done + i) % 2 ? ChineseArticle(rng) : EnglishArticle(rng));
    Status st = app.db().Write([&](store::Tx& tx) -> Status {
      tx.set_actor({who.user_id(), who.company_id(), "kb-bench"});
      for (const auto& a : batch) RETURN_IF_ERROR(articles.Create(tx, who, a).status());
      return Status::Ok();
    });
    if (!st.ok()) Fail("loading articles", st);
    done += n;
  }
  double s = std::chrono::duration<double>(Steady::now() - start).count();
  std::printf("loaded %d articles in %.1f s (%.0f articles/s)\n", o.articles, s, o.articles / s);
}

struct Sample {
  std::vector<double> ms[2];  // en, zh
  std::vector<double> cpu[2];  // the calling thread's CPU time (service only)
  std::vector<double> hits[2];
};

// CPU time of the calling thread in ms: on a shared VM the wall time's tail is mostly waiting
// for a core; SQLite runs in this thread, so this is the work itself.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void Print(const char* how, const Sample& s) {
  for (int l = 0; l < 2; ++l) {
    double avg = 0;
    for (double h : s.hits[l]) avg += h;
    avg /= std::max<size_t>(1, s.hits[l].size());
    std::printf("%-8s %-3s %5zu questions  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  "
                "avg answers %.1f\n",
                how, l ? "zh" : "en", s.ms[l].size(), Percentile(s.ms[l], 0.5),
                Percentile(s.ms[l], 0.99), Percentile(s.ms[l], 1.0), avg);
    if (!s.cpu[l].empty()) {
      std::printf("%-8s %-3s thread CPU       p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", how,
                  l ? "zh" : "en", Percentile(s.cpu[l], 0.5), Percentile(s.cpu[l], 0.99),
                  Percentile(s.cpu[l], 1.0));
    }
  }
}

std::vector<std::pair<std::string, bool>> Questions(const Options& o) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::string, bool>> questions;
  for (int i = 0; i < o.questions; ++i) {
    bool zh = i % 2;
    questions.emplace_back(Question(rng, zh), zh);
  }
  return questions;
}

std::vector<kb::Suggestion> AnswerNow(app::App& app, const security::Access& who,
                                      const std::string& q) {
  kb::Answers answers(app.db().clock());
  std::vector<kb::Suggestion> out;
  Status st = app.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, answers.Answer(tx, who, q, kb::SearchOptions()));
    return Status::Ok();
  });
  if (!st.ok()) Fail("answering " + q, st);
  return out;
}

void Measure(app::App& app, const security::Access& who, const Options& o) {
  auto questions = Questions(o);
  testing::HttpClient c("127.0.0.1", app.port());
  auto login = c.Post("/api/v1/auth/login", {{"login", "admin"}, {"password", kPassword}});
  if (login.status != 200) {
    std::fprintf(stderr, "kb bench: login %d %s\n", login.status, login.body.c_str());
    std::exit(1);
  }
  c.set_bearer(login.json()["token"].get<std::string>());
  for (int warm = 0; warm < 20; ++warm) c.Post("/api/v1/kb/answer", {{"question", questions[warm].first}});
  Sample http, direct;
  kb::Answers answers(app.db().clock());
  // One untimed pass: the index pages a question reads are mapped into this process once
  // (SQLite maps the file), as in a server that has been running a while.
  for (const auto& [q, zh] : questions) AnswerNow(app, who, q);
  for (const auto& [q, zh] : questions) {
    size_t n = 0;
    double cpu = ThreadCpuMs();
    auto start = Steady::now();
    Status st = app.db().Read([&](store::Tx& tx) -> Status {
      kb::SearchOptions opt;
      ASSIGN_OR_RETURN(auto found, answers.Answer(tx, who, q, opt));
      n = found.size();
      return Status::Ok();
    });
    direct.ms[zh].push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
    direct.cpu[zh].push_back(ThreadCpuMs() - cpu);
    if (!st.ok()) Fail("answering " + q, st);
    direct.hits[zh].push_back(static_cast<double>(n));
  }
  for (const auto& [q, zh] : questions) {
    auto start = Steady::now();
    auto r = c.Post("/api/v1/kb/answer", {{"question", q}, {"limit", 5}});
    http.ms[zh].push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
    if (r.status != 200) {
      std::fprintf(stderr, "kb bench: answer %d %s\n", r.status, r.body.c_str());
      std::exit(1);
    }
    http.hits[zh].push_back(static_cast<double>(r.json()["items"].size()));
  }
  Print("http", http);
  Print("service", direct);
}

// The stepped ranking against scoring every match (the rank budget lifted): the time of the
// latter, and how often both give the same best answer, how many of the five they share and
// what share of the best five's score the stepped ones reach (scores are the whole question's
// in both, so they compare).
void Compare(app::App& app, const security::Access& who, const Options& o) {
  auto questions = Questions(o);
  int n = 0, same_first = 0, shared = 0;
  double ratio = 0;
  std::vector<double> full_ms[2];
  for (const auto& [q, zh] : questions) {
    auto stepped = AnswerNow(app, who, q);
    int64_t before = kb::SetRankBudget(int64_t{1} << 40);
    double cpu = ThreadCpuMs();
    auto full = AnswerNow(app, who, q);
    full_ms[zh].push_back(ThreadCpuMs() - cpu);
    kb::SetRankBudget(before);
    if (full.empty()) continue;
    ++n;
    same_first += !stepped.empty() && stepped[0].article_id == full[0].article_id ? 1 : 0;
    double got = 0, best = 0;
    for (const auto& s : stepped) got += s.score;
    for (const auto& f : full) {
      best += f.score;
      for (const auto& s : stepped) shared += s.article_id == f.article_id ? 1 : 0;
    }
    ratio += best > 0 ? got / best : 1;
  }
  for (int l = 0; l < 2; ++l) {
    std::printf("service %-3s scoring every match, thread CPU: p50 %7.2f ms  p99 %7.2f ms\n",
                l ? "zh" : "en",
                Percentile(full_ms[l], 0.5), Percentile(full_ms[l], 0.99));
  }
  std::printf("stepped vs every match, %d questions: same best answer %.1f%%, top-5 shared "
              "%.1f%%, top-5 score %.2f%% of the best\n",
              n, 100.0 * same_first / std::max(n, 1), 100.0 * shared / std::max(5 * n, 1),
              100.0 * ratio / std::max(n, 1));
}

// What the LIKE fallback for short Chinese words would cost: a scan of every body.
void LikeProbe(app::App& app, const security::Access& who) {
  std::vector<double> ms;
  for (const char* w : {"退货", "发票", "茶具", "积分", "维修"}) {
    auto start = Steady::now();
    Status st = app.db().Read([&](store::Tx& tx) -> Status {
      return tx.One("SELECT COUNT(*) FROM kb_articles WHERE company_id = ? AND (title LIKE ? OR "
                    "body LIKE ?)",
                    who.company_id(), std::string("%") + w + "%", std::string("%") + w + "%")
          .status();
    });
    if (!st.ok()) Fail("LIKE probe", st);
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - start).count());
  }
  std::printf("LIKE '%%<2 chars>%%' scan (the rejected fallback): p50 %.1f ms, max %.1f ms\n",
              Percentile(ms, 0.5), Percentile(ms, 1.0));
}

int64_t ArticleCount(app::App& app) {
  int64_t n = 0;
  Status st = app.db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) FROM kb_articles"));
    n = row->Int(0);
    return Status::Ok();
  });
  if (!st.ok()) Fail("counting articles", st);
  return n;
}

int Run(const Options& o) {
  std::string path =
      o.file.empty() ? "/tmp/concord-kb-" + std::to_string(getpid()) + ".db" : o.file;
  std::string url = o.db.empty() ? "sqlite:" + path : o.db;
  setenv("CONCORD_ADMIN_PASSWORD", kPassword, 1);
  app::Config config;
  config.db = url;
  config.listen = "127.0.0.1:0";
  config.access_log = "off";
  config.log_level = "warn";
  auto opened = app::App::Open(config);
  if (!opened.ok()) Fail("opening " + url, opened.status());
  auto app = std::move(*opened);
  auto admin = app->EnsureAdmin();
  if (!admin.ok()) Fail("admin", admin.status());
  Status st = app->StartInBackground();
  if (!st.ok()) Fail("starting", st);
  security::Access who = Admin(*app);
  std::printf("kb answers on %s, %d articles (half English, half Chinese)\n",
              o.db.empty() ? "SQLite" : "PostgreSQL", o.articles);
  int64_t have = ArticleCount(*app);
  if (have == 0) {
    Load(*app, who, o);
  } else {
    std::printf("reusing %lld articles of %s\n", static_cast<long long>(have), url.c_str());
  }
  Measure(*app, who, o);
  if (o.compare) Compare(*app, who, o);
  LikeProbe(*app, who);
  app->Stop();
  app.reset();
  if (o.db.empty() && o.file.empty() && !std::getenv("KB_BENCH_KEEP")) {
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s);
  }
  return 0;
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  concord::bench::Options o;
  CLI::App cli{"concord knowledge base answer benchmark"};
  cli.add_option("--db", o.db, "an empty PostgreSQL database URL (default: a fresh SQLite file)");
  cli.add_option("--articles", o.articles, "articles generated")->check(CLI::Range(10, 10000000));
  cli.add_option("--questions", o.questions, "questions answered")->check(CLI::Range(20, 100000));
  cli.add_option("--batch", o.batch, "articles per load transaction")->check(CLI::Range(1, 100000));
  cli.add_option("--file", o.file, "SQLite file to keep and reuse (loaded only when empty)");
  cli.add_flag("--compare", o.compare, "compare the stepped ranking with scoring every match");
  CLI11_PARSE(cli, argc, argv);
  return concord::bench::Run(o);
}
