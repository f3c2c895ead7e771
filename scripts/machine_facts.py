"""The machine a benchmark ran on, for the JSON files kept under docs/bench/ (imported by the bench_*.sh summaries).

  from machine_facts import machine_facts
  facts = machine_facts(rows)   # rows: genzoo bench's JSON lines (their matmul_gflops)
"""
import os
import platform
import statistics


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
