#pragma once
/// Data-parallel training across processes and machines on LibTorch's c10d: a TCPStore rendezvous and a Gloo process
/// group, configured from the environment variables torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE,
/// MASTER_ADDR, MASTER_PORT; GLOO_SOCKET_IFNAME picks the network interface). Built only where LibTorch's Gloo
/// headers are present (CMake option GENZOO_DISTRIBUTED); elsewhere connect() is an error saying how to enable it.
///
///   if (auto env = genzoo::distributed_env_from_environment()) {   // started by torchrun or `genzoo train --nproc`
///     auto group = genzoo::connect(*env);                          // every rank blocks here until all have joined
///     run_options.parallel = group.get();                          // run/run.h
///   }
#include "core/error.h"
#include "distributed/data_parallel.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace genzoo {

/// Where this process stands in a data-parallel job.
struct DistributedEnv {
  int rank = 0;
  int world_size = 1;
  int local_rank = 0;
  int local_world_size = 1;
  /// The rendezvous store's host and port: rank 0's, or torchrun's agent's.
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  /// TORCHELASTIC_USE_AGENT_STORE: the launcher (torchrun, or `genzoo train --nproc`) hosts the store and the ranks
  /// join it as clients under the prefix /worker/attempt_<restart_count>; otherwise rank 0 hosts it.
  bool agent_store = false;
  int restart_count = 0;
  /// GLOO_SOCKET_IFNAME: the interface Gloo binds to; empty: loopback when MASTER_ADDR is, else this host's name.
  std::string socket_ifname;
  /// How long a collective or the rendezvous may wait for the other ranks before this rank gives up.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
};

/// Reads torchrun's variables through `getenv`; std::nullopt when WORLD_SIZE is unset or 1 (one process). A
/// variable that is set but malformed is an error naming it, what was expected and what was found.
std::optional<DistributedEnv> parse_distributed_env(const std::function<const char*(const char*)>& getenv);
/// The same from this process's environment.
std::optional<DistributedEnv> distributed_env_from_environment();

/// Whether this genzoo was built with data-parallel training (c10d with Gloo).
bool distributed_available();
/// The error for asking `what` of a genzoo built without it, saying how to enable it.
Error distributed_unavailable(const std::string& what);

/// A rank's membership of a Gloo process group.
class DistributedGroup : public DataParallel {
 public:
  ~DistributedGroup() override;
  int rank() const override;
  int world_size() const override;
  int local_world_size() const override;
  void sum(const std::vector<torch::Tensor>& tensors) override;
  void broadcast(const std::vector<torch::Tensor>& tensors) override;
  /// Tells the other ranks, through the store, why this rank is stopping (they name it in their error).
  void post_failure(const std::string& message) noexcept;

  struct Impl;
  explicit DistributedGroup(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

/// Joins the rendezvous and builds the process group; blocks until every rank has joined or env.timeout passes.
std::unique_ptr<DistributedGroup> connect(const DistributedEnv& env);

}  // namespace genzoo
