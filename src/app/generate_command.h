// `omg generate` and `omg interpret`: the engine from the command line.
#pragma once

#include <CLI/CLI.hpp>

namespace omg::app {

// Registers the subcommands; their callbacks set `exit_code`.
void add_generate_command(CLI::App& app, int& exit_code);
void add_interpret_command(CLI::App& app, int& exit_code);
void add_styles_command(CLI::App& app, int& exit_code);

}  // namespace omg::app
