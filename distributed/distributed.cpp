#include "distributed/distributed.h"

#include "core/error.h"

#include <torch/torch.h>

#include <cerrno>
#include <cstdlib>
#include <thread>

#if GENZOO_HAS_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#endif

namespace genzoo {
namespace {

int parse_int(const char* name, const char* text, int low, int high) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < low || v > high) {
    throw Error(std::string(name) + ": expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) +
                "], found \"" + text + "\"");
  }
  return static_cast<int>(v);
}

// Gloo connects every pair of ranks; beyond a few thousand CPU ranks that set-up alone takes minutes, and no genzoo
// model has the batch to share among more.
constexpr int kMaxRanks = 4096;

}  // namespace

std::optional<DistributedEnv> parse_distributed_env(const std::function<const char*(const char*)>& getenv) {
  const char* world = getenv("WORLD_SIZE");
  if (!world || parse_int("WORLD_SIZE", world, 1, kMaxRanks) == 1) return std::nullopt;
  DistributedEnv env;
  env.world_size = parse_int("WORLD_SIZE", world, 1, kMaxRanks);
  const auto required = [&](const char* name) {
    const char* v = getenv(name);
    if (!v) throw Error(std::string(name) + ": not set, but WORLD_SIZE is " + world + " (a data-parallel worker needs "
                        "RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, as torchrun sets them)");
    return v;
  };
  env.rank = parse_int("RANK", required("RANK"), 0, env.world_size - 1);
  env.master_addr = required("MASTER_ADDR");
  if (env.master_addr.empty()) throw Error("MASTER_ADDR: expected a host name or address, found \"\"");
  env.master_port = parse_int("MASTER_PORT", required("MASTER_PORT"), 1, 65535);
  if (const char* v = getenv("LOCAL_WORLD_SIZE")) env.local_world_size = parse_int("LOCAL_WORLD_SIZE", v, 1, kMaxRanks);
  if (const char* v = getenv("LOCAL_RANK")) env.local_rank = parse_int("LOCAL_RANK", v, 0, env.local_world_size - 1);
  if (const char* v = getenv("TORCHELASTIC_USE_AGENT_STORE")) env.agent_store = std::string(v) == "True";
  if (const char* v = getenv("TORCHELASTIC_RESTART_COUNT")) {
    env.restart_count = parse_int("TORCHELASTIC_RESTART_COUNT", v, 0, kMaxRanks);
  }
  if (const char* v = getenv("GLOO_SOCKET_IFNAME")) env.socket_ifname = v;
  return env;
}

Error distributed_unavailable(const std::string& what) {
  return Error(what + ": this genzoo was built without data-parallel training (no Gloo headers were found, or "
               "-DGENZOO_DISTRIBUTED=OFF); on Debian: apt-get install libgloo-dev, then reconfigure with "
               "-DGENZOO_DISTRIBUTED=ON");
}

std::optional<DistributedEnv> distributed_env_from_environment() {
  return parse_distributed_env([](const char* name) { return std::getenv(name); });
}

#if GENZOO_HAS_GLOO

namespace {

constexpr int64_t kBucketBytes = 25 << 20;  // as DDP's bucket_cap_mb

bool is_loopback(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Runs `collective` over flat buffers of at most kBucketBytes, grouping tensors of one dtype, and copies back.
template <typename Collective>
void bucketed(const std::vector<torch::Tensor>& tensors, Collective&& collective) {
  size_t i = 0;
  while (i < tensors.size()) {
    std::vector<torch::Tensor> bucket = {tensors[i]};
    int64_t bytes = tensors[i].numel() * tensors[i].element_size();
    for (++i; i < tensors.size() && tensors[i].scalar_type() == bucket[0].scalar_type() &&
              bytes + tensors[i].numel() * tensors[i].element_size() <= kBucketBytes;
         ++i) {
      bucket.push_back(tensors[i]);
      bytes += tensors[i].numel() * tensors[i].element_size();
    }
    std::vector<torch::Tensor> views;
    for (const auto& t : bucket) views.push_back(t.reshape({-1}));
    std::vector<torch::Tensor> flat = {torch::cat(views)};  // [sum of numel]
    collective(flat);
    int64_t offset = 0;
    for (auto& t : bucket) {
      t.copy_(flat[0].narrow(0, offset, t.numel()).view_as(t));
      offset += t.numel();
    }
  }
}

}  // namespace

struct DistributedGroup::Impl {
  DistributedEnv env;
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  bool failed = false;

  std::string key(const char* kind, int rank) const {
    return std::string("genzoo/") + kind + "/" + std::to_string(rank);
  }

