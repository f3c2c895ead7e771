// FusedAdam (optim/adam.h): the one-pass step against LibTorch's Adam, shared state, checkpoints, fallbacks.
#include <genzoo/all.h>

#include "fixtures.h"

#include <catch2/catch.hpp>

#include <vector>

using namespace genzoo;

namespace {

// The VAE's parameter shapes, odd sizes included, with requires_grad.
std::vector<torch::Tensor> make_params(uint64_t seed) {
  torch::manual_seed(seed);
  std::vector<torch::Tensor> params;
  for (auto shape : std::vector<std::vector<int64_t>>{{400, 784}, {400}, {20, 400}, {20}, {784, 400}, {7, 3}}) {
    params.push_back(torch::randn(shape).requires_grad_());
  }
  return params;
}

std::vector<torch::Tensor> copies(const std::vector<torch::Tensor>& params) {
  std::vector<torch::Tensor> out;
  for (const auto& p : params) out.push_back(p.detach().clone().requires_grad_());
  return out;
}

// The same random gradient for every copy at each step.
void set_grads(std::vector<std::vector<torch::Tensor>*> sets, int64_t step) {
  torch::manual_seed(1000 + step);
  for (size_t i = 0; i < sets[0]->size(); ++i) {
    auto g = torch::randn_like((*sets[0])[i]);
    for (auto* set : sets) (*set)[i].mutable_grad() = g.clone();
  }
}

double max_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
  return worst;
}

// Two copies of the same parameters, one under LibTorch's Adam and one under FusedAdam, fed the same gradients.
struct SideBySide {
  std::vector<torch::Tensor> reference, fused;
  torch::optim::Adam torch_adam;
  FusedAdam adam;

  SideBySide(uint64_t seed, const torch::optim::AdamOptions& options)
      : reference(make_params(seed)), fused(copies(reference)), torch_adam(reference, options), adam(fused, options) {}
  void set_grads(int64_t step) { ::set_grads({&reference, &fused}, step); }
};

}  // namespace

TEST_CASE("FusedAdam takes the one-pass path and matches torch::optim::Adam to float rounding", "[adam]") {
  test::ScopedEnv on("GENZOO_FUSED_ADAM", nullptr);
  SideBySide run(1, adam_options(2e-4, 0.5, 0.999));
  for (int64_t step = 0; step < 30; ++step) {
    run.set_grads(step);
    REQUIRE(run.adam.takes_fused_path());
    run.torch_adam.step();
    run.adam.step();
  }
  CHECK(max_difference(run.reference, run.fused) < 1e-6);
  CHECK(max_difference(run.reference, make_params(1)) > 1e-3);  // the parameters did move
}

TEST_CASE("FusedAdam's step runs its closure before looking at the gradients", "[adam]") {
  test::ScopedEnv on("GENZOO_FUSED_ADAM", nullptr);
  SideBySide run(6, adam_options(1e-3, 0.9, 0.999));
  // The closures make the gradients: none exist when step() is called.
  auto closure = [](std::vector<torch::Tensor>& params) {
    return [&params] {
      torch::Tensor loss = torch::zeros({});
      for (const auto& p : params) loss = loss + p.pow(2).sum();
      loss.backward();
      return loss;
    };
  };
  for (int64_t step = 0; step < 5; ++step) {
    const auto reference_loss = run.torch_adam.step(closure(run.reference));
    const auto loss = run.adam.step(closure(run.fused));
    REQUIRE(loss.defined());
    CHECK(loss.item<double>() == Approx(reference_loss.item<double>()).epsilon(1e-6));
    REQUIRE(run.adam.takes_fused_path());
    run.adam.clear_grads();
    run.torch_adam.zero_grad();
  }
  CHECK(run.adam.state().size() == run.fused.size());
  CHECK(max_difference(run.reference, run.fused) < 1e-6);
}

TEST_CASE("FusedAdam's steps and LibTorch's share one state", "[adam]") {
  SideBySide run(2, adam_options(1e-3, 0.9, 0.999));
  for (int64_t step = 0; step < 12; ++step) {
    run.set_grads(step);
    run.adam.set_fused(step % 2 == 0);  // a state filed under another key would restart the moments
    CHECK(run.adam.takes_fused_path() == (step % 2 == 0));
    run.torch_adam.step();
    run.adam.step();
  }
  CHECK(run.adam.state().size() == run.fused.size());
  CHECK(max_difference(run.reference, run.fused) < 1e-6);
}

TEST_CASE("FusedAdam's state survives a checkpoint", "[adam]") {
  auto straight = make_params(3);
  auto resumed = copies(straight);
  FusedAdam straight_adam(straight, adam_options(1e-3, 0.9, 0.999));
  auto first = std::make_unique<FusedAdam>(resumed, adam_options(1e-3, 0.9, 0.999));
  torch::serialize::OutputArchive out;
  for (int64_t step = 0; step < 10; ++step) {
    set_grads({&straight, &resumed}, step);
    straight_adam.step();
    first->step();
    if (step == 4) {
      write_adam(out, "adam", *first);
      first.reset();
      test::TempDir dir;
      out.save_to((dir.path / "adam.pt").string());
      torch::serialize::InputArchive in;
      in.load_from((dir.path / "adam.pt").string());
      first = std::make_unique<FusedAdam>(resumed, adam_options(1e-3, 0.9, 0.999));
      read_adam(in, "adam", *first);
    }
  }
  CHECK(max_difference(straight, resumed) == 0);
}

TEST_CASE("FusedAdam leaves what it does not fuse to LibTorch's step", "[adam]") {
  auto params = make_params(4);
  set_grads({&params}, 0);
  SECTION("weight decay") {
    FusedAdam adam(params, adam_options(1e-3, 0.9, 0.999).weight_decay(0.01));
    CHECK_FALSE(adam.takes_fused_path());
  }
  SECTION("float64 parameters") {
    std::vector<torch::Tensor> doubles{torch::randn({5, 5}, torch::kDouble).requires_grad_()};
    doubles[0].mutable_grad() = torch::ones_like(doubles[0]);
    FusedAdam adam(doubles, adam_options(1e-3, 0.9, 0.999));
    CHECK_FALSE(adam.takes_fused_path());
    auto before = doubles[0].detach().clone();
    adam.step();
    CHECK(torch::allclose(doubles[0].detach(), before - 1e-3, 1e-9, 1e-9));
  }
  SECTION("GENZOO_FUSED_ADAM=0") {
    test::ScopedEnv off("GENZOO_FUSED_ADAM", "0");
    FusedAdam adam(params, adam_options(1e-3, 0.9, 0.999));
    CHECK_FALSE(adam.takes_fused_path());
  }
}

TEST_CASE("FusedAdam clears gradients to none on its own path and to zeros on LibTorch's", "[adam]") {
  auto params = make_params(5);
  FusedAdam adam(params, adam_options(1e-3, 0.9, 0.999));
  set_grads({&params}, 0);
  adam.clear_grads();
  for (const auto& p : params) CHECK_FALSE(p.grad().defined());
  set_grads({&params}, 1);
  adam.set_fused(false);
  adam.clear_grads();
  for (const auto& p : params) {
    REQUIRE(p.grad().defined());
    CHECK(p.grad().abs().max().item<float>() == 0);
  }
}
