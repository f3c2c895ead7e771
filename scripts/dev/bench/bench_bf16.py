#!/usr/bin/python3
"""bfloat16 mixed precision on this CPU: the twin's training steps (tools/bench/twin.py, the same LibTorch kernels as
genzoo) in float32 and under CPU autocast to bfloat16 (float32 master weights and losses), side by side in
interleaved rounds. Prints images/s per model and precision, and whether the CPU reports AVX512_BF16/AMX-BF16, the
instructions that make bfloat16 fast; without them oneDNN emulates it.

  /usr/bin/python3 scripts/dev/bench/bench_bf16.py [--rounds 3] [--steps 20] [model ...]   (default: gan wgan-gp beta-vae)
"""
import argparse
import contextlib
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools", "bench"))
from twin import SETUPS  # noqa: E402


def images_per_s(model, steps, bf16):
    torch.manual_seed(0)
    step, _, batch, (low, _), _ = SETUPS[model](None, None)  # the recipe's lr and critic updates
    x = torch.rand(batch, 1, 28, 28) * (1 - low) + low  # any images in the model's range: speed only
    autocast = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    for i in range(3):
        with autocast:
            step(x, i)
    start = time.perf_counter()
    for i in range(3, 3 + steps):
        with autocast:
            step(x, i)
    return steps * batch / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=["gan", "wgan-gp", "beta-vae"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    flags = next((l.split(":", 1)[1].split() for l in open("/proc/cpuinfo") if l.startswith("flags")), [])
    bf16_flags = [f for f in flags if "bf16" in f]
    results = {}
    for _ in range(args.rounds):
        for model in args.models:
            for bf16 in (False, True):
                results.setdefault((model, bf16), []).append(images_per_s(model, args.steps, bf16))
    print(f"CPU bfloat16 instructions: {', '.join(bf16_flags) or 'none'}; torch {torch.__version__}, "
          f"{args.threads} threads")
    rows = []
    for model in args.models:
        f32, b16 = statistics.median(results[(model, False)]), statistics.median(results[(model, True)])
        rows.append({"model": model, "float32": f32, "bf16_autocast": b16, "ratio": b16 / f32})
        print(f"{model:<9} float32 {f32:8.1f} img/s   bf16 autocast {b16:8.1f} img/s   bf16/float32 {b16 / f32:.2f}x")
    print(json.dumps({"bf16_flags": bf16_flags, "rows": rows}))


if __name__ == "__main__":
    main()
