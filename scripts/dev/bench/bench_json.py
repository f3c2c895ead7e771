"""The JSON the bench_*.sh scripts keep under docs/bench/: a tag for each measurement line, and the file they write.

  "$genzoo" bench vae ... | python3 scripts/dev/bench/bench_json.py tag '{"round": 2}'   # the line with those fields added
  from bench_json import write_bench                                         # (PYTHONPATH=scripts)
  write_bench("docs/bench/x.json", summary, rows)   # rows: genzoo bench's JSON lines (their matmul_gflops)
"""
import json
import os
import platform
import statistics
import sys


def machine_facts(rows):
    cpuinfo = open("/proc/cpuinfo").read().splitlines()
    cpu = next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith("model name")), "?")
    flags = next((l.split(":", 1)[1].split() for l in cpuinfo if l.startswith("flags")), [])
    env = {k: v for k, v in os.environ.items()
           if k.startswith(("OPENBLAS", "OMP_", "GLIBC_TUNABLES", "MKL_", "GENZOO_"))}
    return {"cpu": cpu, "nproc": os.cpu_count(), "kernel": platform.release(), "env": env,
            "avx512": any(f.startswith("avx512") for f in flags), "avx2": "avx2" in flags,
            "matmul_gflops_2_threads": statistics.median(r["matmul_gflops"] for r in rows),
            "load_average_after": os.getloadavg()}


def write_bench(path, summary, rows):
    """Writes {"machine", "summary", "runs"} to `path` and prints the machine."""
    machine = machine_facts(rows)
    with open(path, "w") as f:
        json.dump({"machine": machine, "summary": summary, "runs": rows}, f, indent=1)
    print("machine:", json.dumps(machine), "->", path)


def tag(fields):
    line = json.load(sys.stdin)
    line.update(json.loads(fields))
    print(json.dumps(line))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "tag":
        sys.exit("usage: bench_json.py tag '{\"field\": value, ...}' < json-line")
    tag(sys.argv[2])
