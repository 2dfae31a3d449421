"""Loop analysis (`hybridlint.loops`) as the retracing rule shows it: a slice whose bounds are computed
apart in the loop body is a fixed-width window only when the bounds' difference is shown not to change."""

from __future__ import annotations

import pytest

from hybridlint.engine import check_source
from hybridlint.registry import rules_by_code
from hybridlint.settings import Settings

HEAD = (
    "import tensorflow as tf\n\n"
    "class Model:\n"
    "    @tf.function\n"
    "    def step(self, x):\n"
    "        return tf.reduce_sum(x)\n\n"
    "    def run(self, x, bs, flag):\n"
    "        a = 0\n"
)


def severities(body: str):
    result = check_source(HEAD + body, "pkg/model.py", Settings(preview=True), [rules_by_code()["HYB002"]])
    return [f.severity.name.lower() for f in result.findings]


@pytest.mark.parametrize(
    "body",
    [
        # the difference is `bs` through `int()`, a product expanded, a bound built from the other
        "        for j in range(10):\n            lo = int(bs * j)\n            hi = int(bs * (j + 1))\n"
        "            self.step(x[lo:hi])\n",
        "        for j in range(10):\n            lo = j * bs\n            hi = lo + bs\n            self.step(x[lo:hi])\n",
        # a bound bound only after the slice is the value the iteration started with, in both bounds
        "        for j in range(10):\n            self.step(x[a:a + bs])\n            a = a + bs\n",
        # `min(end, n)`: the width is `bs` except where the data end
        "        for j in range(10):\n            lo = j * bs\n            hi = min(lo + bs, len(x))\n"
        "            self.step(x[lo:hi])\n",
        # the single-name path: `b = a + bs` before the slice, nothing it reads rebound in between
        "        for j in range(10):\n            b = a + bs\n            self.step(x[a:b])\n            a = j * bs\n",
        # ... or after it, read in the next iteration, where `a` still holds (its rebinding comes first)
        "        b = bs\n        for j in range(10):\n            self.step(x[a:b])\n            a = j * bs + bs\n"
        "            b = a + bs\n",
    ],
)
def test_bounds_apart_with_an_invariant_difference_are_one_extra_trace_at_most(body):
    assert severities(body) == ["hint"]


@pytest.mark.parametrize(
    "body",
    [
        # the difference grows with the loop
        "        for j in range(10):\n            lo = int(bs * j)\n            hi = int(bs * j + j)\n"
        "            self.step(x[lo:hi])\n",
        # a bound rebound in a branch: which value the slice sees is not known
        "        for j in range(10):\n            lo = j * bs\n            if flag:\n                lo = 0\n"
        "            hi = j * bs + bs\n            self.step(x[lo:hi])\n",
        # `int()` of a fractional step: the widths alternate, the bounds are not compared
        "        for j in range(10):\n            lo = int(2.5 * j)\n            hi = int(2.5 * j + 2.5)\n"
        "            self.step(x[lo:hi])\n",
        # a bound drawn at random in the loop
        "        import random\n        for j in range(10):\n            lo = j * bs\n"
        "            hi = lo + random.randint(1, 5)\n            self.step(x[lo:hi])\n",
        # the single-name path in statement order: `b` is `a + bs` only until `a` moves on
        "        import random\n        for j in range(10):\n            b = a + bs\n"
        "            a = random.randint(0, 9)\n            self.step(x[a:b])\n",
        # a bound bound after the slice, read in the next iteration, after what it reads has moved on
        "        import random\n        b = bs\n        for j in range(10):\n            self.step(x[a:b])\n"
        "            b = a + bs\n            a = random.randint(0, 9)\n",
    ],
)
def test_bounds_apart_whose_difference_may_change_still_warn(body):
    assert severities(body) == ["warning"]
