"""The index a check builds (`build_check_index`) summarizes only the modules that can change a
finding: in a tree where TensorFlow is a small part, the rest is left out, and what a checked
module sees of the project is what an index over every module shows."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hybridlint.engine import mentions_tensorflow
from hybridlint.project import build_index
from hybridlint.selection import build_check_index, scan_module
from hybridlint.settings import Settings

MODEL = """\
import tensorflow as tf
from .helpers import log_metrics


@tf.function
def train_step(x, step):
    log_metrics(x)
    return x * 2


class Trainer:
    @tf.function
    def step(self, x, lr):
        return x * lr
"""
# never names TensorFlow, but a traced function calls it: on the import path of the TF part
HELPERS = """\
from .formatting import fmt


def log_metrics(x):
    print(fmt("loss"), x)
"""
FORMATTING = """\
def fmt(name):
    return name.upper()
"""
# never names TensorFlow, imports the TF part: its loop is a caller of `train_step`
SCRIPT = """\
from pkg.model import train_step


def main(xs):
    for i, x in enumerate(xs):
        train_step(x, i)
"""
# reaches a tf.function method only through a factory: jedi answers `t.step`
FACTORY = """\
from pkg.model import Trainer


def make():
    return Trainer()
"""
LOOP = """\
from pkg.factory import make


def run(xs):
    t = make()
    for i, x in enumerate(xs):
        t.step(x, i * 0.1)
"""
# a class named like a Keras model in a module without TensorFlow, and a module that subclasses it
BASE = """\
class BaseModel(object):
    def call(self, x):
        return x
"""
SUB = """\
from pkg.base import BaseModel


class Mine(BaseModel):
    def call(self, x):
        print(x)
        return x
"""
# the rest of the monorepo: never names TensorFlow, imports nothing of the TF part, imported by none of it
VIEWS = """\
from web.db import query


def index(request):
    for row in query("select 1"):
        print(row)
"""
DB = """\
def query(sql):
    return [sql]
"""
FILES = {
    "pkg/__init__.py": "",
    "pkg/model.py": MODEL,
    "pkg/helpers.py": HELPERS,
    "pkg/formatting.py": FORMATTING,
    "pkg/script.py": SCRIPT,
    "pkg/factory.py": FACTORY,
    "pkg/loop.py": LOOP,
    "pkg/base.py": BASE,
    "pkg/sub.py": SUB,
    "web/__init__.py": "",
    "web/views.py": VIEWS,
    "web/db.py": DB,
    **{f"web/page{i}.py": f"from web.views import index\n\n\ndef page{i}(request):\n    return index(request)\n" for i in range(5)},
}
WEB = [rel for rel in FILES if rel.startswith("web/")]


def _write(root: Path, files=FILES):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return [str(root / rel) for rel in sorted(files)]


def _checked(index, root: Path):
    """The links of the modules a check parses (they name TensorFlow or reach graph code)."""
    out = {}
    for rel in index.summaries:
        link = index.link_for(rel)
        if link.reaches_graph_code or mentions_tensorflow((root / rel).read_text(encoding="utf-8"), Settings()):
            out[rel] = dataclasses.asdict(link)
    return out


def test_modules_apart_from_the_tf_part_are_not_summarized(tmp_path):
    files = _write(tmp_path)
    index = build_check_index(tmp_path, files)
    assert index.stats["modules"] == len(FILES)
    assert not set(WEB) & set(index.summaries)
    # on the import path (two hops from the tf.function), an importer, a caller through a factory,
    # and a class hierarchy named like Keras: all summarized
    for rel in ("pkg/model.py", "pkg/helpers.py", "pkg/formatting.py", "pkg/script.py", "pkg/factory.py", "pkg/loop.py", "pkg/sub.py"):
        assert rel in index.summaries, rel
    assert index.stats["files"] == len(index.summaries) == len(FILES) - len(WEB)


def test_checked_modules_see_what_an_index_of_every_module_shows(tmp_path):
    files = _write(tmp_path)
    selected = build_check_index(tmp_path, files)
    whole = build_index(tmp_path, files)
    assert _checked(selected, tmp_path) == _checked(whole, tmp_path)
    # and the facts behind them: the helper two hops away is traced, the loops are callers
    link = selected.link_for("pkg/helpers.py")
    assert "log_metrics" in link.incoming
    callers = selected.link_for("pkg/model.py").callers
    assert {c.place.path for c in callers["train_step"]} >= {"pkg/script.py"}
    assert {c.place.path for c in callers["Trainer.step"]} == {"pkg/loop.py"}
    assert selected.link_for("pkg/sub.py").classes == whole.link_for("pkg/sub.py").classes != {}


def test_a_tree_that_is_mostly_tensorflow_is_indexed_whole(tmp_path):
    files = _write(tmp_path, {k: v for k, v in FILES.items() if not k.startswith("web/")})
    index = build_check_index(tmp_path, files)
    assert index.stats["files"] == index.stats["modules"] == len(files)


def test_the_scan_finds_relative_parenthesized_and_chained_imports():
    text = (
        "from . import sibling\n"
        "from ..core import (alpha,  # a comment (with a parenthesis)\n    beta as b)\n"
        "import pkg.sub as ps, other\n"
        "x = ps.deep.name(1)\n"
        "if True: import late\n"
        "class Mine(ps.layers.Base):\n    pass\n"
        "ACTS = {'a': other.act}\n"
    )
    scan = scan_module(text, "pkg/a/m.py", "pkg.a.m", "pkg.a", Settings())
    assert scan.bindings["sibling"] == {"pkg.a.sibling"}
    assert scan.bindings["alpha"] == {"pkg.core.alpha"} and scan.bindings["b"] == {"pkg.core.beta"}
    assert scan.bindings["ps"] == {"pkg.sub"} and "other" in scan.bindings and "late" in scan.bindings
    assert "pkg.sub.deep.name" in scan.dotted
    # what a module kept only so that names resolve must still resolve: its class bases and function dicts
    assert {"ps", "other"} <= scan.structural
    assert "pkg.sub.layers.Base" in scan.chains["ps"] and "other.act" in scan.chains["other"]
    assert not scan.tensorflow and not scan.unreadable
