#include "distributed/launcher.h"

#include "core/error.h"
#include "distributed/distributed.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>
#include <utility>
#include <vector>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#if GENZOO_HAS_GLOO
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

namespace genzoo {

#if GENZOO_HAS_GLOO

namespace {

std::atomic<int> g_signal{0};
std::atomic<int> g_signal_count{0};

extern "C" void on_forwarded_signal(int sig) {
  g_signal = sig;
  ++g_signal_count;
}

struct Worker {
  int rank = 0;
  pid_t pid = -1;
  bool running = false;
};

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "stopped (status " + std::to_string(status) + ")";
}

// Of the workers that ended together, the one whose failure most likely caused the others': killed by a signal
// other than SIGPIPE (which only follows a peer's closed socket), else one that exited with an error, else any that
// failed; nullptr when all succeeded.
const std::pair<const Worker*, int>* first_cause(const std::vector<std::pair<const Worker*, int>>& ended) {
  const auto failed = [](int status) { return !(WIFEXITED(status) && WEXITSTATUS(status) == 0); };
  const auto rank_of = [](int status) {
    if (WIFSIGNALED(status) && WTERMSIG(status) != SIGPIPE) return 0;
    return WIFEXITED(status) ? 1 : 2;
  };
  const std::pair<const Worker*, int>* best = nullptr;
  for (const auto& e : ended) {
    if (failed(e.second) && (!best || rank_of(e.second) < rank_of(best->second))) best = &e;
  }
  return best;
}

// Everything the child needs is built before fork(): after it, a child of a threaded process may only make
// async-signal-safe calls until execve.
struct ChildImage {
  std::vector<std::string> argv_text, env_text;
  std::vector<char*> argv, envp;
  void seal() {
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
  }
};

ChildImage child_image(const LaunchOptions& options, int rank, int port) {
  ChildImage image;
  image.argv_text = options.command;
  const std::vector<std::pair<std::string, std::string>> set = {
      {"RANK", std::to_string(rank)},          {"LOCAL_RANK", std::to_string(rank)},
      {"WORLD_SIZE", std::to_string(options.nproc)}, {"LOCAL_WORLD_SIZE", std::to_string(options.nproc)},
      {"GROUP_RANK", "0"},                     {"MASTER_ADDR", "127.0.0.1"},
      {"MASTER_PORT", std::to_string(port)},   {"TORCHELASTIC_USE_AGENT_STORE", "True"},
      {"TORCHELASTIC_RESTART_COUNT", "0"}};
  for (char** e = environ; *e; ++e) {
    const std::string entry = *e;
    const auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& kv : set) replaced = replaced || kv.first == name;
    if (!replaced) image.env_text.push_back(entry);
  }
  for (const auto& [k, v] : set) image.env_text.push_back(k + "=" + v);
  image.seal();
  return image;
}

pid_t start_worker(ChildImage& image, pid_t launcher) {
  const pid_t pid = fork();
  if (pid < 0) throw Error(std::string("--nproc: cannot start a worker process (") + std::strerror(errno) + ")");
  if (pid == 0) {
    setpgid(0, 0);  // Ctrl-C reaches the launcher only, which passes it on once
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != launcher) _exit(1);
    execve("/proc/self/exe", image.argv.data(), image.envp.data());
    const char message[] = "genzoo: --nproc: cannot execute /proc/self/exe\n";
    (void)!write(2, message, sizeof message - 1);
    _exit(127);
  }
  return pid;
}

void signal_all(std::vector<Worker>& workers, int sig) {
  for (auto& w : workers) {
    if (w.running) kill(w.pid, sig);
  }
}

}  // namespace

void launch_local_workers(const LaunchOptions& options) {
  if (options.nproc < 1) {
    throw Error("--nproc: expected a number of processes >= 1, found " + std::to_string(options.nproc));
  }
  c10d::TCPStoreOptions store_options;
  store_options.port = 0;  // any free port, told to the workers
  store_options.isServer = true;
  store_options.waitWorkers = false;
  store_options.timeout = options.timeout;
  auto store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", store_options);

  g_signal = 0;
  g_signal_count = 0;
  auto previous_int = std::signal(SIGINT, on_forwarded_signal);
  auto previous_term = std::signal(SIGTERM, on_forwarded_signal);
  const pid_t launcher = getpid();
  std::vector<Worker> workers;
  std::vector<ChildImage> images;
  for (int rank = 0; rank < options.nproc; ++rank) images.push_back(child_image(options, rank, store->getPort()));
  for (int rank = 0; rank < options.nproc; ++rank) {
    workers.push_back({rank, start_worker(images[rank], launcher), true});
  }

  std::string failure;
  int forwarded = 0, running = options.nproc;
  auto kill_deadline = std::chrono::steady_clock::time_point::max();
  while (running > 0) {
    // Every worker that has ended by now, reaped together: a peer's death makes the others fail soon after (an
    // error, or SIGPIPE on its socket), and a waitpid order must not name a consequence instead of the cause.
    std::vector<std::pair<const Worker*, int>> ended;
    for (int status = 0;;) {
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      for (auto& w : workers) {
        if (w.pid != pid) continue;
        w.running = false;
        --running;
        ended.emplace_back(&w, status);
      }
    }
    if (!ended.empty()) {
      const auto* named = first_cause(ended);
      if (named && failure.empty()) {
        failure = "rank " + std::to_string(named->first->rank) + " of " + std::to_string(options.nproc) + " (pid " +
                  std::to_string(named->first->pid) + ") " + describe_status(named->second);
        if (options.log) *options.log << "genzoo: " << failure << "; stopping the other ranks" << std::endl;
        signal_all(workers, SIGTERM);
        kill_deadline = std::chrono::steady_clock::now() + options.grace;
      }
      continue;
    }
    for (; forwarded < g_signal_count; ++forwarded) signal_all(workers, g_signal);
    if (std::chrono::steady_clock::now() > kill_deadline) signal_all(workers, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  if (!failure.empty()) throw Error(failure);
}

#else

void launch_local_workers(const LaunchOptions&) { throw distributed_unavailable("--nproc"); }

#endif

}  // namespace genzoo
