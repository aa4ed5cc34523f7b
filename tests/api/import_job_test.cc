// CSV imports as background jobs: the same checks, report and all-or-nothing semantics as the
// synchronous import routes, with progress to poll, visibility by company, user and permission,
// and jobs that a restart interrupted marked failed.
#include <gtest/gtest.h>

#include <thread>

#include "api_helpers.h"
#include "party/import_jobs.h"

namespace concord::testing {
namespace {

const char* kThreeParties =
    "kind,name,email,phone,tax_id,roles\r\n"
    "organization,上海阿克米贸易有限公司,sales@acme.cn,021-6552 9988,91310000-MA1FL,customer\r\n"
    "person,陈爱丽,chen@example.cn,138 0013 8000,,prospect\r\n"
    "organization,Zephyr Trading,info@zephyr.example,,,customer;supplier\r\n";

const char* kBadRows =
    "kind,name,email\n"
    "organization,Good Co,good@a.example\n"
    "organization,Bad Mail,not-an-email\n"
    "organization,,nameless@a.example\n";

class ImportJobTest : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  HttpResult Submit(json body, HttpClient* client = nullptr) {
    return (client ? client : admin_.get())->Post("/api/v1/import-jobs", body);
  }

  // Submits and expects 202; returns the job id (0 on failure).
  int64_t Start(json body) {
    auto r = Submit(body);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? r.json()["id"].get<int64_t>() : 0;
  }

  // Polls the job until it is done or failed; every `done` seen goes to `seen`.
  json Wait(int64_t id, std::vector<int64_t>* seen = nullptr) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      auto r = admin_->Get("/api/v1/import-jobs/" + std::to_string(id));
      EXPECT_EQ(r.status, 200) << r.body;
      json j = r.json();
      if (r.status != 200) return j;
      if (seen) seen->push_back(j["done"].get<int64_t>());
      if (j["state"] == "done" || j["state"] == "failed") return j;
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "job " << id << " still " << j.dump();
        return j;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  json AllParties() { return Items(admin_->Get("/api/v1/parties?active=all&limit=500")); }

  int64_t JobRows() { return CountRows(server_.app(), "import_jobs"); }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(ImportJobTest, JobReachesDoneWithTheReportOfTheSynchronousRoute) {
  auto r = Submit({{"kind", "parties"}, {"csv", kThreeParties}});
  ASSERT_EQ(r.status, 202) << r.body;
  json queued = r.json();
  EXPECT_EQ(queued["state"], "queued");
  EXPECT_EQ(queued["kind"], "parties");
  EXPECT_EQ(queued["done"], 0);
  EXPECT_EQ(queued["total"], 3);
  EXPECT_EQ(queued["dry_run"], false);
  EXPECT_EQ(r.header("location"), "/api/v1/import-jobs/" + queued["id"].dump());
  json job = Wait(queued["id"].get<int64_t>());
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["done"], 3);
  EXPECT_TRUE(job["error"].is_null());
  EXPECT_FALSE(job["finished_at"].is_null());
  ASSERT_EQ(job["report"]["created"], 3) << job.dump();
  std::set<int64_t> reported;
  for (const auto& id : job["report"]["ids"]) reported.insert(id.get<int64_t>());
  std::set<int64_t> listed;
  for (const auto& p : AllParties()) listed.insert(p["id"].get<int64_t>());
  EXPECT_EQ(reported, listed);
  // The synchronous route answers a file of the same shape with a body of the same shape.
  auto sync = admin_->Post("/api/v1/imports/parties",
                           {{"csv", "name,email\nSync Co,sync@x.example\n"}});
  ASSERT_EQ(sync.status, 201) << sync.body;
  std::set<std::string> job_keys, sync_keys;
  for (const auto& [k, v] : job["report"].items()) job_keys.insert(k);
  json sync_body = sync.json();  // not a temporary: items() refers into it
  for (const auto& [k, v] : sync_body.items()) sync_keys.insert(k);
  EXPECT_EQ(job_keys, sync_keys);
  // Audited like the synchronous import.
  EXPECT_FALSE(Items(admin_->Get("/api/v1/audit?entity=party&limit=500")).empty());
}

TEST_F(ImportJobTest, DryRunWritesNothingAndReportsWhatTheRouteWould) {
  auto sync = admin_->Post("/api/v1/imports/parties", {{"csv", kThreeParties}, {"dry_run", true}});
  ASSERT_EQ(sync.status, 200) << sync.body;
  int64_t id = Start({{"kind", "parties"}, {"csv", kThreeParties}, {"dry_run", true}});
  json job = Wait(id);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["dry_run"], true);
  EXPECT_EQ(job["report"], sync.json());
  EXPECT_TRUE(AllParties().empty());
}

