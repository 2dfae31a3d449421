"""Related locations point at the code they name (the ecosystem's reviewers check them)."""

from __future__ import annotations

from hybridlint.engine import check_source
from hybridlint.settings import Settings

# The tests run in preview mode (every rule on), so tier changes do not touch them.
MODE = Settings(preview=True)

BRANCHES = """\
import tensorflow as tf


def solve(x, batched):
    if batched:
        @tf.function
        def run(t):
            return tf.square(t)

        result = run(x)
    else:
        @tf.function
        def run(t):
            return tf.reduce_sum(t)

        result = run(x)
    return result
"""


def test_hyb003_names_the_call_of_each_branch_own_def():
    result = check_source(BRANCHES, "solve.py", MODE)
    found = sorted(
        (f.span.line, [r.span.line for r in f.related if r.message == "its only call in each run"])
        for f in result.findings
        if f.code == "HYB003"
    )
    # the decorators at lines 6 and 12, the calls of their defs at lines 10 and 16
    assert found == [(6, [10]), (12, [16])], found


SWITCH = """\
import tensorflow as tf


def update(x):
    return x * 2


def train(use_graph, data):
    if use_graph:
        step = tf.function(update)
    else:
        step = update
    for x in data:
        step(x)


for _ in range(5):
    train(True, [tf.ones([2])] * 3)
"""


def test_hyb003_a_rebinding_in_the_other_branch_does_not_hide_the_calls():
    result = check_source(SWITCH, "train.py", MODE)
    found = [f.span.line for f in result.findings if f.code == "HYB003"]
    assert found == [10], [(f.span.line, f.message) for f in result.findings]
