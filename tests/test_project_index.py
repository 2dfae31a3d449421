"""The project index: module names, resolution across modules, tracing across modules, the cache,
and jedi kept to project code. Rule-level behaviour across modules is in the rules' own examples."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from hybridlint.engine import check_source
from hybridlint.project import INDEX_FORMAT, ProjectIndex, _summary_of_row, _summary_row, build_index, index_of_files, module_name, summarize
from hybridlint.settings import Settings

# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = Settings(preview=True)

MODEL = """\
import tensorflow as tf
from pkg import helpers


@tf.function
def train_step(x):
    helpers.log(tf.abs(x))
    return x * 2
"""
HELPERS = 'def log(x):\n    print("x:", x)\n'


def findings(index: ProjectIndex, root: Path, path: str, settings: Settings = MODE):
    result = check_source((root / path).read_text(encoding="utf-8"), path, settings, link=index.link_for(path))
    return [(f.code, result.source.text_of(f.span)) for f in result.findings]


# A leaf module two calls away prints a value whose tensor-ness the index does not carry that far:
# HYB006 reports it in preview only, which still shows that tracing reached the leaf.
PREVIEW = Settings(preview=True)


def test_module_names_follow_packages(tmp_path):
    (tmp_path / "src" / "pkg" / "sub").mkdir(parents=True)
    for init in ("src/pkg/__init__.py", "src/pkg/sub/__init__.py"):
        (tmp_path / init).write_text("")
    (tmp_path / "src/pkg/sub/model.py").write_text("")
    (tmp_path / "script.py").write_text("")
    assert module_name(tmp_path / "src/pkg/sub/model.py", tmp_path) == ("pkg.sub.model", (tmp_path / "src").resolve())
    assert module_name(tmp_path / "src/pkg/__init__.py", tmp_path) == ("pkg", (tmp_path / "src").resolve())
    assert module_name(tmp_path / "script.py", tmp_path) == ("script", tmp_path.resolve())


def test_helper_called_from_a_tf_function_of_another_module_is_traced(tmp_path):
    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS})
    assert findings(index, tmp_path, "pkg/helpers.py") == [("HYB006", "print")]
    trace = index.link_for("pkg/helpers.py").incoming["log"]
    assert (trace.reason, trace.caller, trace.place.path, trace.place.span.line) == ("called", "train_step", "pkg/model.py", 7)
    # without the index the helper module is not even read: it never names TensorFlow
    assert check_source(HELPERS, "pkg/helpers.py", settings=MODE).skipped


def test_tracing_follows_chains_through_modules(tmp_path):
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": MODEL,
        "pkg/helpers.py": "from pkg.io import write\n\n\ndef log(x):\n    _fmt(x)\n\n\ndef _fmt(x):\n    write(x)\n",
        "pkg/io.py": "def write(x):\n    print(x)\n",
    }
    index = index_of_files(tmp_path, files)
    assert findings(index, tmp_path, "pkg/io.py", PREVIEW) == [("HYB006", "print")]
    trace = index.link_for("pkg/io.py").incoming["write"]
    assert trace.caller == "_fmt" and trace.place.path == "pkg/helpers.py"
    # where the chain starts is named too: the tf.function two modules away
    assert (trace.origin.path, trace.origin.span.line, trace.origin_note) == (
        "pkg/model.py", 6, "`train_step` is decorated with tf.function"
    )


def test_eager_only_calls_and_py_functions_do_not_trace(tmp_path):
    model = (
        "import tensorflow as tf\nfrom pkg import helpers\n\n\n@tf.function\ndef step(x):\n"
        "    if tf.executing_eagerly():\n        helpers.log(x)\n"
        "    tf.py_function(helpers.show, [x], [])\n    return x\n"
    )
    helpers = HELPERS + "\n\ndef show(x):\n    print(x)\n"
    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": model, "pkg/helpers.py": helpers})
    assert index.link_for("pkg/helpers.py").incoming == {}
    assert findings(index, tmp_path, "pkg/helpers.py") == []


def test_a_mode_test_of_another_module_decides_a_branch(tmp_path):
    utils = (
        "def try_import_tensorflow():\n    try:\n        import tensorflow as tf\n    except ImportError:\n"
        "        return None\n    return tf\n\n\ntf = try_import_tensorflow()\n\n\n"
        "def in_tf_function():\n    if tf is None:\n        return False\n    return not tf.executing_eagerly()\n"
    )
    base = (
        "import keras\nfrom pkg.utils import in_tf_function\n\n\nclass Base(keras.layers.Layer):\n"
        "    def use_tf(self):\n        if in_tf_function():\n            return True\n"
        "        return not self.allow_python\n"
    )
    layer = (
        "from pkg.base import Base\nfrom pkg import helpers\n\n\nclass Masker(Base):\n    def call(self, x):\n"
        "        if self.use_tf():\n            return x\n        else:\n            helpers.log(x)\n        return x\n"
    )
    files = {"pkg/__init__.py": "", "pkg/utils.py": utils, "pkg/base.py": base, "pkg/layer.py": layer, "pkg/helpers.py": HELPERS}
    index = index_of_files(tmp_path, files)
    assert index.mode_test("pkg.utils.in_tf_function") == ("graph", "eager")
    assert index.mode_test("pkg.base.Base.use_tf") == (None, "eager")
    assert index.link_for("pkg/layer.py").mode_tests == {"pkg.base.Base.use_tf": (None, "eager")}
    # the call runs only when `use_tf()` is false, eagerly: `call`'s trace does not reach `log`
    assert index.link_for("pkg/helpers.py").incoming == {}
    # the same after a branch that returns
    early = layer.replace("        else:\n            helpers.log(x)\n", "        helpers.log(x)\n")
    index = index_of_files(tmp_path, {**files, "pkg/layer.py": early})
    assert index.link_for("pkg/helpers.py").incoming == {}
    # after a branch that returns, inside an `except` handler; and a test read through a local bound once to it
    handled = layer.replace(
        "        if self.use_tf():\n            return x\n        else:\n            helpers.log(x)\n",
        "        try:\n            x = x + 1\n        except ValueError:\n            if self.use_tf():\n"
        "                return x\n            helpers.log(x)\n",
    )
    named = layer.replace("        if self.use_tf():\n", "        use = self.use_tf()\n        if use:\n")
    for text in (handled, named):
        index = index_of_files(tmp_path, {**files, "pkg/layer.py": text})
        assert index.link_for("pkg/helpers.py").incoming == {}
    index = index_of_files(tmp_path, {**files, "pkg/layer.py": named.replace("        use = self.use_tf()\n", "        use = self.use_tf()\n        use = bool(x)\n")})
    assert index.link_for("pkg/helpers.py").incoming["log"].caller == "call"  # bound twice: no test
    index = index_of_files(tmp_path, {**files, "pkg/base.py": base.replace("        if in_tf_function():\n            return True\n", "")})
    assert index.mode_test("pkg.base.Base.use_tf") == (None, None)
    assert index.link_for("pkg/helpers.py").incoming["log"].caller == "call"


def test_dataset_map_and_wrapping_in_another_module_trace(tmp_path):
    train = (
        "import tensorflow as tf\nfrom pkg.prep import parse, step_fn\n\n"
        "ds = tf.data.Dataset.range(3).map(parse)\nstep = tf.function(step_fn)\n"
    )
    prep = "def parse(x):\n    print(x)\n    return x\n\n\ndef step_fn(x):\n    print(x)\n    return x\n"
    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/train.py": train, "pkg/prep.py": prep})
    incoming = index.link_for("pkg/prep.py").incoming
    assert {q: t.reason for q, t in incoming.items()} == {"parse": "dataset", "step_fn": "wrapped"}
    assert [code for code, _ in findings(index, tmp_path, "pkg/prep.py")] == ["HYB006", "HYB006"]


def test_reexports_relative_imports_and_wrapped_names_resolve(tmp_path):
    files = {
        "pkg/__init__.py": "from .core import fast_scale\n",
        "pkg/core.py": "import tensorflow as tf\n\n\ndef _scale(x, factor):\n    return x * factor\n\n\n"
        "fast_scale = tf.function(_scale)\n",
        "pkg/train.py": "from . import fast_scale\n\nfor i in range(10):\n    fast_scale(x, i)\n",
        "run.py": "import pkg\n\nfor i in range(10):\n    pkg.fast_scale(x, i * 2)\n",
    }
    index = index_of_files(tmp_path, files)
    function = index.link_for("pkg/train.py").functions["pkg.fast_scale"]
    assert (function.qualname, function.shown_name, function.tf_function) == ("_scale", "fast_scale", True)
    assert findings(index, tmp_path, "pkg/train.py") == [("HYB004", "i")]
    assert findings(index, tmp_path, "run.py") == [("HYB004", "i * 2")]


def test_constructed_objects_resolve_without_jedi(tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(ProjectIndex, "_ask_jedi", lambda self, path, candidates: asked.extend(candidates) or {})
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\n\n\nclass Net:\n    @tf.function\n    def step(self, x, lr):\n"
        "        return x * lr\n",
        "pkg/train.py": "import tensorflow as tf\nfrom pkg.model import Net\n\n\ndef fit(data, other: Net):\n    net = Net()\n"
        "    keras_model = tf.keras.Sequential()\n    for i, x in enumerate(data):\n        net.step(x, 0.1 * i)\n"
        "        other.step(x, i)\n        keras_model.step(x)\n",
    }
    index = index_of_files(tmp_path, files)
    # `net = Net()` and `other: Net` give the class; a Keras model's methods are no project's
    assert asked == []
    assert "pkg.model.Net.step" in index.link_for("pkg/train.py").functions
    assert findings(index, tmp_path, "pkg/train.py") == [("HYB004", "0.1 * i"), ("HYB004", "i")]


def test_jedi_is_asked_only_about_project_methods(tmp_path, monkeypatch):
    asked = []
    original = ProjectIndex._ask_jedi

    def spy(self, path, candidates):
        asked.extend(e.target for e in candidates)
        return original(self, path, candidates)

    monkeypatch.setattr(ProjectIndex, "_ask_jedi", spy)
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\n\n\nclass Net:\n    @classmethod\n    def restore(cls) -> \"Net\":\n"
        "        return cls()\n\n    @tf.function\n    def step(self, x, lr):\n        return x * lr\n",
        "pkg/train.py": "import tensorflow as tf\nfrom pkg.model import Net\n\n\ndef fit(data):\n    net = Net.restore()\n"
        "    keras_model = tf.keras.models.load_model('m')\n    for i, x in enumerate(data):\n"
        "        net.step(x, 0.1 * i)\n        keras_model.fit(x)\n        keras_model.step(x)\n",
    }
    index = index_of_files(tmp_path, files)
    # `fit` names no project method: never asked; `keras_model.step` is asked and does not resolve
    assert sorted(asked) == ["keras_model.step", "net.step"]
    assert index.link_for("pkg/train.py").attributes == {("fit", "net.step"): "pkg.model.Net.step"}
    assert findings(index, tmp_path, "pkg/train.py") == [("HYB004", "0.1 * i")]
    # jedi sees the project's source roots only: TensorFlow cannot be imported, so never inferred into
    assert [str(p) for p in index._jedi_project()._sys_path] == [str(tmp_path.resolve())]


def test_cache_reuses_unchanged_files_and_survives_damage(tmp_path):
    root = tmp_path / "proj"
    index = index_of_files(root, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS})
    files = [str(root / p) for p in ("pkg/__init__.py", "pkg/model.py", "pkg/helpers.py")]
    cache = tmp_path / "cache"
    first = build_index(root, files, cache_dir=cache)
    assert first.stats["reused"] == 0 and (cache / "index.json").is_file() and (cache / ".gitignore").is_file()
    second = build_index(root, files, cache_dir=cache)
    assert second.stats["reused"] == 3
    assert findings(second, root, "pkg/helpers.py") == findings(index, root, "pkg/helpers.py") == [("HYB006", "print")]
    (root / "pkg/model.py").write_text(MODEL.replace("    helpers.log(tf.abs(x))\n", ""))
    third = build_index(root, files, cache_dir=cache)
    assert third.stats["reused"] == 2
    assert findings(third, root, "pkg/helpers.py") == []
    (cache / "index.json").write_text("{not json")
    fourth = build_index(root, files, cache_dir=cache)
    assert fourth.stats["reused"] == 0 and findings(fourth, root, "pkg/helpers.py") == []


def test_the_cache_gives_back_what_was_built(tmp_path):
    root = tmp_path / "proj"
    files = {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS}
    built = index_of_files(root, files)
    cache = tmp_path / "cache"
    paths = [str(root / p) for p in files]
    first = build_index(root, paths, cache_dir=cache)
    again = build_index(root, paths, cache_dir=cache)
    assert again.stats["reused"] == 3 and again.cache_note == ""
    # every summary (described functions included) and every link, as the build without a cache made them
    assert again.summaries == first.summaries
    assert all(again.link_for(p) == built.link_for(p) for p in files)
    assert findings(again, root, "pkg/helpers.py") == [("HYB006", "print")]


@pytest.mark.parametrize(
    "damage, note",
    [
        (b"{not json", "cache damaged"),
        (b"\xff\x00", "cache damaged"),
        (b'[1, 2]', "another version"),
        (b'{"key": 1}', "another version"),
        ("summaries of another shape", "cache damaged"),
        ("the format before", "another version"),
        ("written by other hybridlint sources", "another version"),
    ],
)
def test_a_damaged_or_old_cache_is_rebuilt_and_says_why(tmp_path, damage, note):
    root = tmp_path / "proj"
    files = {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS}
    index_of_files(root, files)
    cache = tmp_path / "cache"
    paths = [str(root / p) for p in files]
    build_index(root, paths, cache_dir=cache)
    written = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    if damage == "summaries of another shape":
        written["summaries"]["pkg/model.py"][0] = ["pkg/model.py"]
        damage = json.dumps(written).encode()
    elif damage == "the format before":  # format 8 kept one dictionary per summary
        assert written["key"].startswith(f"[{INDEX_FORMAT},")
        written["key"] = written["key"].replace(f"[{INDEX_FORMAT},", "[8,", 1)
        damage = json.dumps(written).encode()
    elif damage == "written by other hybridlint sources":  # an upgrade, or an edited checkout, same format
        key = json.loads(written["key"])
        assert key[0] == INDEX_FORMAT and isinstance(key[1], str)
        written["key"] = json.dumps([key[0], "0" * len(key[1]), *key[2:]])
        damage = json.dumps(written).encode()
    (cache / "index.json").write_bytes(damage)
    rebuilt = build_index(root, paths, cache_dir=cache)
    assert rebuilt.stats["reused"] == 0 and note in rebuilt.cache_note and "built anew" in rebuilt.cache_note
    assert findings(rebuilt, root, "pkg/helpers.py") == [("HYB006", "print")]
    # written again whole: the next run uses it
    assert build_index(root, paths, cache_dir=cache).stats["reused"] == 3


def test_summaries_round_trip_through_the_cache_format():
    summary = summarize(MODEL, "pkg/model.py", "pkg.model", "pkg")
    again = _summary_of_row(json.loads(json.dumps(_summary_row(summary))))
    assert again == summary
    assert summary.functions["train_step"].tf_function
    assert [(e.kind, e.caller, e.target) for e in summary.edges] == [("call", "train_step", "pkg.helpers.log")]


@pytest.mark.parametrize(
    "text",
    ["def broken(:\n", "x = (" * 300 + ")" * 300 + "\n", "\ufeffimport tensorflow as tf\r\n\r\ndef f():\r\n\tpass\r\n"],
    ids=["syntax-error", "deep", "bom-crlf-tabs"],
)
def test_bad_modules_summarise_without_crashing(text):
    summary = summarize(text, "bad.py", "bad", "")
    assert summary.digest


def test_unreadable_and_deleted_files_leave_the_index_consistent(tmp_path):
    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS})
    (tmp_path / "pkg/latin1.py").write_bytes(b"x = '\xe9'\n")
    rebuilt = build_index(tmp_path, [str(p) for p in tmp_path.rglob("*.py")])
    assert "pkg/latin1.py" not in rebuilt.summaries
    assert index.update(tmp_path / "pkg/model.py", None)
    index.link()
    assert index.link_for("pkg/helpers.py").incoming == {}
    assert index.link_for("pkg/model.py") is None


def test_the_editor_checker_uses_the_link_across_edits(tmp_path):
    from hybridlint.incremental import IncrementalChecker

    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS})
    checker = IncrementalChecker("pkg/helpers.py", settings=MODE)
    assert checker.check(HELPERS).result.skipped  # file-local: nothing to see in a module without TensorFlow
    checker.set_link(index.link_for("pkg/helpers.py"))
    assert [(f.code, f.span.line) for f in checker.check(HELPERS).result.findings] == [("HYB006", 2)]
    edited = "import os\n\n" + HELPERS
    assert [(f.code, f.span.line) for f in checker.check(edited).result.findings] == [("HYB006", 4)]
    checker.set_link(None)
    assert checker.check(edited).result.findings == []


@pytest.mark.parametrize("declared", ["", "# -*- coding: latin-1 -*-\n", "\ufeff"], ids=["utf-8", "latin-1", "bom"])
def test_jedi_finds_a_parameter_through_calls_in_other_modules(tmp_path, declared):
    # `runner` is only known from the call in main.py: jedi searches the project's files for
    # `run_steps`, and the files that do not contain it are refused before they are decoded
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\n\n\nclass Runner:\n    def step(self, x):\n        print(x)\n",
        "pkg/loop.py": "import tensorflow as tf\n\n\n@tf.function\ndef run_steps(runner, x):\n    runner.step(x)\n",
        "pkg/other.py": "def unrelated():\n    return 1\n",
        "main.py": declared + "from pkg.loop import run_steps\nfrom pkg.model import Runner\n\nrun_steps(Runner(), 1)  # \u00e9\n",
    }
    root = tmp_path / "proj"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("latin-1" if declared.startswith("#") else "utf-8"))
    index = build_index(root, [str(root / rel) for rel in files])
    assert index.link_for("pkg/loop.py").attributes == {("run_steps", "runner.step"): "pkg.model.Runner.step"}
    assert index.link_for("pkg/model.py").incoming["Runner.step"].caller == "run_steps"
    assert findings(index, root, "pkg/model.py", PREVIEW) == [("HYB006", "print")]


def test_a_pool_describes_and_links_as_one_process_does(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    # model.py's `scale` is named directly (described while jedi runs); jedi's answer then adds
    # `Runner.step`, so model.py is described again, whole; util.py keeps its early description
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\n\n\ndef scale(x):\n    return tf.abs(x)\n\n\n"
        "class Runner:\n    def step(self, x):\n        print(x)\n        return tf.abs(x)\n",
        "pkg/util.py": "import tensorflow as tf\n\n\ndef shift(x):\n    return tf.abs(x) + 1\n",
        "pkg/loop.py": "import tensorflow as tf\nfrom pkg.model import scale\nfrom pkg.util import shift\n\n\n"
        "@tf.function\ndef run_steps(runner, x):\n    y = runner.step(scale(shift(x)))\n    return y\n",
        "main.py": "from pkg.loop import run_steps\nfrom pkg.model import Runner\n\nrun_steps(Runner(), 1)\n",
    }
    alone = index_of_files(tmp_path, files)
    with ProcessPoolExecutor(2) as pool:
        pooled = build_index(tmp_path, [str(tmp_path / rel) for rel in files], pool=pool)
    assert pooled.summaries == alone.summaries
    assert all(pooled.link_for(rel) == alone.link_for(rel) for rel in files)
    step = pooled.link_for("pkg/loop.py").functions["pkg.model.Runner.step"]
    assert step.returns_tensor and pooled.link_for("pkg/loop.py").functions["pkg.model.scale"].returns_tensor
    assert findings(pooled, tmp_path, "pkg/model.py", PREVIEW) == [("HYB006", "print")]


HIERARCHY = {
    "pkg/__init__.py": "",
    "pkg/base.py": "import tensorflow as tf\n\n\nclass Base(tf.Module):\n    def helper(self, x):\n        print(x)\n"
    "        return x\n\n    def rate(self, x):\n        return x\n\n    @property\n    def width(self):\n        return 1\n\n\n"
    "class Mixin:\n    def loss(self):\n        return self._loss()\n",
    "pkg/model.py": "import tensorflow as tf\nfrom pkg.base import Base, Mixin\n\n\nclass Middle(Base):\n    pass\n\n\n"
    "class Model(Middle, Mixin):\n    @tf.function\n    def step(self, x):\n        self.helper(x)\n"
    "        return self.loss()\n\n\n"
    "class Chain(Middle):\n    def __init__(self):\n        self.rate = lambda x: x\n\n"
    "    @tf.function\n    def step(self, x):\n        self.rate(x)\n        self.width()\n        return self.helper(x)\n\n\n"
    "class KerasBase(tf.keras.layers.Layer):\n    def own(self, x):\n        print(x)\n\n\n"
    "class Layer(KerasBase):\n    @tf.function\n    def step(self, x):\n        return self.own(x)\n",
}


def test_self_calls_resolve_through_the_class_hierarchy_as_jedi_resolves_them(tmp_path, monkeypatch):
    asked = []
    original = ProjectIndex._ask_jedi

    def spy(self, path, candidates):
        asked.extend((e.caller, e.target) for e in candidates)
        return original(self, path, candidates)

    monkeypatch.setattr(ProjectIndex, "_ask_jedi", spy)
    by_hierarchy = index_of_files(tmp_path / "a", HIERARCHY)
    left_to_jedi = sorted(asked)
    asked.clear()
    monkeypatch.setattr(ProjectIndex, "_self_method", lambda self, summary, edge: None)
    by_jedi = index_of_files(tmp_path / "b", HIERARCHY)
    # the same answers, links and findings, whoever gave them
    for rel in HIERARCHY:
        assert by_hierarchy.link_for(rel) == by_jedi.link_for(rel)
        assert findings(by_hierarchy, tmp_path / "a", rel, PREVIEW) == findings(by_jedi, tmp_path / "b", rel, PREVIEW)
    attributes = by_hierarchy.link_for("pkg/model.py").attributes
    # through Middle, in another module: Base.helper is traced from Chain.step and Model.step
    assert attributes[("Chain.step", "self.helper")] == attributes[("Model.step", "self.helper")] == "pkg.base.Base.helper"
    assert findings(by_hierarchy, tmp_path / "a", "pkg/base.py", PREVIEW) == [("HYB006", "print")]
    # a base of the same module defines it: the module resolves the call itself (`ModuleFacts.attribute_of`),
    # although a base outside the project is above that class; nobody asks jedi, and the call traces it
    assert ("Layer.step", "self.own") not in by_hierarchy.jedi_results["pkg/model.py"][1]
    assert findings(by_hierarchy, tmp_path / "a", "pkg/model.py", PREVIEW) == [("HYB006", "print")]
    # two bases, `self.rate = ...`, a property: only jedi can tell; the rest never reached it
    assert left_to_jedi == [
        ("Chain.step", "self.rate"), ("Chain.step", "self.width"), ("Model.step", "self.helper"), ("Model.step", "self.loss"),
    ]
    assert ("Chain.step", "self.helper") in asked and ("Layer.step", "self.own") not in asked
    assert ("Mixin.loss", "self._loss") not in asked + left_to_jedi  # nothing defines it in Mixin: nothing to ask


def test_jedi_leaves_the_collector_as_it_found_it(tmp_path):
    import gc

    from parso import cache

    from hybridlint import project

    module = tmp_path / "m.py"
    module.write_text("class A:\n    def f(self):\n        pass\n\n\nA().f()\n", encoding="utf-8")
    index = ProjectIndex(tmp_path)
    jedi_project = index._jedi_project()
    seen = []
    original = project._goto_names

    def spy(*args):
        cache.gc.enable()  # what parso does after loading a tree from its disk cache
        seen.append(gc.isenabled())
        return original(*args)

    was = gc.isenabled()
    try:
        for paused in (True, False):
            gc.disable() if paused else gc.enable()
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(project, "_goto_names", spy)
                names = project._jedi_names(jedi_project, module.read_text(), str(module), [(6, 4)])
            assert names and names[0][0][1:] == ("function", 2, "f")
            assert gc.isenabled() is not paused  # as it was before
        assert seen == [False, False]  # paused while jedi works, parso's cache notwithstanding
    finally:
        gc.enable() if was else gc.disable()


def test_the_jedi_prefilter_refuses_only_files_without_the_name(tmp_path):
    import re

    from jedi.inference import references
    from parso.file_io import FileIO

    from hybridlint.project import _ascii_compatible, _install_jedi_prefilter

    _install_jedi_prefilter()
    without = tmp_path / "without.py"
    without.write_bytes(b"def other():\n    return 1\n")
    assert references._check_fs(None, FileIO(str(without)), re.compile(r"\brun_steps\b")) is None
    # a file that names it goes to jedi's own check (which needs an inference state to load it)
    named = tmp_path / "named.py"
    named.write_bytes(b"run_steps()\n")
    with pytest.raises(AttributeError):
        references._check_fs(None, FileIO(str(named)), re.compile(r"\brun_steps\b"))
    # where an ASCII name may not be ASCII bytes, every file goes to jedi
    assert not _ascii_compatible("# coding: utf-16\nx = 1\n".encode("ascii"))
    assert not _ascii_compatible(b"# coding: no-such-codec\n")
    assert _ascii_compatible(b"# coding: latin-1\n") and _ascii_compatible(b"#!/usr/bin/env python\n# coding=utf-8\n")
    assert _ascii_compatible(b"x = 1\ny = 2\n# coding: utf-16 on the third line is no declaration\n")


def test_questions_of_one_generation_share_jedi_s_reads_and_a_new_one_reads_again(tmp_path):
    import os

    from hybridlint import project

    # `model` has no annotation: jedi finds what it is by searching the project for calls of `run`
    (tmp_path / "a.py").write_text("def run(model):\n    return model.step()\n", encoding="utf-8")
    caller = tmp_path / "b.py"
    caller.write_text(
        "from a import run\n\n\nclass M:\n    def step(self):\n        pass\n\n\nrun(M())\n", encoding="utf-8"
    )
    for n in range(5):  # files without the name, which the search reads and refuses
        (tmp_path / f"other{n}.py").write_text(f"def f{n}():\n    return {n}\n", encoding="utf-8")
    index = ProjectIndex(tmp_path)
    jedi_project = index._jedi_project()
    text = (tmp_path / "a.py").read_text(encoding="utf-8")

    def answer(generation):
        names = project._jedi_names(jedi_project, text, str(tmp_path / "a.py"), [(2, 17)], generation=generation)
        return sorted((os.path.basename(path), kind, line, name) for path, kind, line, name in names[0])

    assert answer(None) == [("b.py", "function", 5, "step")]
    assert answer("one") == answer("one") == answer(None)
    # another caller, and the first one changed: a new generation reads the project again
    caller.write_text("from a import run\n\n\nclass N:\n    def other(self):\n        pass\n\n\nrun(N())\n", encoding="utf-8")
    (tmp_path / "c.py").write_text(
        "from a import run\n\n\nclass K:\n    def step(self):\n        pass\n\n\nrun(K())\n", encoding="utf-8"
    )
    os.utime(caller, (os.stat(caller).st_atime, os.stat(caller).st_mtime + 5))
    assert answer("two") == answer(None) == [("c.py", "function", 5, "step")]
    # where an import leads is asked again too: a module that appears is found in the next generation
    user = tmp_path / "user.py"
    user.write_text("import helper\n\n\ndef go():\n    helper.go()\n", encoding="utf-8")

    def go(generation):
        names = project._jedi_names(jedi_project, user.read_text(), str(user), [(5, 12)], generation=generation)
        return sorted((os.path.basename(path), line, name) for path, _kind, line, name in names[0])

    assert go("three") == []
    (tmp_path / "helper.py").write_text("def go():\n    pass\n", encoding="utf-8")
    assert go("four") == go(None) == [("helper.py", 1, "go")]


def test_a_worker_s_jedi_parses_without_pickling_and_answers_the_same(tmp_path, monkeypatch):
    import jedi
    from parso import grammar

    from hybridlint import project

    # the switch is process-wide: restored after the test (a pool's workers keep it for their run)
    monkeypatch.setattr(grammar, "try_to_save_module", grammar.try_to_save_module)
    monkeypatch.setattr(project, "_PARSE_PICKLES_OFF", False)
    cache = tmp_path / "cache"
    monkeypatch.setattr(jedi.settings, "cache_directory", str(cache))
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "steps.py").write_text("class Runner:\n    def step(self, x):\n        return x\n", encoding="utf-8")
    text = "from pkg.steps import Runner\n\n\ndef run():\n    r = Runner()\n    r.step(1)\n"
    (tmp_path / "pkg" / "train.py").write_text(text, encoding="utf-8")
    jedi_project = jedi.Project(tmp_path, sys_path=[str(tmp_path)], added_sys_path=(), smart_sys_path=False)

    def answer():
        names = jedi.Script(text, path=str(tmp_path / "pkg" / "train.py"), project=jedi_project).goto(6, 7, follow_imports=True)
        return [(n.module_path.name, n.line, n.name) for n in names]

    project._no_parse_pickles()
    assert answer() == [("steps.py", 2, "step")]
    assert not list(cache.rglob("*.pkl"))  # parsed, kept in memory, never written


def test_tracing_through_jedi_answers_reaches_a_fixed_point_in_one_build(tmp_path):
    # Net.step is traced, so jedi is asked where `self.helper.log` goes; only then is Helper.log
    # traced, and only then is it worth asking where `self.writer.emit` goes.
    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\nfrom pkg.helpers import Helper\n\n\nclass Net:\n"
        "    def __init__(self):\n        self.helper = Helper()\n\n    @tf.function\n    def step(self, x):\n"
        "        self.helper.log(tf.abs(x))\n        return x\n",
        "pkg/helpers.py": "from pkg.io import Writer\n\n\nclass Helper:\n    def __init__(self):\n"
        "        self.writer = Writer()\n\n    def log(self, x):\n        self.writer.emit(x)\n",
        "pkg/io.py": "class Writer:\n    def emit(self, x):\n        print(x)\n",
    }
    index = index_of_files(tmp_path, files)
    assert findings(index, tmp_path, "pkg/io.py", PREVIEW) == [("HYB006", "print")]
    assert index.link_for("pkg/io.py").incoming["Writer.emit"].caller == "log"


def test_keras_hierarchy_across_modules(tmp_path):
    files = {
        "pkg/__init__.py": "from .blocks import Block\n",
        "pkg/tf_utils.py": "import tensorflow as tf\nkeras = tf.keras\n",
        "pkg/blocks.py": "from .tf_utils import keras\n\n\nclass Block(keras.layers.Layer):\n    pass\n\n\n"
        "class Plain:\n    pass\n",
        "pkg/backend/__init__.py": "",
        "pkg/backend/keras.py": "class layers:\n    class Layer:\n        pass\n",
        "pkg/model.py": "import random\nimport tensorflow as tf\nfrom pkg import Block\nfrom pkg.blocks import Plain\n"
        "from pkg.backend import keras as np_keras\n\n\n"
        "class Jitter(Block):\n    def call(self, x):\n        return x * random.random()\n\n\n"
        "class Shim(np_keras.layers.Layer):\n    def call(self, x):\n        return x * random.random()\n\n\n"
        "class NotKeras(Plain):\n    def call(self, x):\n        return x * random.random()\n",
    }
    index = index_of_files(tmp_path, files)
    link = index.link_for("pkg/model.py")
    assert link.classes["pkg.Block"] == "keras" and link.classes["pkg.blocks.Plain"] == ""
    assert "pkg.backend.keras" in link.not_keras  # a project module named `keras` is not Keras
    # only the subclass of the Keras layer is traced; the shim's `Layer` is no Keras class
    assert findings(index, tmp_path, "pkg/model.py", PREVIEW) == [("HYB023", "random.random()")]


def test_a_process_pool_builds_the_same_index(tmp_path):
    # The CLI shares summaries, jedi's questions and the descriptions out to its worker processes:
    # what comes back must be what one process computes.
    from concurrent.futures import ProcessPoolExecutor

    files = {
        "pkg/__init__.py": "",
        "pkg/model.py": "import tensorflow as tf\n\n\nclass Net:\n    @classmethod\n    def restore(cls) -> \"Net\":\n"
        "        return cls()\n\n    @tf.function\n    def step(self, x, lr):\n        return x * lr\n\n\n"
        "def scale(x):\n    return tf.constant(x) * 2\n",
        "pkg/helpers.py": HELPERS,
        "pkg/train.py": "import tensorflow as tf\nfrom pkg import helpers\nfrom pkg.model import Net, scale\n\n\n"
        "def fit(data):\n    net = Net.restore()\n    for i, x in enumerate(data):\n        net.step(x, 0.1 * i)\n"
        "        helpers.log(scale(i))\n",
    }
    alone = index_of_files(tmp_path, files)
    with ProcessPoolExecutor(2) as pool:
        shared = build_index(tmp_path, [str(tmp_path / rel) for rel in files], pool=pool)
    assert shared.summaries == alone.summaries
    assert shared.jedi_results == alone.jedi_results
    assert shared.link_for("pkg/train.py").attributes == {("fit", "net.step"): "pkg.model.Net.step"}
    assert shared.link_for("pkg/train.py").functions["pkg.model.scale"].returns_tensor
    for rel in files:
        assert shared.link_for(rel) == alone.link_for(rel)


OPS = """\
import tensorflow as tf


