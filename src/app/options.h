// Command-line options of the concord binary, shared by main() and the configuration tests.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "app/config.h"

namespace concord::app {

// Settings shared by every subcommand (database, logging) and those of `serve`. Each has a flag,
// an environment variable and a config-file key; `file` holds the config file's values, which
// become the defaults, so that flags win over the environment and both over the file.
void AddCommonOptions(CLI::App& cmd, Config& c, const std::map<std::string, std::string>& file);
void AddServeOptions(CLI::App& cmd, Config& c, const std::map<std::string, std::string>& file);

// The config file named by --config in argv, else by CONCORD_CONFIG; empty if none.
std::string ConfigPath(int argc, char** argv);

}  // namespace concord::app
