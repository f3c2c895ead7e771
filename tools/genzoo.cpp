// genzoo command-line tool: each subcommand is a small function in tools/cli/ over typed library calls.
#include "core/runtime.h"
#include "core/text.h"
#include "tools/cli/commands.h"

#include <torch/torch.h>

#include <csignal>
#include <iostream>

int main(int argc, char** argv) {
  // With a file-size limit, writes fail with EFBIG (reported with the file's name) instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  genzoo::cli::set_command_line(argc, argv);
  genzoo::configure_allocator();  // measurably faster training (core/runtime.h); GENZOO_MALLOPT=0 leaves glibc's
  CLI::App app{"genzoo: train, load and sample classic generative models (VAE family, GANs) on MNIST-format data"};
  app.require_subcommand(1);
  app.set_version_flag("--version", genzoo::genzoo_version());
  genzoo::cli::add_list(app);
  genzoo::cli::add_fetch(app);
  genzoo::cli::add_convert(app);
  genzoo::cli::add_train(app);
  genzoo::cli::add_runs(app);
  genzoo::cli::add_report(app);
  genzoo::cli::add_model_commands(app);
  genzoo::cli::add_views(app);
  genzoo::cli::add_eval(app);
  genzoo::cli::add_bench(app);
  try {
    genzoo::configure_threads(0);  // every core; train and bench set their own
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const c10::Error& e) {
    std::cerr << "genzoo: error: " << genzoo::printable_lines(e.what_without_backtrace()) << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "genzoo: error: " << genzoo::printable_lines(e.what()) << "\n";
    return 1;
  }
  return 0;
}
