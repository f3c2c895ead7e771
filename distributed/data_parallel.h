#pragma once
/// Data-parallel training: what one process of several needs to train one model together with the others. Every
/// rank holds the whole model and takes its shard of every global batch; gradients are averaged before each
/// optimiser step, so all ranks hold the same parameters at every step. distributed/distributed.h implements the
/// collectives over c10d (Gloo); this header knows nothing of it.
///
///   genzoo::Shard mine = genzoo::shard_of(/*global batch=*/64, group.rank(), group.world_size());  // rows of it
///   loss.backward();
///   genzoo::average_gradients(group, model->parameters(), mine.size, 64);
///   optimizer.step();
#include "data/dataset.h"

#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>
#include <vector>

namespace genzoo {

/// One process among world_size() that train together. Collectives are called in the same order on every rank.
class DataParallel {
 public:
  virtual ~DataParallel() = default;
  virtual int rank() const = 0;
  virtual int world_size() const = 0;
  /// Ranks on this machine (they share its cores).
  virtual int local_world_size() const = 0;
  /// Sums each tensor over all ranks, in place; every rank gets the same bits.
  virtual void sum(const std::vector<torch::Tensor>& tensors) = 0;
  /// Rank 0's tensors, in place on every rank (same shapes everywhere).
  virtual void broadcast(const std::vector<torch::Tensor>& tensors) = 0;
  /// Rank 0's bytes on every rank (the argument is ignored elsewhere).
  std::string broadcast_bytes(const std::string& bytes);
  /// Seconds spent in collectives since the last call, waiting for slower ranks included.
  double take_comm_seconds();

 protected:
  double comm_seconds_ = 0;
};

/// A contiguous part [begin, begin + size) of n rows.
struct Shard {
  int64_t begin = 0;
  int64_t size = 0;
};

/// Rank `rank`'s part of n rows: n / world each, the first n % world ranks one more. Throws when n < world.
Shard shard_of(int64_t n, int rank, int world);

/// The dataset indices rank `rank` trains on at batch `step_in_epoch` of `epoch`: its shard of the global batch,
/// which is the same on every rank (seeded by epoch), so the shards of an epoch are disjoint and together are the
/// one-process epoch.
torch::Tensor shard_indices(BatchSampler& sampler, int64_t epoch, int64_t step_in_epoch, int rank, int world);

/// This rank's rows of noise drawn for the whole global batch: `draw(global_n)` runs on every rank, so the random
/// stream stays the same on all ranks and the rows are those one process with the global batch would draw.
template <typename Draw>
torch::Tensor shard_rows(const Shard& shard, int64_t global_n, Draw&& draw) {
  return draw(global_n).narrow(0, shard.begin, shard.size);
}

/// Replaces each gradient by the mean-loss gradient over the global batch: sum over ranks of
/// (local_n / global_n) · local gradient. With an even split that is the plain average. Parameters without a
/// gradient are skipped (the same ones on every rank, since every rank runs the same graph).
void average_gradients(DataParallel& group, const std::vector<torch::Tensor>& parameters, int64_t local_n,
                       int64_t global_n);

/// Weighted means over ranks of named values measured on local_n of global_n images (losses), in place.
void average_values(DataParallel& group, std::vector<double>& values, int64_t local_n, int64_t global_n);

/// Averages the floating-point buffers (BatchNorm running statistics) over ranks: batch statistics are per rank
/// during a step, as in PyTorch DDP without SyncBatchNorm; their running averages are made one before a checkpoint,
/// a score or a sample grid.
void average_buffers(DataParallel& group, torch::nn::Module& module);

/// SHA-256 (hex) over the names and bytes of every parameter and buffer.
std::string state_digest(const torch::nn::Module& module);

/// Throws on every rank unless all ranks hold bit-identical parameters and buffers, naming the ranks that differ
/// from rank 0. Returns the digest.
std::string check_same_state(DataParallel& group, const torch::nn::Module& module);

}  // namespace genzoo
