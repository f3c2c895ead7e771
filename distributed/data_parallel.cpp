#include "distributed/data_parallel.h"

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"

#include <torch/torch.h>

#include <cstring>

namespace genzoo {

std::string DataParallel::broadcast_bytes(const std::string& bytes) {
  auto size = torch::tensor({static_cast<int64_t>(rank() == 0 ? bytes.size() : 0)}, torch::kInt64);
  broadcast({size});
  auto buffer = torch::empty({size.item<int64_t>()}, torch::kUInt8);
  if (rank() == 0 && !bytes.empty()) std::memcpy(buffer.data_ptr(), bytes.data(), bytes.size());
  broadcast({buffer});
  return std::string(static_cast<const char*>(buffer.data_ptr()), static_cast<size_t>(buffer.numel()));
}

double DataParallel::take_comm_seconds() {
  const double s = comm_seconds_;
  comm_seconds_ = 0;
  return s;
}

Shard shard_of(int64_t n, int rank, int world) {
  if (world < 1 || rank < 0 || rank >= world) {
    throw Error("rank " + std::to_string(rank) + " of " + std::to_string(world) + ": not a rank of the group");
  }
  if (n < world) {
    throw Error("batch: " + std::to_string(n) + " images cannot be split over " + std::to_string(world) +
                " processes (each needs at least one); use a larger --batch-size or fewer processes");
  }
  const int64_t base = n / world, extra = n % world;
  return {rank * base + std::min<int64_t>(rank, extra), base + (rank < extra ? 1 : 0)};
}

torch::Tensor shard_indices(BatchSampler& sampler, int64_t epoch, int64_t step_in_epoch, int rank, int world) {
  auto global = sampler.indices(epoch, step_in_epoch);  // [B], the same on every rank
  const auto mine = shard_of(global.size(0), rank, world);
  return global.narrow(0, mine.begin, mine.size);
}

void average_gradients(DataParallel& group, const std::vector<torch::Tensor>& parameters, int64_t local_n,
                       int64_t global_n) {
  std::vector<torch::Tensor> grads;
  for (const auto& p : parameters) {
    if (p.grad().defined()) grads.push_back(p.grad());
  }
  const int world = group.world_size();
  // Weighting by the shard's size only when the split is uneven keeps the even case an exact sum-then-divide.
  const double weight = static_cast<double>(local_n * world) / static_cast<double>(global_n);
  if (local_n * world != global_n) {
    for (auto& g : grads) g.mul_(weight);
  }
  group.sum(grads);
  for (auto& g : grads) g.div_(world);
}

void average_values(DataParallel& group, std::vector<double>& values, int64_t local_n, int64_t global_n) {
  auto t = torch::tensor(values, torch::kFloat64).mul_(static_cast<double>(local_n) / global_n);  // [n]
  group.sum({t});
  for (size_t i = 0; i < values.size(); ++i) values[i] = t[static_cast<int64_t>(i)].item<double>();
}

void average_buffers(DataParallel& group, torch::nn::Module& module) {
  std::vector<torch::Tensor> buffers;
  for (auto& b : module.buffers()) {
    if (b.is_floating_point()) buffers.push_back(b);
  }
  if (buffers.empty()) return;
  torch::NoGradGuard no_grad;
  group.sum(buffers);
  for (auto& b : buffers) b.div_(group.world_size());
}

std::string state_digest(const torch::nn::Module& module) {
  std::string bytes;
  const auto add = [&](const std::string& name, const torch::Tensor& t) {
    const auto c = t.detach().to(torch::kCPU).contiguous();
    bytes += name + '\0';
    bytes.append(static_cast<const char*>(c.data_ptr()), c.numel() * c.element_size());
  };
  for (const auto& p : module.named_parameters()) add(p.key(), p.value());
  for (const auto& b : module.named_buffers()) add(b.key(), b.value());
  return sha256_hex(bytes);
}

std::string check_same_state(DataParallel& group, const torch::nn::Module& module) {
  const auto digest = state_digest(module);
  const auto reference = group.broadcast_bytes(digest);
  auto differs = torch::zeros({group.world_size()}, torch::kFloat64);  // [world]: 1 where a rank differs
  if (digest != reference) differs[group.rank()] = 1.0;
  group.sum({differs});
  std::vector<std::string> differing;
  for (int r = 0; r < group.world_size(); ++r) {
    if (differs[r].item<double>() > 0) differing.push_back(std::to_string(r));
  }
  const std::string ranks = join(differing);
  if (!ranks.empty()) {
    throw Error("data-parallel ranks disagree: the parameters or buffers of rank(s) " + ranks +
                " differ from rank 0's (sha256 " + reference + ")");
  }
  return digest;
}

}  // namespace genzoo
