#!/usr/bin/env python3
"""Fails when a source file includes a header from a layer above its own (docs/architecture.md).

    python3 tests/check_layers.py ROOT          # checks the tree; prints each violation; exit 1 if any
    python3 tests/check_layers.py --self-test   # a planted violation must be caught
"""
import pathlib
import re
import sys
import tempfile

LAYERS = ["core", "data", "formats", "models", "loading", "optim", "distributed", "trainers", "report", "run", "eval",
          "tools"]
# Edges the order alone would allow but the design forbids: evaluation works on loaded models, never on the training
# layers; the optimiser and data parallelism are independent of each other and of the report.
TRAINING = ("optim", "distributed", "trainers", "report", "run")
FORBIDDEN = {("eval", t) for t in TRAINING} | {("optim", "distributed")} | {("report", t) for t in TRAINING[:3]}
# The umbrella headers sit at the layer of what they gather.
UMBRELLAS = {"include/genzoo/genzoo.h": "loading", "include/genzoo/all.h": "tools"}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def layer_of_file(rel):
    if rel in UMBRELLAS:
        return UMBRELLAS[rel]
    top = rel.split("/", 1)[0]
    return top if top in LAYERS else None


def layer_of_include(name):
    if name.startswith("genzoo/"):
        return UMBRELLAS.get("include/" + name)
    top = name.split("/", 1)[0]
    return top if top in LAYERS and "/" in name else None


def violations(root):
    root = pathlib.Path(root)
    found = []
    files = [p for p in root.rglob("*") if p.suffix in (".h", ".cpp") and p.is_file()]
    for path in sorted(files):
        rel = path.relative_to(root).as_posix()
        own = layer_of_file(rel)
        if own is None:
            continue
        for name in INCLUDE.findall(path.read_text(errors="replace")):
            target = layer_of_include(name)
            if target is None:
                continue
            if LAYERS.index(target) > LAYERS.index(own) or (own, target) in FORBIDDEN:
                found.append(f"{rel}: includes {name}: layer '{own}' may not depend on '{target}'")
    return found, len(files)


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for rel, text in {"core/a.h": '#include "data/b.h"\n', "data/b.h": '#include "core/c.h"\n',
                          "core/c.h": "", "eval/d.cpp": '#include "trainers/e.h"\n', "trainers/e.h": "",
                          "eval/g.cpp": '#include "run/fit.h"\n', "run/fit.h": "",
                          "formats/h.cpp": '#include "models/vae.h"\n', "models/vae.h": "",
                          "tools/f.cpp": '#include "eval/d.h"\n#include <genzoo/all.h>\n'}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        found, _ = violations(root)
        expected = ["core/a.h: includes data/b.h", "eval/d.cpp: includes trainers/e.h", "eval/g.cpp: includes run/fit.h",
                    "formats/h.cpp: includes models/vae.h"]
        got = [f.split(": layer")[0] for f in found]
        if got != expected:
            print(f"self-test: expected {expected}, found {got}")
            return 1
    print("self-test: planted violations found")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    found, count = violations(argv[1])
    for line in found:
        print(line)
    print(f"{count} files checked, {len(found)} layer violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
