"""HYB023's message about a clock read says the time is baked into the graph only where its value is shown to
reach TensorFlow; otherwise it says the reading times the tracing."""

from __future__ import annotations

import pytest

from hybridlint.engine import check_source
from hybridlint.registry import rules_by_code
from hybridlint.settings import Settings

BAKED = "baked into the graph"
TRACING = "measures the tracing"


def messages(body: str):
    code = "import time\nimport logging\nimport tensorflow as tf\n\n@tf.function\ndef f(x):\n" + body
    result = check_source(code, "pkg/mod.py", Settings(preview=True), [rules_by_code()["HYB023"]])
    assert result.findings
    return [f.message for f in result.findings]


@pytest.mark.parametrize(
    "body",
    [
        "    return x + time.time()\n",  # the traced function's result
        "    y = tf.ones([2])\n    return y * time.time()\n",  # an operation with a tensor
        "    t = time.time()\n    t = t % 60\n    return tf.fill([2], t)\n",  # a TF op, through names bound from it
    ],
)
def test_a_clock_value_that_reaches_tensorflow_is_baked_into_the_graph(body):
    assert all(BAKED in text for text in messages(body))


@pytest.mark.parametrize(
    "body",
    [
        "    start = time.perf_counter()\n    y = x * 2\n"
        "    logging.info('took %s', time.perf_counter() - start)\n    return y\n",
        # the name is rebound to a tensor before TensorFlow reads it: that tensor is not the clock's value
        "    t = time.time()\n    print(t)\n    t = tf.constant(0.0)\n    return tf.add(t, x)\n",
    ],
)
def test_a_clock_value_only_printed_or_logged_times_the_tracing(body):
    assert all(TRACING in text and BAKED not in text for text in messages(body))
