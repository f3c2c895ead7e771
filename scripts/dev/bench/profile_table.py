#!/usr/bin/env python3
"""Sums a LibTorch profiler trace (`genzoo bench MODEL --profile FILE`) per operator: each operator's self time (its
own time less that of the operators it called) per training step, its share of the step's wall time, and calls per
step; "between operators" is wall time no recorded operator covers (the trainer's own C++, the autograd engine's
bookkeeping). docs/performance.md's per-operator tables come from it.

  python3 scripts/dev/bench/profile_table.py trace.json --steps 200 [--top 15]
"""
import argparse
import collections
import json


def self_times(events):
    """Per operator name: (self microseconds, calls); and the microseconds covered by top-level operators."""
    by_thread = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X":
            by_thread[e["tid"]].append(e)
    own = collections.Counter()
    calls = collections.Counter()
    covered = 0.0
    for evs in by_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []  # [end, name]
        for e in evs:
            start, end = e["ts"], e["ts"] + e["dur"]
            while stack and stack[-1][0] <= start:
                stack.pop()
            if stack:
                own[stack[-1][1]] -= e["dur"]
            else:
                covered += e["dur"]
            own[e["name"]] += e["dur"]
            calls[e["name"]] += 1
            stack.append([end, e["name"]])
    return own, calls, covered


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace")
    parser.add_argument("--steps", type=int, required=True, help="timed steps the trace holds (bench --steps)")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    with open(args.trace) as f:
        events = json.load(f)
    xs = [e for e in events if e.get("ph") == "X"]
    if not xs:
        raise SystemExit(f"{args.trace}: expected profiler events (\"ph\": \"X\"), found none")
    wall = max(e["ts"] + e["dur"] for e in xs) - min(e["ts"] for e in xs)
    own, calls, covered = self_times(xs)
    per_step = lambda us: us / args.steps / 1000.0
    print(f"wall {per_step(wall):.2f} ms per step over {args.steps} steps; operators cover {100 * covered / wall:.0f}%")
    print()
    print("| operator | self ms per step | share of the step | calls per step |")
    print("|---|---:|---:|---:|")
    ranked = sorted(own.items(), key=lambda kv: -kv[1])
    for name, us in ranked[: args.top]:
        print(f"| `{name}` | {per_step(us):.2f} | {100 * us / wall:.1f}% | {calls[name] / args.steps:g} |")
    if len(ranked) > args.top:
        rest = sum(us for _, us in ranked[args.top:])
        print(f"| {len(ranked) - args.top} other operators | {per_step(rest):.2f} | {100 * rest / wall:.1f}% | |")
    print(f"| between operators | {per_step(wall - covered):.2f} | {100 * (wall - covered) / wall:.1f}% | |")


if __name__ == "__main__":
    main()
