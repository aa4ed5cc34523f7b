// The concord command line: serve, migrate, user, backup, restore, demo, version.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "accounting/hledger.h"
#include "app/app.h"
#include "app/options.h"
#include "store/backup.h"

namespace concord::app {
namespace {

int Fail(const Status& st) {
  std::cerr << "concord: " << st.message() << "\n";
  for (const auto& e : st.field_errors()) std::cerr << "  " << e.field << ": " << e.message << "\n";
  return 1;
}

int Serve(const Config& config) {
  auto url = store::ParseDbUrl(config.db);
  if (!url.ok()) return Fail(url.status());
  std::unique_ptr<store::DbLock> lock;
  if (url->dialect == store::Dialect::kSqlite) {
    std::error_code ec;
    auto parent = std::filesystem::path(url->target).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    auto l = store::DbLock::Acquire(url->target);
    if (!l.ok()) return Fail(l.status());
    lock = std::move(l).value();
  }
  // Signals are taken by a dedicated thread; the others never see them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  auto app = App::Open(config);
  if (!app.ok()) return Fail(app.status());
  auto admin = (*app)->EnsureAdmin();
  if (!admin.ok()) return Fail(admin.status());
  if (config.demo) {
    auto demo = (*app)->LoadDemo();
    if (!demo.ok()) return Fail(demo.status());
    std::cout << "concord: " << *demo << "\n";
  }
  Status st = (*app)->Start();
  if (!st.ok()) return Fail(st);
  auto listen = ParseListen(config.listen).value();
  std::cout << "concord " << CONCORD_VERSION << " is running at http://" << listen.first << ":"
            << (*app)->port() << "/\n";
  if (admin->generated_password) {
    std::cout << "  administrator login: admin   password: " << *admin->generated_password
              << "\n  (shown once; only its hash is stored. Change it after logging in.)\n";
  } else if (admin->created) {
    std::cout << "  administrator login: admin (password from CONCORD_ADMIN_PASSWORD)\n";
  } else {
    std::cout << "  administrator login: admin (password as set before; reset with "
                 "`concord user passwd admin`)\n";
  }
  std::cout << std::flush;
  App* raw = app->get();
  std::thread signals([raw, set] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("signal {}: shutting down", sig);
    raw->Stop();
  });
  signals.detach();
  (*app)->Run();
  spdlog::info("stopped");
  return 0;
}

int UserCommand(const Config& config, const std::string& action, const std::string& login,
                const std::string& name, std::string password) {
  auto app = App::Open(config);
  if (!app.ok()) return Fail(app.status());
  security::Directory& directory = (*app)->security().directory;
  if (action == "list") {
    Status st = (*app)->db().Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto users, directory.ListAllUsers(tx));
      for (const auto& u : users) {
        std::cout << u.id << "\t" << u.login << "\t" << u.display_name << "\t"
                  << (u.active ? "active" : "disabled") << "\n";
      }
      return Status::Ok();
    });
    return st.ok() ? 0 : Fail(st);
  }
  if (login.empty()) return Fail(InvalidArgument("user.login", "give the login"));
  if ((action == "add" || action == "passwd") && password.empty()) {
    const char* env = std::getenv("CONCORD_USER_PASSWORD");
    if (env)
      password = env;
    else {
      std::cerr << "password: " << std::flush;
      std::getline(std::cin, password);
    }
  }
  Status st = (*app)->db().Write([&](store::Tx& tx) -> Status {
    tx.set_actor({0, 0, "cli"});
    if (action == "add") {
      ASSIGN_OR_RETURN(auto company, (*app)->security().companies.FirstCompanyId(tx));
      if (!company) return FailedPrecondition("user.no_company", "Start the server once first.");
      return directory
          .CreateUserSystem(tx, *company, login, name.empty() ? login : name, password, {})
          .status();
    }
    ASSIGN_OR_RETURN(int64_t id, directory.FindUserId(tx, login));
    if (action == "passwd") return directory.SetPasswordSystem(tx, id, password);
    if (action == "disable") return directory.DisableUserSystem(tx, id);
    return InvalidArgument("user.action", "unknown action " + action);
  });
  if (!st.ok()) return Fail(st);
  std::cout << "ok\n";
  return 0;
}

// `concord export --hledger`: the first company's ledger as an hledger journal.
int ExportHledger(const Config& config, const std::string& from, const std::string& to,
                  const std::string& out) {
  std::optional<Date> first, last;
  for (auto [text, date] : {std::pair{&from, &first}, std::pair{&to, &last}}) {
    if (text->empty()) continue;
    auto d = Date::Parse(*text);
    if (!d.ok()) return Fail(d.status());
    *date = *d;
  }
  auto app = App::Open(config);
  if (!app.ok()) return Fail(app.status());
  std::string journal;
  Status st = (*app)->db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto company, (*app)->security().companies.FirstCompanyId(tx));
    if (!company) return FailedPrecondition("export.no_company", "There is no company yet.");
    ASSIGN_OR_RETURN(journal, accounting::HledgerJournal(tx, *company, first, last));
    return Status::Ok();
  });
  if (!st.ok()) return Fail(st);
  if (out.empty()) {
    std::cout << journal << std::flush;
    return 0;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << journal;
  file.close();
  if (!file) return Fail(Internal("cannot write " + out));
  return 0;
}