@tf.function
def _normalize(x):
    return x / tf.reduce_sum(x)


@tf.function
def _scale(x):
    return x * 2
"""
STEP = """\
import tensorflow as tf
from pkg import ops


@tf.function
def step(x):
    return ops._normalize(x) + ops._scale(x)
"""


def test_private_names_read_outside_traced_code_elsewhere_are_uses(tmp_path):
    """Another module's reads of `_normalize` / `_scale` outside traced code may be uses of these
    tf.functions (HYB005 leaves them); of a test module only the reads that need the tf.function
    object count (`get_concrete_function`), not an eager call; reads from traced code never do."""
    files = {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/step.py": STEP}
    index = index_of_files(tmp_path / "without", files)
    assert index.link_for("pkg/ops.py").mentioned_elsewhere == frozenset()
    assert [code for code, _ in findings(index, tmp_path / "without", "pkg/ops.py")] == ["HYB005", "HYB005"]
    tests = (
        "import tensorflow as tf\nfrom pkg import ops\nfrom pkg.ops import _scale\n\n\n"
        "def test_ops(self, env):\n    x = tf.ones([3])\n    print(self._state)  # its own attribute: not counted\n"
        "    fn = ops._normalize\n    assert fn.get_concrete_function(x) is not None\n"
        "    assert _scale(x).shape == [3] and env._scale(x).shape == [3]  # eager calls: a test's speed is not the point\n"
    )
    index = index_of_files(tmp_path / "with", {**files, "tests/test_ops.py": tests})
    assert index.summaries["tests/test_ops.py"].mentions == {"test_ops": ["_normalize"]}
    assert index.link_for("pkg/ops.py").mentioned_elsewhere == frozenset({"_normalize"})
    assert findings(index, tmp_path / "with", "pkg/ops.py") == [("HYB005", "tf.function")]
    # an application module's eager call on an object whose class nothing resolves
    report = "def report(env, x):\n    return env._scale(x).numpy()\n"
    index = index_of_files(tmp_path / "with", {**files, "tests/test_ops.py": tests, "pkg/report.py": report})
    assert index.summaries["pkg/report.py"].mentions == {"report": ["_scale"]}
    assert findings(index, tmp_path / "with", "pkg/ops.py") == []


def test_private_reads_across_lines_and_comments_are_mentions(tmp_path):
    """A module whose text has no `x._name` read but on `self`/`cls` is not walked for mentions: a
    read written across a continuation line or a comment between brackets is still one."""
    files = {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/step.py": STEP}
    report = (
        "def report(env, x):\n    y = (env.  # the environment's own\n         _scale)(x)\n"
        "    return env . \\\n        _normalize(y)\n\n\n"
        "class Own:\n    def run(self, x):\n        return self._scale(x)\n"
    )
    own = "class Own:\n    def run(self, x):\n        return self._scale(x)\n\n    @classmethod\n    def make(cls):\n        return cls._normalize\n"
    index = index_of_files(tmp_path, {**files, "pkg/report.py": report, "pkg/own.py": own})
    assert index.summaries["pkg/report.py"].mentions == {"report": ["_normalize", "_scale"]}
    assert index.summaries["pkg/own.py"].mentions == {}


def test_private_reads_in_a_few_statements_of_a_long_module_are_all_found(tmp_path):
    """Only the statements on a line that may hold a private read are walked for mentions: a read in a
    decorator (above its def's line), in a nested block, and in a test module a tf.function attribute
    read in another statement than the private read it follows, are still found."""
    filler = "".join(f"def plain_{n}(x):\n    return x + {n}\n\n\n" for n in range(30))
    app = (
        "from pkg import ops\n\n\n" + filler + "@ops._register\n"
        "def helper(x):\n    return x\n\n\n" + filler + "class Runner:\n    def run(self, env, x):\n"
        "        if x:\n            for y in x:\n                env._scale(y)\n        return self._own\n"
    )
    tests = (
        "from pkg import ops\n\n" + filler + "fn = ops._normalize\n\n" + filler
        + "concrete = fn.get_concrete_function(1)\n"
    )
    files = {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/app.py": app, "tests/test_app.py": tests}
    index = index_of_files(tmp_path, files)
    assert index.summaries["pkg/app.py"].mentions == {"helper": ["_register"], "Runner.run": ["_scale"]}
    assert index.summaries["tests/test_app.py"].mentions == {"": ["_normalize"]}


def test_a_comment_banner_after_a_dot_is_read_in_linear_time():
    """A sentence's full stop, then a banner of `#`s: the text test for private reads must answer (it
    once backtracked exponentially there, hanging the index on tensorflow-privacy 0.3.0). Run in a
    child process, so that a regression fails this test instead of hanging the suite."""
    import subprocess
    import sys

    code = (
        "from hybridlint.project import _may_read_private\n"
        "text = 'x = 1.\\n' + '#' * 80 + '\\ny = 2\\n'\n"
        "assert _may_read_private(text) is False\n"
        "assert _may_read_private('x = 1.\\n' + '#' * 80 + '\\nz = (a.\\n  _p)\\n') is True\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_functions_that_may_run_eagerly_follow_eager_callers_across_modules(tmp_path):
    """A traced function that eager code elsewhere also calls may run eagerly, and so may what it calls
    (not a tf.function's body, nor what only traced code reaches): a call it makes is not known to be
    made only while tracing."""
    files = {
        "pkg/__init__.py": "",
        "pkg/ops.py": "import tensorflow as tf\n\n\n@tf.function\ndef _clip(x):\n    return tf.clip_by_value(x, 0.0, 1.0)\n",
        "pkg/boxes.py": "from pkg.ops import _clip\n\n\ndef cross(x):\n    return _clip(x) + 1\n\n\ndef inner(x):\n    return x\n",
        "pkg/train.py": "import tensorflow as tf\n\nfrom pkg.boxes import cross, inner\n\n\n@tf.function\n"
        "def step(x):\n    return cross(inner(x))\n",
    }
    index = index_of_files(tmp_path / "traced", files)
    assert index.link_for("pkg/boxes.py").may_run_eagerly == frozenset()
    assert [call.eager_caller for call in index.link_for("pkg/ops.py").callers["_clip"]] == [False]
    files["pkg/report.py"] = "from pkg.boxes import cross\n\n\ndef show(x):\n    return cross(x).numpy()\n"
    index = index_of_files(tmp_path / "eager", files)
    assert index.link_for("pkg/boxes.py").may_run_eagerly == frozenset({"cross"})
    assert index.link_for("pkg/train.py").may_run_eagerly == frozenset()  # `step` is a tf.function
    assert [call.eager_caller for call in index.link_for("pkg/ops.py").callers["_clip"]] == [True]


def test_of_several_project_functions_jedi_names_the_first_by_place_is_kept(tmp_path):
    """Jedi may list the functions a call can reach in another order in another process: the index keeps
    the same one whatever the order, so two runs of a CI job agree."""
    files = {
        "pkg/__init__.py": "",
        "pkg/a.py": "class A:\n    def initialize(self):\n        pass\n",
        "pkg/b.py": "class B:\n    def initialize(self):\n        pass\n",
        "pkg/use.py": "def run(decoder):\n    decoder.initialize()\n",
    }
    index = index_of_files(tmp_path, files)
    edge = next(e for e in index.summaries["pkg/use.py"].edges if e.kind == "attr")
    named = [(str((tmp_path / p).resolve()), "function", 2, "initialize") for p in ("pkg/b.py", "pkg/a.py")]
    answers = [index._jedi_answers([edge], [order]) for order in (named, named[::-1])]
    assert answers[0] == answers[1]
    assert answers[0][(edge.caller, edge.target)][0] == "pkg.a.A.initialize"


def test_star_imports_bind_names_as_python_does(tmp_path):
    files = {
        "pkg/__init__.py": "",
        # a package that re-exports its modules with star imports; `__all__` limits what one gives
        "pkg/utils/__init__.py": "from .scaling import *\nfrom .shadow import *\n",
        "pkg/utils/scaling.py": "import tensorflow as tf\n\n__all__ = ['normalize', 'shift', 'Block']\n\n\n"
        "@tf.function\ndef normalize(x):\n    return x / tf.reduce_max(x)\n\n\n@tf.function\ndef shift(x):\n    return x + 1\n\n\n"
        "@tf.function\ndef hidden(x):\n    return x\n\n\nclass Block(tf.keras.layers.Layer):\n    pass\n",
        # a later star import wins: `shift` is this plain function; `_private` is never given
        "pkg/utils/shadow.py": "def shift(x):\n    return x - 1\n\n\ndef _private(x):\n    return x\n",
        "pkg/data/__init__.py": "",
        "pkg/data/steps.py": "from ..utils import *\n\n\ndef normalize_own(x):\n    return normalize(x)\n\n\n"
        "def shifted(x):\n    return shift(x)\n\n\ndef unknown(x):\n    return hidden(x) + _private(x)\n",
        # a star import from outside the project that comes later may bind any name: unknown
        "pkg/data/mixed.py": "from ..utils import *\nfrom thirdparty.ops import *\n\n\ndef step(x):\n    return normalize(x)\n",
        # a name the module binds itself wins over the star import
        "pkg/data/own.py": "from ..utils import *\n\n\ndef normalize(x):\n    return x\n\n\ndef step(x):\n    return normalize(x)\n",
    }
    index = index_of_files(tmp_path, files)
    link = index.link_for("pkg/data/steps.py")
    normalize = link.functions["pkg.data.steps.normalize"]
    assert (normalize.module, normalize.qualname, normalize.tf_function) == ("pkg.utils.scaling", "normalize", True)
    shift = link.functions["pkg.data.steps.shift"]
    assert (shift.module, shift.tf_function) == ("pkg.utils.shadow", False)
    assert "pkg.data.steps.hidden" not in link.functions and "pkg.data.steps._private" not in link.functions
    assert "pkg.data.mixed.normalize" not in index.link_for("pkg/data/mixed.py").functions
    assert not any(key.endswith(".normalize") for key in index.link_for("pkg/data/own.py").functions)
    # the module's calls of the tf.function are calls of it, as with `from ..utils import normalize`
    assert [call.place.path for call in index.link_for("pkg/utils/scaling.py").callers["normalize"]] == ["pkg/data/steps.py"]
    # a class given by a star import: its hierarchy is known
    assert index.class_kind("pkg.data.steps.Block") == ("keras", False)


def test_a_base_class_a_star_import_does_not_resolve_is_judged_by_its_name(tmp_path):
    files = {
        "pkg/__init__.py": "",
        "pkg/helpers.py": "def helper():\n    pass\n",
        "pkg/model.py": "import random\nfrom tensorflow.keras.layers import *\nfrom pkg.helpers import *\n\n\n"
        "class Jitter(Layer):\n    def call(self, x):\n        return x * random.random()\n",
    }
    index = index_of_files(tmp_path, files)
    # `Layer` comes from the TensorFlow star import, which the index cannot read: named like Keras, as without an index
    assert findings(index, tmp_path, "pkg/model.py", PREVIEW) == [("HYB023", "random.random()")]
    assert check_findings_without_index(files["pkg/model.py"]) == [("HYB023", "random.random()")]


def test_tensorflow_and_numpy_a_star_import_gives_are_known_by_what_they_stand_for(tmp_path):
    """`from .common import *` where `common` imports TensorFlow and NumPy: `tf.function` and
    `np.random` of the importing module are TensorFlow's and NumPy's, as `from .common import tf` would make them."""
    files = {
        "pkg/__init__.py": "",
        "pkg/common.py": "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n\nSCALE = 2\n",
        "pkg/base.py": "from pkg.common import *\n",  # passed on by a second star import
        "pkg/model.py": "from pkg.base import *\n\n\n@tf.function\ndef step(x):\n    return x + np.random.rand()\n\n\n"
        "class Jitter(keras.layers.Layer):\n    def call(self, x):\n        print(x)\n        return x\n",
        # a name the module binds itself is its own
        "pkg/own.py": "from pkg.common import *\n\nnp = None\n\n\n@tf.function\ndef step(x):\n    return x + np.random.rand()\n",
        # a later star import from outside the project may bind any name: unknown
        "pkg/mixed.py": "from pkg.common import *\nfrom thirdparty import *\n\n\n@tf.function\ndef step(x):\n    return x + np.random.rand()\n",
    }
    index = index_of_files(tmp_path, files)
    assert index.link_for("pkg/model.py").aliases == {
        "pkg.model.keras": "tensorflow.keras",
        "pkg.model.np": "numpy",
        "pkg.model.tf": "tensorflow",
    }
    assert findings(index, tmp_path, "pkg/model.py", PREVIEW) == [("HYB023", "np.random.rand()"), ("HYB006", "print")]
    assert findings(index, tmp_path, "pkg/own.py", PREVIEW) == []
    assert findings(index, tmp_path, "pkg/mixed.py", PREVIEW) == []
    # without the index nothing says what `tf` and `np` are; the class is Keras by its base's name alone
    assert check_findings_without_index(files["pkg/model.py"]) == [("HYB006", "print")]


def test_a_tf_function_whose_tf_a_star_import_gives_is_one_for_other_modules(tmp_path):
    """The summary of a module whose `tf` only `from .common import *` binds is made again once the
    index knows what `tf` is: other modules see its tf.function, from a cache too, and an edit that
    takes TensorFlow out of the star import's module takes it back."""
    files = {
        "pkg/__init__.py": "",
        "pkg/common.py": "import tensorflow as tf\n",
        "pkg/model.py": "from pkg.common import *\n\n\n@tf.function\ndef step(x):\n    return x * 2\n",
        "pkg/train.py": "from pkg.model import step\n\nfor i in range(10):\n    step(i)\n",
    }
    index = index_of_files(tmp_path, files)
    model = index.summaries["pkg/model.py"]
    assert model.star_given == {"tf": "tensorflow"} and model.functions["step"].tf_function
    assert findings(index, tmp_path, "pkg/train.py", PREVIEW) == [("HYB004", "i")]
    # from the cache: the summary made again is the one kept
    cache = tmp_path / ".cache"
    build_index(tmp_path, [str(tmp_path / rel) for rel in files], cache_dir=cache)
    cached = build_index(tmp_path, [str(tmp_path / rel) for rel in files], cache_dir=cache)
    assert cached.stats["reused"] == len(files)
    assert cached.summaries["pkg/model.py"].functions["step"].tf_function
    # `common` no longer gives `tf`: `step` is a plain function again
    index.update(tmp_path / "pkg/common.py", "import numpy as tf\n")
    index.link()
    assert index.summaries["pkg/model.py"].star_given == {}
    assert not index.summaries["pkg/model.py"].functions["step"].tf_function


@pytest.mark.parametrize("count, flagged", [(3, []), (100, [("HYB024", "range(EPOCHS)")])])
def test_an_int_constant_a_star_import_gives_is_a_static_count(tmp_path, count, flagged):
    """`from .config import *` giving `EPOCHS = N`: the loop's count is N, as with `from .config import EPOCHS`."""
    files = {
        "pkg/__init__.py": "",
        "pkg/config.py": f"EPOCHS = {count}\n",
        "pkg/model.py": "from pkg.config import *\nimport tensorflow as tf\n\n\n@tf.function\ndef f(w):\n"
        "    for _ in range(EPOCHS):\n        w = 1.5 * w - 0.5 * w @ tf.transpose(w) @ w\n    return w\n",
    }
    index = index_of_files(tmp_path, files)
    assert index.link_for("pkg/model.py").constants == {"pkg.model.EPOCHS": count}
    assert findings(index, tmp_path, "pkg/model.py", PREVIEW) == flagged


def check_findings_without_index(text: str):
    result = check_source(text, "pkg/model.py", MODE)
    return [(f.code, result.source.text_of(f.span)) for f in result.findings]


def test_the_index_knows_which_modules_may_reach_graph_code_without_their_links(tmp_path):
    # `ProjectIndex._may_reach_graph_code` stands in for `link_for(path).reaches_graph_code` where the
    # CLI decides which modules to describe: it may say yes more often, never less (each way a link
    # reaches graph code: a trace from elsewhere, an imported tf.function, a TensorFlow alias through
    # the project, a Keras class named or inherited from)
    files = {
        "pkg/__init__.py": "",
        "pkg/tf_utils.py": "import tensorflow as tf\n",
        "pkg/ops.py": "import tensorflow as tf\n\n\n@tf.function\ndef step(x):\n    return helper(x)\n\n\n"
        "def helper(x):\n    return x\n\n\ndef plain(x):\n    return x\n",
        "pkg/layers.py": "import tensorflow as tf\n\n\nclass Dense(tf.keras.layers.Layer):\n    pass\n",
        "pkg/uses_step.py": "from pkg.ops import step\n\n\ndef run(x):\n    return step(x)\n",
        "pkg/uses_plain.py": "from pkg.ops import plain\n\n\ndef run(x):\n    return plain(x)\n",
        "pkg/uses_alias.py": "from pkg.tf_utils import tf\n\n\ndef run(x):\n    return x\n",
        "pkg/uses_layer.py": "from pkg.layers import Dense\n\n\nclass Head(Dense):\n    pass\n",
        "pkg/traced_helper.py": "def add(x):\n    return x + 1\n",
        "pkg/caller.py": "import tensorflow as tf\nfrom pkg.traced_helper import add\n\n\n@tf.function\ndef f(x):\n"
        "    return add(x)\n",
    }
    index = index_of_files(tmp_path, files)
    reaching = {path for path in index.summaries if index.link_for(path).reaches_graph_code}
    assert {"pkg/uses_step.py", "pkg/uses_alias.py", "pkg/uses_layer.py", "pkg/traced_helper.py"} <= reaching
    assert "pkg/uses_plain.py" not in reaching
    for path, summary in index.summaries.items():
        if path in reaching:
            assert index._may_reach_graph_code(summary), path
    assert not index._may_reach_graph_code(index.summaries["pkg/uses_plain.py"])


def test_a_module_whose_relative_import_names_a_missing_module_cannot_be_imported(tmp_path):
    from hybridlint.project import missing_relative_import

    package = tmp_path / "pkg" / "models" / "legacy"
    package.mkdir(parents=True)
    (tmp_path / "pkg" / "layers.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "models" / "blocks").mkdir()  # a namespace package
    (tmp_path / "pkg" / "models" / "_ops.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")

    def dead(text: str):
        module = package / "model.py"
        module.write_text(text, encoding="utf-8")
        found = missing_relative_import(ast.parse(text), str(module))
        return found.lineno if found is not None else None

    assert dead("import os\nfrom ..layers import Scale\n") == 2  # pkg/models/layers: not there
    assert dead("from ...layers import Scale\n") is None  # pkg/layers.py
    assert dead("from ..blocks.conv import Conv\n") == 1  # the namespace package has no `conv`
    assert dead("from ..blocks import conv\n") is None  # `conv` may be a name: not judged
    assert dead("from .._ops import add\n") is None  # a compiled module counts
    assert dead("try:\n    from ..layers import Scale\nexcept ImportError:\n    Scale = None\n") is None
    assert dead("def f():\n    from ..layers import Scale\n") is None  # only what runs on import
    assert missing_relative_import(ast.parse("from ..layers import Scale\n"), str(tmp_path / "nowhere.py")) is None


def test_the_index_judges_relative_imports_from_what_it_listed_when_built(tmp_path):
    """A check asks the index whether a module can be imported, and the index answers from the folders it
    listed when it was built: with the whole package gone from disk after the build, each module is still
    judged as the project was (no check reads the disk)."""
    import shutil

    model = (
        "import tensorflow as tf\n\n"
        "from {import_line}\n\n\n"
        "class Model(tf.keras.Model):\n"
        "    def call(self, x):\n"
        "        self.offset = tf.Variable(1.0)\n"
        "        return x + self.offset\n"
    )
    texts = {
        "dead.py": model.format(import_line="..layers import Scale"),  # pkg/models/layers: not there
        "alive.py": model.format(import_line="...layers import Scale"),  # pkg/layers.py
        "compiled.py": model.format(import_line="._ops import add"),  # a compiled module the bench marks
        "stub.py": model.format(import_line=".._kernels import add"),  # a stub, no source
        "namespace.py": model.format(import_line="..blocks.conv import Conv"),  # the namespace package lacks it
    }
    files = {"pkg/__init__.py": "", "pkg/layers.py": "", "pkg/models/__init__.py": "", "pkg/models/legacy/__init__.py": ""}
    files.update({f"pkg/models/legacy/{name}": text for name, text in texts.items()})
    (tmp_path / "pkg" / "models" / "legacy").mkdir(parents=True)
    (tmp_path / "pkg" / "models" / "legacy" / "_ops.cpython-311-x86_64-linux-gnu.so.skipped").write_bytes(b"")
    (tmp_path / "pkg" / "models" / "_kernels.pyi").write_text("def add(x): ...\n", encoding="utf-8")
    (tmp_path / "pkg" / "models" / "blocks").mkdir()
    index = index_of_files(tmp_path, files)
    links = {name: index.link_for(f"pkg/models/legacy/{name}") for name in texts}
    shutil.rmtree(tmp_path / "pkg")

    def weak(name: str) -> bool:
        (finding,) = [
            f
            for f in check_source(texts[name], str(tmp_path / "pkg/models/legacy" / name), settings=PREVIEW, link=links[name]).findings
            if f.code == "HYB011"
        ]
        return finding.weak and "cannot be imported" in finding.message

    assert {name: weak(name) for name in texts} == {
        "dead.py": True,
        "alive.py": False,
        "compiled.py": False,
        "stub.py": False,
        "namespace.py": True,
    }


def test_a_function_bound_by_functools_partial_is_what_the_summary_says_is_called():
    # `_fill` asks whether a call is `functools.partial(f, ...)` only of texts that name `partial`
    # (under any alias, the word is in the text): `f` is then what is wrapped, mapped or bound.
    text = (
        "import functools\nimport tensorflow as tf\nfrom pkg.b import step\nfrom functools import partial as bind\n\n"
        "def run(ds):\n    f = tf.function(functools.partial(step, 1))\n    ds.map(bind(step, 2))\n"
        "    g = functools.partial(step, 3)\n    return f\n"
    )
    edges = [(e.kind, e.span[0]) for e in summarize(text, "pkg/a.py", "pkg.a", "pkg").edges if e.target == "pkg.b.step"]
    assert edges == [("wrapped", 7), ("partial", 7), ("reference", 8), ("dataset", 8), ("partial", 8), ("partial", 9)]
    plain = text.replace("functools.partial(", "step_with(").replace("bind(", "step_with(")
    assert {e.kind for e in summarize(plain, "pkg/a.py", "pkg.a", "pkg").edges if e.target == "pkg.b.step"} <= {"reference"}


_EAGER_OFF = "import tensorflow as tf\n\ntf.compat.v1.disable_eager_execution()\n"
_LAYER = "import tensorflow as tf\n\n\nclass Scale(tf.keras.layers.Layer):\n    def call(self, x):\n        return x\n"


@pytest.mark.parametrize(
    "files, path, shown",
    [
        (
            {"rl/__init__.py": "", "rl/agents/__init__.py": "from .dqn import Scale\nfrom .ddpg import soft\n", "rl/agents/ddpg.py": _EAGER_OFF + "soft = 1\n"},
            "rl/agents/dqn.py",
            "importing this module runs `rl/agents/__init__.py`, which imports `rl/agents/ddpg.py`, which turns eager "
            "execution off when it is imported (line 3: `tf.compat.v1.disable_eager_execution()`)",
        ),
        (
            {"pkg/__init__.py": "import pkg.legacy\n", "pkg/sub/__init__.py": "", "pkg/legacy.py": "from . import updates\n", "pkg/updates.py": _EAGER_OFF},
            "pkg/sub/dqn.py",
            "importing this module runs `pkg/sub/__init__.py`, which runs its package `pkg/__init__.py` first, which imports "
            "`pkg/legacy.py`, which imports `pkg/updates.py`, which turns eager execution off when it is imported (line 3: "
            "`tf.compat.v1.disable_eager_execution()`)",
        ),
        (
            {"agents/__init__.py": "", "agents/ddpg.py": _EAGER_OFF},
            "agents/dqn.py",
            "",  # nothing that importing `agents.dqn` runs imports `agents.ddpg`
        ),
        (
            {"agents/__init__.py": "def load():\n    from . import ddpg\n", "agents/ddpg.py": _EAGER_OFF},
            "agents/dqn.py",
            "",  # imported only inside a function
        ),
        (
            {"agents/__init__.py": "from . import ddpg\n", "agents/ddpg.py": "import tensorflow as tf\n\nif __name__ == '__main__':\n    tf.compat.v1.disable_eager_execution()\n"},
            "agents/dqn.py",
            "",  # turned off only when run as a script
        ),
        (
            {"agents/__init__.py": "", "agents/ddpg.py": "import tensorflow.compat.v1 as tf\n\ntf.disable_v2_behavior()\n"},
            "agents/dqn.py",
            "",  # the module itself is not imported...
        ),
    ],
    ids=["package-init-imports-it", "through-parent-package", "not-imported", "imported-in-function", "under-main", "alias-not-imported"],
)
def test_the_link_says_which_module_turns_eager_execution_off_on_import(tmp_path, files, path, shown):
    index = index_of_files(tmp_path, {**files, path: _LAYER})
    assert index.link_for(path).eager_off == shown


def test_a_module_importing_one_that_turns_eager_execution_off_is_told_so(tmp_path):
    files = {"agents/__init__.py": "", "agents/ddpg.py": "import tensorflow.compat.v1 as tf\n\ntf.disable_v2_behavior()\n"}
    index = index_of_files(tmp_path, {**files, "agents/dqn.py": "from . import ddpg\n" + _LAYER})
    assert index.summaries["agents/ddpg.py"].eager_off == [3, "tf.disable_v2_behavior()"]
    assert index.link_for("agents/dqn.py").eager_off == (
        "this module imports `agents/ddpg.py`, which turns eager execution off when it is imported (line 3: "
        "`tf.disable_v2_behavior()`)"
    )
    assert index.link_for("agents/ddpg.py").eager_off == ""  # its own call is its facts' to see


def test_abc_among_the_bases_does_not_stop_inheritance(tmp_path):
    # `class OffPolicy(BaseAgent, ABC)`: ABC defines no method, so `self.get_states` of a subclass in another
    # module finds BaseAgent's (xagents 1.0.1)
    base = (
        "from abc import ABC\n\n\nclass BaseAgent(ABC):\n    def get_states(self):\n        return self.states\n\n\n"
        "class OffPolicy(BaseAgent, ABC):\n    def fill(self):\n        pass\n\n\n"
        "class Mixed(BaseAgent, dict):\n    pass\n"
    )
    index = index_of_files(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": base})
    assert "get_states" in index.inherited("pkg.base.OffPolicy")
    assert "get_states" not in index.inherited("pkg.base.Mixed")  # a second base that may define anything


def test_keras_classes_built_once_are_not_traced_through_the_hierarchy(tmp_path):
    # multi-backend Keras (here the project is the `keras` package 2.2): Keras builds `call` once in a graph,
    # so a subclass in another module calls its base's methods in no trace (keras-mxnet 2.2.4.3)
    files = {
        "keras/__init__.py": "__version__ = '2.2.4'\n",
        "keras/engine/__init__.py": "",
        "keras/engine/base_layer.py": "class Layer(object):\n    def add_loss(self, x):\n        self.losses[id(x)] = x\n",
        "keras/layers/__init__.py": "",
        "keras/layers/core.py": "from ..engine.base_layer import Layer\n\n\nclass Dense(Layer):\n    def call(self, x):\n"
        "        self.add_loss(x)\n        return x\n",
    }
    index = index_of_files(tmp_path, files)
    assert index.summaries["keras/layers/core.py"].built_once == ["Dense"]
    assert "Layer.add_loss" not in index.link_for("keras/engine/base_layer.py").incoming
    files["keras/__init__.py"] = "__version__ = '2.4.3'\n"  # the keras package is tf.keras from 2.4 on
    index = index_of_files(tmp_path, files)
    assert index.summaries["keras/layers/core.py"].built_once == []
    assert "Layer.add_loss" in index.link_for("keras/engine/base_layer.py").incoming