TEST_F(ImportJobTest, BadRowsFailTheJobWithEveryRowErrorAndWriteNothing) {
  auto sync = admin_->Post("/api/v1/imports/parties", {{"csv", kBadRows}});
  ASSERT_TRUE(IsProblem(sync, 422, "import.rejected"));
  int64_t audit_before =
      static_cast<int64_t>(Items(admin_->Get("/api/v1/audit?limit=500")).size());
  int64_t id = Start({{"kind", "parties"}, {"csv", kBadRows}});
  json job = Wait(id);
  ASSERT_EQ(job["state"], "failed") << job.dump();
  EXPECT_TRUE(job["report"].is_null());
  json error = job["error"];
  EXPECT_EQ(error["status"], 422);
  EXPECT_EQ(error["code"], "import.rejected");
  EXPECT_EQ(error["errors"], sync.json()["errors"]);
  EXPECT_EQ(error["rows"], 3);
  EXPECT_EQ(error["valid_rows"], 1);
  EXPECT_TRUE(AllParties().empty()) << "the good row was not written either";
  EXPECT_EQ(static_cast<int64_t>(Items(admin_->Get("/api/v1/audit?limit=500")).size()),
            audit_before);
}

TEST_F(ImportJobTest, MalformedRequestIsRefusedAtOnceAndCreatesNoJob) {
  EXPECT_TRUE(IsProblem(Submit({{"csv", kThreeParties}}), 422, ""));
  EXPECT_TRUE(IsProblem(Submit({{"kind", "products"}, {"csv", kThreeParties}}), 422, ""));
  auto missing = Submit({{"kind", "parties"}, {"dry_run", "yes"}});
  ASSERT_TRUE(IsProblem(missing, 422, ""));
  EXPECT_EQ(FieldErrors(missing),
            (std::set<std::pair<std::string, std::string>>{{"csv", "required"},
                                                           {"dry_run", "type"}}))
      << missing.body;
  EXPECT_TRUE(IsProblem(Submit({{"kind", "parties"}, {"csv", ""}}), 422, ""));
  EXPECT_TRUE(IsProblem(Submit({{"kind", "parties"}, {"csv", "name\n"}}), 422, ""));
  auto column = Submit({{"kind", "parties"}, {"csv", "name,shoe_size\nX,42\n"}});
  ASSERT_TRUE(IsProblem(column, 422, "import.mapping_invalid"));
  EXPECT_TRUE(FieldErrors(column).count({"mapping/shoe_size", "unknown_column"})) << column.body;
  EXPECT_EQ(JobRows(), 0);
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/import-jobs/999"), 404, ""));
}