  // After a collective failed: every rank that gets here answers a roll call in the store; a rank that neither
  // answers within a few seconds nor posted its own failure has died or hangs.
  std::string who_failed() {
    std::string found;
    try {
      store->setTimeout(std::chrono::seconds(5));
      store->set(key("answer", env.rank), std::vector<uint8_t>{1});
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      for (int r = 0; r < env.world_size; ++r) {
        if (r == env.rank) continue;
        while (!store->check({key("answer", r)}) && !store->check({key("failed", r)}) &&
               std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (store->check({key("failed", r)})) {
          const auto message = store->get(key("failed", r));
          found += "; rank " + std::to_string(r) + " failed: " + std::string(message.begin(), message.end());
        } else if (!store->check({key("answer", r)})) {
          found += "; rank " + std::to_string(r) + " stopped responding (killed, crashed or hung)";
        }
      }
    } catch (const std::exception&) {
      return "; the rendezvous store at " + env.master_addr + ":" + std::to_string(env.master_port) +
             " is unreachable, so " + (env.agent_store ? "the launcher hosting it" : "rank 0, which hosts it,") +
             " has stopped";
    }
    return found.empty() ? "; every rank answered, so the cause is above" : found;
  }

  // Runs one collective and returns the seconds it took; a failure becomes an error naming the rank responsible.
  template <typename Start>
  double run(const char* what, Start&& start) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      start()->wait();
    } catch (const std::exception& e) {
      failed = true;
      const auto cause = first_line(e.what());
      throw Error("data-parallel training stopped (" + std::string(what) + " failed: " + cause + ")" + who_failed());
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
};

DistributedGroup::DistributedGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

DistributedGroup::~DistributedGroup() {
  // A group whose peers vanished may block in its destructor (worker threads waiting on dead sockets): a failed
  // process is about to exit, so its group is left to the exit rather than torn down.
  if (impl_ && impl_->failed) {
    (void)impl_->group.release();
    (void)impl_->store.release();
    (void)impl_.release();
  }
}

int DistributedGroup::rank() const { return impl_->env.rank; }
int DistributedGroup::world_size() const { return impl_->env.world_size; }
int DistributedGroup::local_world_size() const { return impl_->env.local_world_size; }

void DistributedGroup::sum(const std::vector<torch::Tensor>& tensors) {
  bucketed(tensors, [&](std::vector<torch::Tensor>& flat) {
    comm_seconds_ += impl_->run("all-reduce", [&] { return impl_->group->allreduce(flat); });
  });
}

void DistributedGroup::broadcast(const std::vector<torch::Tensor>& tensors) {
  bucketed(tensors, [&](std::vector<torch::Tensor>& flat) {
    comm_seconds_ += impl_->run("broadcast from rank 0", [&] { return impl_->group->broadcast(flat); });
  });
}

void DistributedGroup::post_failure(const std::string& message) noexcept {
  try {
    impl_->failed = true;
    impl_->store->setTimeout(std::chrono::seconds(2));
    impl_->store->set(impl_->key("failed", impl_->env.rank), std::vector<uint8_t>(message.begin(), message.end()));
  } catch (...) {  // the store is gone too: the other ranks will say this rank stopped responding
  }
}

bool distributed_available() { return true; }

namespace {

// LibTorch's TCPStore waits without a deadline on a server that accepts the connection and never answers, so the
// store is built on a thread of its own and given up once the timeout (plus a grace for its own retries) has
// passed; that thread stays blocked until the process ends, which the error then brings about.
c10::intrusive_ptr<c10d::TCPStore> store_within(const std::string& addr, const c10d::TCPStoreOptions& options,
                                                std::chrono::milliseconds timeout) {
  auto promise = std::make_shared<std::promise<c10::intrusive_ptr<c10d::TCPStore>>>();
  auto future = promise->get_future();
  std::thread([promise, addr, options] {
    try {
      promise->set_value(c10::make_intrusive<c10d::TCPStore>(addr, options));
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  }).detach();
  if (future.wait_for(timeout + std::chrono::seconds(5)) != std::future_status::ready) {
    throw std::runtime_error("no answer within " + std::to_string(timeout.count() / 1000) +
                             " s although the port accepted the connection");
  }
  return future.get();
}

}  // namespace

std::unique_ptr<DistributedGroup> connect(const DistributedEnv& env) {
  auto impl = std::make_unique<DistributedGroup::Impl>();
  impl->env = env;
  const std::string where = env.master_addr + ":" + std::to_string(env.master_port);
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<uint16_t>(env.master_port);
    options.isServer = !env.agent_store && env.rank == 0;
    // Every rank says how many there are, as PyTorch's rendezvous does: rank 0's server waits until all have
    // counted themselves in, and a client that is not told never does.
    if (!env.agent_store) options.numWorkers = static_cast<size_t>(env.world_size);
    options.timeout = env.timeout;
    auto tcp = store_within(env.master_addr, options,
                            std::chrono::duration_cast<std::chrono::milliseconds>(env.timeout));
    impl->store = tcp;
    if (env.agent_store) {
      impl->store = c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + std::to_string(env.restart_count), tcp);
    }
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(env.rank) + ": cannot join the rendezvous store at " + where + " (" +
                first_line(e.what()) + "); check MASTER_ADDR and MASTER_PORT, and that rank 0 is running");
  }
  try {
    auto options = c10d::ProcessGroupGloo::Options::create(env.timeout);
    if (!env.socket_ifname.empty()) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(env.socket_ifname));
    } else if (is_loopback(env.master_addr)) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    options->threads = 2;
    impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, env.rank, env.world_size, options);
  } catch (const std::exception& e) {
    throw Error("rank " + std::to_string(env.rank) + " of " + std::to_string(env.world_size) +
                ": cannot form the Gloo process group through " + where + " (" + first_line(e.what()) +
                "); every rank must start within the timeout" +
                (env.socket_ifname.empty() ? std::string(", and GLOO_SOCKET_IFNAME may name the interface to use")
                                           : std::string()));
  }
  return std::make_unique<DistributedGroup>(std::move(impl));
}

#else  // built without Gloo

struct DistributedGroup::Impl {};
DistributedGroup::DistributedGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DistributedGroup::~DistributedGroup() = default;
int DistributedGroup::rank() const { return 0; }
int DistributedGroup::world_size() const { return 1; }
int DistributedGroup::local_world_size() const { return 1; }
void DistributedGroup::sum(const std::vector<torch::Tensor>&) {}
void DistributedGroup::broadcast(const std::vector<torch::Tensor>&) {}
void DistributedGroup::post_failure(const std::string&) noexcept {}

bool distributed_available() { return false; }

std::unique_ptr<DistributedGroup> connect(const DistributedEnv&) {
  throw distributed_unavailable("data-parallel training (WORLD_SIZE > 1)");
}

#endif

}  // namespace genzoo
