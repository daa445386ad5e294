// omg: the command line. Wiring only: every subcommand lives in its own file.
#include <CLI/CLI.hpp>

#include "app/generate_command.h"
#include "app/serve_command.h"
#include "app/show_command.h"
#ifdef OMG_WITH_WORKER
#include "app/worker_command.h"
#endif
#include "engine/engine.h"

int main(int argc, char** argv) {
    CLI::App app{"OMG, the Open Music Generator: text prompt in, finished track out."};
    app.set_version_flag("--version", std::string("omg ") + omg::engine::engine_version());
    app.require_subcommand(1);
    int exit_code = 0;
    omg::app::add_generate_command(app, exit_code);
    omg::app::add_interpret_command(app, exit_code);
    omg::app::add_styles_command(app, exit_code);
    omg::app::add_serve_command(app, exit_code);
    omg::app::add_show_command(app, exit_code);
#ifdef OMG_WITH_WORKER
    omg::app::add_worker_command(app, exit_code);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return exit_code;
}
