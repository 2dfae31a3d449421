"""The shipped list of TensorFlow-1-only names (hybridlint/data/tf1_only.txt) is what TensorFlow's own upgrade
script and the installed TensorFlow 2 give today (tools/tf1_names.py --check)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hybridlint.data import tf1_only_names

from .harness import REPO, tf_python


def test_the_list_matches_tensorflow():
    python = tf_python()
    if python is None:
        pytest.skip("TensorFlow oracle unavailable: no TensorFlow interpreter")
    env = dict(os.environ, HYBRIDLINT_TF_PYTHON=python)
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "tf1_names.py"), "--check"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_renamed_name_is_tensorflow_1_only_and_its_new_spelling_is_not():
    names = tf1_only_names()
    assert "tensorflow.matrix_set_diag" in names and "tensorflow.Session" in names
    assert "tensorflow.linalg.set_diag" not in names and "tensorflow.function" not in names
