"""HYB030's signature table against the installed TensorFlow, and its version logic."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from hybridlint.settings import Settings
from hybridlint.engine import check_source
from hybridlint.registry import find_rule

from .harness import tf_python

from hybridlint.rules import hyb030_non_string_name_argument as hyb030

READ_POSITIONS = """
import inspect, json, sys
import tensorflow as tf
found = {}
for qualname in json.load(sys.stdin):
    obj = tf
    try:
        for part in qualname.split(".")[1:]:
            obj = getattr(obj, part)
        params = list(inspect.signature(obj).parameters)
    except (AttributeError, ValueError, TypeError) as error:
        found[qualname] = repr(error)
        continue
    found[qualname] = params.index("name") if "name" in params else None
print(json.dumps(found))
"""


@pytest.mark.needs("tensorflow")
def test_table_matches_the_installed_tensorflow():
    python = tf_python()
    if python is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no TensorFlow interpreter")
        pytest.skip("no TensorFlow interpreter")
    names = sorted(hyb030.NAME_POSITIONS)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run(
        [python, "-c", READ_POSITIONS], input=json.dumps(names), capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    wrong = {n: (found.get(n), hyb030.NAME_POSITIONS[n][-1][1]) for n in names if found.get(n) != hyb030.NAME_POSITIONS[n][-1][1]}
    assert not wrong, f"(installed, table) positions of `name` differ: {wrong}"


def test_a_moved_name_is_used_only_where_every_supported_release_agrees(monkeypatch):
    history = (((2, 0), 2), ((2, 10), 3))
    monkeypatch.setitem(hyb030.NAME_POSITIONS, "tensorflow.example_op", history)
    assert hyb030.name_position("tensorflow.example_op", Settings()) == 3
    assert hyb030.name_position("tensorflow.example_op", Settings(target_tensorflow=(2, 12))) == 3
    assert hyb030.name_position("tensorflow.example_op", Settings(target_tensorflow=(2, 4))) is None
    assert hyb030.name_position("tensorflow.not_in_table", Settings()) is None


def test_a_keyword_name_or_a_variable_is_not_flagged():
    code = (
        "import tensorflow as tf\n\n"
        "@tf.function\n"
        "def f(x, label):\n"
        "    return tf.sqrt(x, label) + tf.abs(x, name='a') + tf.exp(x, None)\n"
    )
    result = check_source(code, "m.py", Settings(preview=True), [find_rule("HYB030")])  # whatever its tier
    assert [f.code for f in result.findings] == []