TEST_F(ImportJobTest, AnotherCompanysJobIsNotFound) {
  int64_t id = Start({{"kind", "parties"}, {"csv", kThreeParties}});
  Wait(id);
  auto created =
      admin_->Post("/api/v1/companies",
                   {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/import-jobs/" + std::to_string(id)), 404, ""));
}

TEST_F(ImportJobTest, PermissionOfTheKindIsNeededToSubmitAndToSeeOthersJobs) {
  int64_t reader_role = CreateRole(*admin_, "Reader", {"party.party.read"});
  CreateUser(*admin_, "reader", {reader_role});
  auto reader = server_.LoginAs("reader", kDemoPassword);
  EXPECT_TRUE(
      IsProblem(Submit({{"kind", "parties"}, {"csv", kThreeParties}}, reader.get()), 403, ""));
  int64_t importer_role = CreateRole(*admin_, "Importer", {"party.party.create"});
  CreateUser(*admin_, "importer", {importer_role});
  auto importer = server_.LoginAs("importer", kDemoPassword);
  EXPECT_TRUE(IsProblem(
      Submit({{"kind", "leads"}, {"csv", "title\nBig deal\n"}}, importer.get()), 403, ""));
  EXPECT_EQ(JobRows(), 0);
  auto own = Submit({{"kind", "parties"}, {"csv", kThreeParties}}, importer.get());
  ASSERT_EQ(own.status, 202) << own.body;
  std::string own_path = "/api/v1/import-jobs/" + own.json()["id"].dump();
  EXPECT_EQ(Wait(own.json()["id"].get<int64_t>())["state"], "done");
  EXPECT_EQ(importer->Get(own_path).status, 200) << "the submitter sees its job";
  EXPECT_TRUE(IsProblem(reader->Get(own_path), 404, "")) << "no import permission, not its job";
  int64_t admins = Start({{"kind", "parties"}, {"csv", "name\nAdmin Co\n"}});
  Wait(admins);
  EXPECT_EQ(importer->Get("/api/v1/import-jobs/" + std::to_string(admins)).status, 200)
      << "holders of the import permission see the company's jobs";
}

TEST_F(ImportJobTest, ProgressIsMonotoneAndEndsAtTotal) {
  std::string csv = "name,email\n";
  const int rows = 400;
  for (int i = 0; i < rows; ++i) {
    csv += "Bulk Co " + std::to_string(i) + ",bulk" + std::to_string(i) + "@x.example\n";
  }
  int64_t id = Start({{"kind", "parties"}, {"csv", csv}});
  std::vector<int64_t> seen;
  json job = Wait(id, &seen);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["total"], rows);
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), rows);
  for (int64_t done : seen) EXPECT_LE(done, rows);
  EXPECT_EQ(job["report"]["created"], rows);
  // A second job of the same company queues behind the first and runs after it.
  int64_t a = Start({{"kind", "parties"}, {"csv", "name\nQueue A\n"}});
  int64_t b = Start({{"kind", "parties"}, {"csv", "name\nQueue B\n"}});
  EXPECT_EQ(Wait(a)["state"], "done");
  EXPECT_EQ(Wait(b)["state"], "done");
}

TEST_F(ImportJobTest, JobsLeftUnfinishedByARestartAreMarkedFailed) {
  int64_t finished = Start({{"kind", "parties"}, {"csv", kThreeParties}});
  ASSERT_EQ(Wait(finished)["state"], "done");
  // What a stopped server leaves behind: rows queued or running whose import never committed.
  std::vector<int64_t> left;
  for (const char* state : {"queued", "running"}) {
    Status st = server_.app().db().Write([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(int64_t id,
                       tx.Insert("INSERT INTO import_jobs (company_id, user_id, kind, state, "
                                 "dry_run, total, done, created_at) SELECT company_id, user_id, "
                                 "kind, ?, 0, 5, 0, created_at FROM import_jobs WHERE id = ? "
                                 "RETURNING id",
                                 state, finished));
      left.push_back(id);
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  auto swept = party::BackgroundImports::FailInterrupted(server_.app().db(), server_.clock());
  ASSERT_TRUE(swept.ok()) << swept.status().ToString();
  EXPECT_EQ(*swept, 2);
  for (int64_t id : left) {
    json job = admin_->Get("/api/v1/import-jobs/" + std::to_string(id)).json();
    EXPECT_EQ(job["state"], "failed") << job.dump();
    EXPECT_EQ(job["error"]["code"], "import.interrupted") << job.dump();
    EXPECT_NE(job["error"]["detail"].get<std::string>().find("restart"), std::string::npos);
    EXPECT_FALSE(job["finished_at"].is_null());
  }
  json done = admin_->Get("/api/v1/import-jobs/" + std::to_string(finished)).json();
  EXPECT_EQ(done["state"], "done") << "a finished job keeps its result";
  EXPECT_EQ(done["report"]["created"], 3);
}

}  // namespace
}  // namespace concord::testing