int Run(int argc, char** argv) {
  std::map<std::string, std::string> file;
  std::string config_path = ConfigPath(argc, argv);
  if (!config_path.empty()) {
    auto read = ReadConfigFile(config_path);
    if (!read.ok()) return Fail(read.status());
    file = *read;
  }
  // Each subcommand fills its own Config: CLI11 applies environment values to subcommands that
  // were not used as well, which must not overwrite the flags of the one that was.
  std::map<std::string, Config> configs;
  CLI::App cli{"concord: CRM and ERP on one customer-centric data model"};
  cli.require_subcommand(1);
  std::string ignored_config;
  cli.add_option("--config", ignored_config, "config file (key = value lines)")
      ->envname("CONCORD_CONFIG");

  auto* serve = cli.add_subcommand("serve", "run the HTTP server");
  AddCommonOptions(*serve, configs["serve"], file);
  AddServeOptions(*serve, configs["serve"], file);
  auto* migrate = cli.add_subcommand("migrate", "apply pending schema migrations");
  AddCommonOptions(*migrate, configs["migrate"], file);
  auto* demo = cli.add_subcommand("demo", "load demo data");
  AddCommonOptions(*demo, configs["demo"], file);
  auto* user = cli.add_subcommand("user", "manage users: add, passwd, list, disable");
  AddCommonOptions(*user, configs["user"], file);
  std::string action, login, name, password;
  user->add_option("action", action, "add | passwd | list | disable")
      ->required()
      ->check(CLI::IsMember({"add", "passwd", "list", "disable"}));
  user->add_option("login", login, "the user's login");
  user->add_option("--name", name, "display name (add)");
  auto* backup = cli.add_subcommand("backup", "online backup of the SQLite database to a file");
  AddCommonOptions(*backup, configs["backup"], file);
  std::string backup_file;
  backup->add_option("file", backup_file, "backup file to create")->required();
  auto* restore = cli.add_subcommand("restore", "verify a backup and restore it (server stopped)");
  AddCommonOptions(*restore, configs["restore"], file);
  restore->add_option("file", backup_file, "backup file")->required();
  auto* export_cmd = cli.add_subcommand("export", "export data: --hledger (the ledger)");
  AddCommonOptions(*export_cmd, configs["export"], file);
  std::string export_from, export_to, export_out;
  bool export_hledger = false;
  export_cmd
      ->add_flag("--hledger", export_hledger, "the first company's ledger as an hledger journal")
      ->required();
  export_cmd->add_option("--from", export_from, "first day (YYYY-MM-DD)");
  export_cmd->add_option("--to", export_to, "last day (YYYY-MM-DD)");
  export_cmd->add_option("--out", export_out, "file to write (default: standard output)");
  auto* version = cli.add_subcommand("version", "print the version");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  Config config;
  for (auto* sub : cli.get_subcommands()) config = configs[sub->get_name()];
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  if (version->parsed()) {
    std::cout << "concord " << CONCORD_VERSION << "\n";
    return 0;
  }
  if (serve->parsed()) return Serve(config);
  if (migrate->parsed()) {
    auto app = App::Open(config);  // migrates
    if (!app.ok()) return Fail(app.status());
    std::cout << "schema is up to date\n";
    return 0;
  }
  if (demo->parsed()) {
    auto app = App::Open(config);
    if (!app.ok()) return Fail(app.status());
    auto admin = (*app)->EnsureAdmin();
    if (!admin.ok()) return Fail(admin.status());
    if (admin->generated_password) {
      std::cout << "administrator login: admin   password: " << *admin->generated_password << "\n";
    }
    auto out = (*app)->LoadDemo();
    if (!out.ok()) return Fail(out.status());
    std::cout << *out << "\n";
    return 0;
  }
  if (user->parsed()) return UserCommand(config, action, login, name, password);
  if (export_cmd->parsed()) return ExportHledger(config, export_from, export_to, export_out);
  auto url = store::ParseDbUrl(config.db);
  if (!url.ok()) return Fail(url.status());
  if (url->dialect != store::Dialect::kSqlite) {
    return Fail(FailedPrecondition("backup.postgres",
                                   "For PostgreSQL use pg_dump / pg_restore (consistent online)."));
  }
  if (backup->parsed()) {
    Status st = store::BackupSqlite(url->target, backup_file);
    if (!st.ok()) return Fail(st);
    st = store::VerifySqliteBackup(backup_file, AllMigrations());
    if (!st.ok()) return Fail(st);
    std::cout << "backup written and verified: " << backup_file << "\n";
    return 0;
  }
  Status st = store::RestoreSqlite(backup_file, url->target, AllMigrations());
  if (!st.ok()) return Fail(st);
  std::cout << "restored " << url->target << " from " << backup_file << "\n";
  return 0;
}

}  // namespace
}  // namespace concord::app

int main(int argc, char** argv) { return concord::app::Run(argc, argv); }
