#!/usr/bin/python3
"""torchrun, as Debian's python3-torch ships it, with one fix: its --redirects/--tee parser (Std.from_str in
torch/distributed/elastic/multiprocessing/api.py, 1.13) compares enum members with ints, which Python 3.11's Enum
no longer equates, so every value parses as None and torchrun fails before starting a worker ("'NoneType' object
has no attribute 'get'"). Everything else is torchrun's own code: its agent, its TCPStore, its environment.

    python3 tests/distributed/torchrun.py --nnodes 1 --nproc_per_node 2 --no_python build/genzoo train ...
"""
import re
import sys

from torch.distributed.elastic.multiprocessing import api


def from_str(vm):
    if re.fullmatch(r"[0-3]", vm):
        return api.Std(int(vm))
    return {int(i): api.Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}


if api.Std.from_str("0") is None:  # only where the bug is
    api.Std.from_str = staticmethod(from_str)

from torch.distributed.run import main  # noqa: E402

sys.exit(main())
