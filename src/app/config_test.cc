#include "app/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "app/options.h"

namespace concord::app {
namespace {

class ConfigPrecedenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("concord-config-test-" + std::to_string(getpid()));
    std::ofstream out(path_);
    out << "# a comment\n"
           "listen = 10.0.0.1:7000\n"
           "db = \"sqlite:/from/file.db\"\n"
           "readers = 7\n"
           "demo = true\n";
  }
  void TearDown() override {
    std::filesystem::remove(path_);
    unsetenv("CONCORD_LISTEN");
    unsetenv("CONCORD_DB");
  }

  // Parses `serve` with the given flags and the config file.
  Config Parse(std::vector<std::string> flags) {
    auto file = ReadConfigFile(path_);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    Config config;
    CLI::App cli;
    auto* serve = cli.add_subcommand("serve");
    AddCommonOptions(*serve, config, *file);
    AddServeOptions(*serve, config, *file);
    std::vector<std::string> args = {"concord", "serve"};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    cli.parse(static_cast<int>(argv.size()), argv.data());
    return config;
  }

  std::string path_;
};

TEST_F(ConfigPrecedenceTest, FileValuesApplyWhenNothingElseIsGiven) {
  Config c = Parse({});
  EXPECT_EQ(c.listen, "10.0.0.1:7000");
  EXPECT_EQ(c.db, "sqlite:/from/file.db");
  EXPECT_EQ(c.readers, 7);
  EXPECT_TRUE(c.demo);
  EXPECT_EQ(c.sqlite_sync, "full");  // built-in default
}

TEST_F(ConfigPrecedenceTest, EnvironmentBeatsFile) {
  setenv("CONCORD_LISTEN", "127.0.0.1:9000", 1);
  Config c = Parse({});
  EXPECT_EQ(c.listen, "127.0.0.1:9000");
  EXPECT_EQ(c.db, "sqlite:/from/file.db");
}

TEST_F(ConfigPrecedenceTest, FlagBeatsEnvironmentAndFile) {
  setenv("CONCORD_LISTEN", "127.0.0.1:9000", 1);
  setenv("CONCORD_DB", "sqlite:/from/env.db", 1);
  Config c = Parse({"--listen", "127.0.0.1:9100"});
  EXPECT_EQ(c.listen, "127.0.0.1:9100");
  EXPECT_EQ(c.db, "sqlite:/from/env.db");
}

TEST(ConfigFileTest, MalformedLineIsReportedWithItsNumber) {
  std::string path = std::filesystem::temp_directory_path() / "concord-bad-config";
  std::ofstream(path) << "listen = x\nnot a setting\n";
  auto r = ReadConfigFile(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(":2:"), std::string::npos) << r.status().message();
  std::filesystem::remove(path);
  EXPECT_FALSE(ReadConfigFile("/nonexistent/concord.conf").ok());
}

TEST(ParseListenTest, AcceptsHostPortAndIpv6) {
  auto a = ParseListen("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  auto b = ParseListen("[::1]:0");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->first, "::1");
  EXPECT_EQ(b->second, 0);
  EXPECT_FALSE(ParseListen("8080").ok());
  EXPECT_FALSE(ParseListen("host:99999").ok());
  EXPECT_FALSE(ParseListen("host:80x").ok());
}

}  // namespace
}  // namespace concord::app
