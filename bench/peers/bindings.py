"""Runners of our own bindings (peer 6) for bench/peers/harness.py.

prepare(lang, ctx) returns (command, extra environment) of a runner that
speaks the protocol of bench_common.h, or raises NotAvailable when
bindings/<lang> is not on this branch or its runner cannot be built here.
"""

import os

from harness import HERE, ROOT, NotAvailable


def _binding_dir(lang):
    d = os.path.join(ROOT, "bindings", lang)
    if not os.path.isdir(d) or not os.listdir(d):
        raise NotAvailable(f"bindings/{lang} is not on this branch")
    return d


def prepare(lang, ctx):
    d = _binding_dir(lang)
    raise NotAvailable(f"no runner for bindings/{lang} yet ({d})")
