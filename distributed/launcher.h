#pragma once
/// `genzoo train --nproc N`: N data-parallel worker processes on this machine, started the way torchrun starts them.
///
///   genzoo::LaunchOptions launch;
///   launch.nproc = 2;
///   launch.command = {"genzoo", "train", "gan", "--nproc", "2"};   // each worker runs this with RANK etc. set
///   genzoo::launch_local_workers(launch);                          // returns when all have finished
#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace genzoo {

struct LaunchOptions {
  int nproc = 1;
  /// The workers' command line; command[0] is only their argv[0]: they run this same executable.
  std::vector<std::string> command;
  /// After a worker fails: how long the others get to stop after SIGTERM before SIGKILL.
  std::chrono::seconds grace{10};
  /// The store's timeout for the workers' requests.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  /// Where the launcher says which rank failed; nullptr: nowhere (the error says it too).
  std::ostream* log = nullptr;
};

/// Hosts the rendezvous store on 127.0.0.1 (as torchrun's agent does) and starts `nproc` copies of this executable
/// with RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT and TORCHELASTIC_USE_AGENT_STORE
/// set, each in a process group of its own and stopped with SIGTERM if the launcher dies. SIGINT and SIGTERM sent
/// to the launcher are passed on to every worker once each (Ctrl-C: they agree on a step, save and stop).
/// Returns when all have exited with status 0. When one exits otherwise or is killed, the others are stopped
/// (SIGTERM, then SIGKILL after `grace`) and the error names that rank, its pid and how it ended.
void launch_local_workers(const LaunchOptions& options);

}  // namespace genzoo
