"""`hybridlint check` over a project: findings that need another module (a tf.function defined in
`pkg/model.py`, called from `pkg/train.py`; a helper in `pkg/helpers.py` that only runs traced),
the index cache between runs, and how related places in other files are shown."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import sys
from pathlib import Path

import jsonschema
import pytest

from hybridlint.cli import CACHE_DIR, IN_PROCESS_BELOW, main

# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = ["--preview"]

MODEL = """\
import tensorflow as tf
from .helpers import log_metrics


@tf.function
def train_step(x, step):
    log_metrics(tf.abs(x))  # a tensor: printing it in the helper prints a symbolic tensor
    return x * 2


class Trainer:
    @tf.function
    def step(self, x, lr):
        return x * lr
"""
HELPERS = """\
def log_metrics(x):
    print("loss", x)
"""
TRAIN = """\
import tensorflow as tf
from pkg.model import train_step, Trainer


def train(ds):
    trainer = Trainer()
    for step in range(100):
        train_step(tf.ones([2]), step)
        trainer.step(tf.ones([2]), step * 0.1)
"""
# A deprecated tf.function argument with a safe fix (HYB025) in the module others import.
DEPRECATED_MODEL = MODEL.replace(
    "@tf.function\n    def step", "@tf.function(experimental_relax_shapes=True)\n    def step"
)
FILES = {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/helpers.py": HELPERS, "pkg/train.py": TRAIN}
# The rules whose findings here need the other modules; pinned so new rules cannot change the outcome.
SELECT = ["--select", "HYB004,HYB006,HYB025"]
FIGURES = re.compile(r"project index of .*: (\d+) modules, (\d+) reused from cache")


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for rel, text in FILES.items():
        write(tmp_path / rel, text)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(capsys, *argv: str):
    code = main(["check", *MODE, *SELECT, *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def findings(capsys, *argv: str) -> list:
    code, out, _ = run(capsys, "--format", "json", *argv)
    items = json.loads(out)
    assert code == (1 if items else 0)
    return items


def codes_by_file(items: list) -> dict:
    found: dict = {}
    for item in items:
        found.setdefault(item["filename"], []).append(item["code"])
    return {path: sorted(codes) for path, codes in found.items()}


def figures(err: str) -> tuple:
    match = FIGURES.search(err)
    assert match, err
    return int(match.group(1)), int(match.group(2))


CROSS_MODULE = {"pkg/helpers.py": ["HYB006"], "pkg/train.py": ["HYB004", "HYB004"]}


# -- findings across modules --------------------------------------------------------------------


def test_findings_that_need_other_modules_name_them_as_related(project, capsys):
    items = findings(capsys)
    assert codes_by_file(items) == CROSS_MODULE
    retrace = [f for f in items if f["code"] == "HYB004"]
    # The call sites in train.py point at the tf.functions they retrace, in model.py.
    model_lines = MODEL.splitlines()
    for finding in retrace:
        (related,) = finding["related"]
        assert related["filename"] == "pkg/model.py"
        line = model_lines[related["location"]["row"] - 1]
        assert line.lstrip().startswith("def ")
    assert {model_lines[f["related"][0]["location"]["row"] - 1].split("(")[0].split()[-1] for f in retrace} == {
        "train_step",
        "step",
    }
    (traced_print,) = [f for f in items if f["code"] == "HYB006"]
    assert traced_print["location"]["row"] == 2  # print(...) in helpers.py
    assert any(r["filename"] == "pkg/model.py" for r in traced_print["related"])


def test_sarif_related_locations_name_the_other_file_and_validate(project, capsys):
    from test_output import sarif_schema

    schema = sarif_schema()
    code, out, _ = run(capsys, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    results = log["runs"][0]["results"]
    retrace = [r for r in results if r["ruleId"] == "HYB004"]
    assert len(retrace) == 2
    for result in retrace:
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/train.py"
        related = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
        assert related == {"uri": "pkg/model.py", "uriBaseId": "%SRCROOT%"}


def test_checking_one_file_still_sees_the_rest_of_the_project(project, capsys):
    items = findings(capsys, "pkg/train.py")
    assert codes_by_file(items) == {"pkg/train.py": ["HYB004", "HYB004"]}
    items = findings(capsys, "pkg/helpers.py")
    assert codes_by_file(items) == {"pkg/helpers.py": ["HYB006"]}


def test_related_files_are_shown_relative_to_the_working_folder(project, capsys, monkeypatch):
    write(project / "pyproject.toml", "[tool.hybridlint]\n")
    monkeypatch.chdir(project / "pkg")
    items = findings(capsys, "train.py")
    assert {f["filename"] for f in items} == {"train.py"}
    assert {r["filename"] for f in items for r in f["related"]} == {"model.py"}


def test_cross_module_off_by_flag_or_configuration(project, capsys):
    assert findings(capsys, "--no-cross-module") == []
    assert not (project / CACHE_DIR).exists()
    write(project / "pyproject.toml", "[tool.hybridlint]\ncross-module = false\n")
    assert findings(capsys) == []
    assert findings(capsys, "pkg/train.py") == []


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_parallel_workers_get_each_file_its_link(project, capsys, monkeypatch, start_method):
    # Forked workers look links up in the index they inherit; spawned ones get them with the task.
    monkeypatch.setattr("hybridlint.cli.multiprocessing.get_start_method", lambda: start_method)
    for number in range(IN_PROCESS_BELOW):
        write(project / "pkg" / f"extra_{number}.py", f"import tensorflow as tf\nVALUE_{number} = tf.constant(1)\n")
    one = findings(capsys, "--jobs", "1")
    two = findings(capsys, "--jobs", "2")
    assert codes_by_file(one) == codes_by_file(two) == CROSS_MODULE
    assert one == two


def test_cold_parallel_run_reusing_the_index_trees_finds_what_one_process_finds(project, capsys):
    # Without a cache the index's processes summarize every module and keep the trees of the modules
    # to check; each is then checked by the process holding its tree, with its link sent along.
    for number in range(IN_PROCESS_BELOW):
        write(project / "pkg" / f"extra_{number}.py", f"import tensorflow as tf\nVALUE_{number} = tf.constant(1)\n")
    one = findings(capsys, "--jobs", "1", "--no-cache")
    two = findings(capsys, "--jobs", "2", "--no-cache")
    assert codes_by_file(two) == CROSS_MODULE
    assert one == two
    shard = findings(capsys, "--jobs", "2", "--no-cache", "--shard", "1/1")
    assert shard == one


def test_stdin_with_a_filename_is_checked_as_part_of_the_project(project, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TRAIN.encode("utf-8")), encoding="utf-8"))
    items = findings(capsys, "--stdin-filename", "pkg/train.py")
    assert codes_by_file(items) == {"pkg/train.py": ["HYB004", "HYB004"]}
    assert {r["filename"] for f in items for r in f["related"]} == {"pkg/model.py"}


def test_stdin_buffer_replaces_the_file_on_disk_in_the_index(project, capsys, monkeypatch):
    # The editor's unsaved model.py no longer traces train_step: its own check must not say that
    # log_metrics (called from train_step) is traced, while the file on disk still does.
    untraced = MODEL.replace("@tf.function\ndef train_step", "def train_step")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(untraced.encode("utf-8")), encoding="utf-8"))
    assert findings(capsys, "--stdin-filename", "pkg/model.py", "--no-cache") == []
    assert codes_by_file(findings(capsys, "pkg/helpers.py", "--no-cache")) == {"pkg/helpers.py": ["HYB006"]}


# -- the cache ----------------------------------------------------------------------------------


def test_second_run_reuses_the_cache(project, capsys):
    _, _, err = run(capsys, "--verbose", "--format", "json")
    assert figures(err) == (4, 0)
    cache = project / CACHE_DIR
    assert (cache / "index.json").is_file()
    assert (cache / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    code, out, err = run(capsys, "--verbose", "--format", "json")
    assert figures(err) == (4, 4)
    assert codes_by_file(json.loads(out)) == CROSS_MODULE


def test_editing_a_module_between_runs_updates_the_findings(project, capsys):
    assert codes_by_file(findings(capsys)) == CROSS_MODULE
    # train_step is no longer a tf.function: no retracing at its call, and log_metrics is no
    # longer traced; Trainer.step still is.
    write(project / "pkg" / "model.py", MODEL.replace("@tf.function\ndef train_step", "def train_step"))
    code, out, err = run(capsys, "--verbose", "--format", "json")
    assert figures(err) == (4, 3)
    items = json.loads(out)
    assert codes_by_file(items) == {"pkg/train.py": ["HYB004"]}
    assert "trainer.step" in items[0]["message"]


def test_a_cache_written_by_a_run_with_fewer_rules_still_gives_every_rule_its_notes(project, capsys):
    # HYB004 offers `tf.constant(step)` only when the callee's own module notes that `step` only feeds
    # TensorFlow ops; a run without HYB004 does not compute that note, and its cache must not hide it
    wanted = findings(capsys, "--no-cache")
    assert [item["fix"] is not None for item in wanted if item["code"] == "HYB004"] == [True, True]
    main(["check", *MODE, "--select", "HYB006", "--format", "json"])
    capsys.readouterr()
    assert (project / CACHE_DIR / "index.json").is_file()
    code, out, err = run(capsys, "--verbose", "--format", "json")
    assert figures(err) == (4, 4)
    assert json.loads(out) == wanted


def test_a_damaged_cache_is_rebuilt_silently(project, capsys):
    findings(capsys)
    index = project / CACHE_DIR / "index.json"
    key_only = json.dumps({"key": json.loads(index.read_text())["key"]}).encode()
    for damage in (b"{not json", b'{"key": 1}', key_only, b"\xff\x00"):
        index.write_bytes(damage)
        code, out, err = run(capsys, "--format", "json", "--verbose")
        assert codes_by_file(json.loads(out)) == CROSS_MODULE
        assert "warning" not in err and "error" not in err
        assert figures(err) == (4, 0)
        assert "built anew" in err  # --verbose says why nothing was reused
        json.loads(index.read_text(encoding="utf-8"))  # written again, whole


def test_cache_options(project, capsys, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("cache")
    assert codes_by_file(findings(capsys, "--cache-dir", str(elsewhere))) == CROSS_MODULE
    assert (elsewhere / "index.json").is_file() and not (project / CACHE_DIR).exists()
    _, _, err = run(capsys, "--cache-dir", str(elsewhere), "--verbose")
    assert figures(err) == (4, 4)
    _, out, err = run(capsys, "--no-cache", "--verbose", "--format", "json")
    assert figures(err) == (4, 0) and codes_by_file(json.loads(out)) == CROSS_MODULE
    assert not (project / CACHE_DIR).exists()


def test_a_project_where_the_cache_cannot_be_written_is_still_checked(project, capsys):
    # A file where the cache folder should be: creating the folder fails as in a read-only tree
    # (chmod would not stop the root user these tests may run as).
    (project / CACHE_DIR).write_text("not a folder", encoding="utf-8")
    for _ in range(2):
        code, out, err = run(capsys, "--format", "json", "--verbose")
        assert codes_by_file(json.loads(out)) == CROSS_MODULE
        assert figures(err) == (4, 0) and "warning" not in err


def test_a_read_only_project_is_checked_without_a_cache(project, capsys, monkeypatch):
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        # Root may write anywhere (and Windows has no such mode bits): the twin makes every write
        # under the project fail as a read-only folder would, so this never skips.
        real_mkdir = Path.mkdir

        def read_only_mkdir(self, *args, **kwargs):
            if str(self).startswith(str(project)):
                raise PermissionError(13, "Permission denied", str(self))
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", read_only_mkdir)
        code, out, err = run(capsys, "--format", "json")
        assert codes_by_file(json.loads(out)) == CROSS_MODULE
        assert not (project / CACHE_DIR).exists()
        return
    os.chmod(project, 0o555)
    try:
        code, out, err = run(capsys, "--format", "json")
        assert codes_by_file(json.loads(out)) == CROSS_MODULE
        assert not (project / CACHE_DIR).exists()
    finally:
        os.chmod(project, 0o755)


# -- fixes --------------------------------------------------------------------------------------


def test_fix_with_cross_module_links_writes_only_parsable_files(project, capsys):
    write(project / "pkg" / "model.py", DEPRECATED_MODEL)
    before = findings(capsys)
    fixable = [f for f in before if f["fix"] is not None]
    assert any(f["filename"] == "pkg/model.py" for f in fixable)
    code, out, err = run(capsys, "--fix", "--unsafe-fixes")
    files_fixed = {f["filename"] for f in fixable}
    assert f"Fixed {len(fixable)} finding" in out and f"in {len(files_fixed)} file" in out
    for rel in FILES:
        ast.parse((project / rel).read_text(encoding="utf-8"))
    assert "reduce_retracing=True" in (project / "pkg" / "model.py").read_text(encoding="utf-8")
    # The index was built before the fixes; the next run sees the fixed files by their hashes, and
    # what remains is what had no fix.
    code, out, err = run(capsys, "--verbose", "--format", "json")
    assert figures(err) == (4, 4 - len(files_fixed))
    remaining = json.loads(out)
    assert codes_by_file(remaining) == codes_by_file([f for f in before if f["fix"] is None])
    assert code == (1 if remaining else 0)


def test_diff_with_cross_module_links_writes_nothing(project, capsys):
    write(project / "requirements.txt", "tensorflow>=2.9\n")  # the rename is safe: `--diff` shows it
    write(project / "pkg" / "model.py", DEPRECATED_MODEL)
    code, out, _ = run(capsys, "--diff")
    assert code == 1 and "+    @tf.function(reduce_retracing=True)" in out
    assert (project / "pkg" / "model.py").read_text(encoding="utf-8") == DEPRECATED_MODEL


def test_without_a_pyproject_only_the_checked_packages_are_indexed(project, capsys):
    # The root is then the working folder, which may be a home folder full of other code.
    write(project / "elsewhere" / "big.py", "import tensorflow as tf\n")
    write(project / "elsewhere" / "other.py", "x = 1\n")
    _, out, err = run(capsys, "--verbose", "--format", "json", "pkg/train.py")
    assert figures(err)[0] == 4  # pkg/ only
    assert codes_by_file(json.loads(out)) == {"pkg/train.py": ["HYB004", "HYB004"]}
    write(project / "pyproject.toml", "[tool.hybridlint]\n")
    _, _, err = run(capsys, "--verbose", "--format", "json", "pkg/train.py")
    assert figures(err)[0] == 6  # a configured project is indexed whole


def test_without_a_pyproject_a_script_brings_only_what_its_imports_can_reach(project, capsys):
    # A script in a folder that is no package (a home folder, /tmp): the modules and packages beside
    # it are indexed, not every folder below it.
    write(project / "scripts" / "train.py", "import tensorflow as tf\nfrom steps import step\n\nfor i in range(3):\n    step(i)\n")
    write(project / "scripts" / "steps.py", "import tensorflow as tf\n\n\n@tf.function\ndef step(x):\n    return x\n")
    write(project / "scripts" / "lib" / "__init__.py", "")
    write(project / "scripts" / "lib" / "ops.py", "import tensorflow as tf\n")
    for number in range(3):
        write(project / "scripts" / "old_runs" / f"copy_{number}.py", "import tensorflow as tf\n")
    _, out, err = run(capsys, "--verbose", "--format", "json", "scripts/train.py")
    assert figures(err)[0] == 4  # train.py, steps.py and the package lib/, not old_runs/
    assert codes_by_file(json.loads(out)) == {"scripts/train.py": ["HYB004"]}
    # a folder named on the command line is indexed whole
    _, _, err = run(capsys, "--verbose", "--format", "json", "scripts")
    assert figures(err)[0] == 7


def test_an_unchanged_project_does_not_rewrite_its_cache(project, capsys):
    findings(capsys)
    index = project / CACHE_DIR / "index.json"
    before = index.stat().st_mtime_ns
    os.utime(index, ns=(before - 10**9, before - 10**9))
    findings(capsys)
    assert index.stat().st_mtime_ns == before - 10**9


def test_a_cold_parallel_run_checks_a_keras_layer_named_through_an_outside_package(project, capsys):
    # The index's summary keeps `keras` imported from another package for the index to resolve, and
    # finds no traced code here; the check binds it to Keras by name and traces `call`: the module
    # must still get its facts when the check reuses the summary's tree.
    write(
        project / "pkg" / "layer.py",
        "import tensorflow as tf\nfrom outside_package import keras\n\n\nclass Noisy(keras.layers.Dense):\n"
        "    def call(self, x):\n        print(x)\n        return x\n",
    )
    for number in range(IN_PROCESS_BELOW):
        write(project / "pkg" / f"extra_{number}.py", f"import tensorflow as tf\nVALUE_{number} = tf.constant(1)\n")
    one = findings(capsys, "--jobs", "1", "--no-cache")
    two = findings(capsys, "--jobs", "2", "--no-cache")
    assert codes_by_file(two) == {**CROSS_MODULE, "pkg/layer.py": ["HYB006"]}
    assert one == two


def test_a_cold_parallel_run_reports_modules_with_nothing_to_check_as_one_process_does(project, capsys):
    # `OwnerPool.quiet`: a module that never mentions TensorFlow, or whose summary found no traced code
    # and leaves no rule to run (no word a rule needs, a file-level noqa), gets its report without a
    # check while its link reaches no graph code. `pkg/helpers.py` (no TensorFlow, but called from a
    # tf.function) and a module with a deprecated switch (HYB025 needs no traced code) are checked.
    switch = "import tensorflow as tf\n\ntf.config.experimental_run_functions_eagerly(False)\n"
    write(project / "pkg" / "switch.py", switch)
    write(project / "pkg" / "silenced.py", "# hybridlint: noqa\n" + switch)
    write(project / "pkg" / "plain.py", "def add(a, b):\n    return a + b\n")
    for number in range(IN_PROCESS_BELOW):
        write(project / "pkg" / f"extra_{number}.py", f"import tensorflow as tf\nVALUE_{number} = tf.constant(1)\n")
    runs = [run(capsys, "--format", "json", "--jobs", jobs, "--no-cache", "--verbose") for jobs in ("1", "2")]
    (_, one, one_err), (_, two, two_err) = runs
    assert codes_by_file(json.loads(two)) == {**CROSS_MODULE, "pkg/switch.py": ["HYB025"]}
    assert json.loads(one) == json.loads(two)

    def skipped(err: str) -> tuple:  # the modules skipped unread, and the count of those checked
        counted = re.search(r"checked \d+ files?(, skipped \d+ without TensorFlow,)?", err)
        assert counted, err
        return counted.group(0), sorted(line for line in err.splitlines() if "never mentions TensorFlow" in line)

    assert skipped(one_err) == skipped(two_err)
    assert "pkg/plain.py" in "".join(skipped(two_err)[1]) and "pkg/helpers.py" not in "".join(skipped(two_err)[1])


# What only some rules read of the index (`Rule.reads_index`) is left out of a run that selects none of
# them; a cache such a run writes must still give those rules what they read.
_LOOP_OPS = """\
import tensorflow as tf


def sinkhorn(log_alpha, n_iters):
    for _ in range(n_iters):
        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=2, keepdims=True)
    return tf.exp(log_alpha)
"""
_LOOP_LAYERS = """\
import tensorflow as tf

from pkg import ops


class Permute(tf.keras.layers.Layer):
    def call(self, logits):
        return ops.sinkhorn(logits, n_iters=20)
"""
_STEP = """\
import tensorflow as tf
from pkg.metrics import record

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
opt = tf.keras.optimizers.Adam()


def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    record(loss)
    return loss


for x, y in dataset:
    train_step(x, y)
"""
_METRICS_EFFECT = "history = []\n\n\ndef record(loss):\n    history.append(loss)\n"


@pytest.mark.parametrize(
    "files, select, wanted",
    [
        # HYB024 reads the ints callers in other modules pass (`int_args`): 20 is a small count (without
        # it the count is unknown, and reported)
        ({"pkg/ops.py": _LOOP_OPS, "pkg/layers.py": _LOOP_LAYERS}, "HYB024", {}),
        # HYB001 reads the side effects of functions in other modules (`effects`): an append there keeps
        # it silent
        ({"pkg/train.py": _STEP, "pkg/metrics.py": _METRICS_EFFECT}, "HYB001", {}),
    ],
)
def test_what_only_some_rules_read_is_there_when_a_cache_written_without_it_is_read(
    tmp_path, monkeypatch, capsys, files, select, wanted
):
    for rel, text in {"pkg/__init__.py": "", **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def codes(*extra: str) -> dict:
        main(["check", "--preview", "--select", select, "--format", "json", "pkg", *extra])
        out = capsys.readouterr().out
        found: dict = {}
        for item in json.loads(out):
            found.setdefault(item["filename"].replace("\\", "/"), []).append(item["code"])
        return found

    assert codes("--no-cache") == wanted
    # a run of a rule that reads neither writes the cache without them
    main(["check", "--select", "HYB006", "--format", "json", "pkg"])
    capsys.readouterr()
    assert (tmp_path / CACHE_DIR / "index.json").is_file()
    assert codes() == wanted
    assert codes() == wanted  # and from the cache this run wrote


def test_every_rule_declares_what_it_reads_of_the_index():
    # A rule whose code reads other modules' side effects or their callers' ints must say so
    # (`Rule.reads_index`): a run that selects no rule reading them leaves them out of the index.
    import inspect

    from hybridlint.project import CALL_INTS, EFFECTS
    from hybridlint.registry import all_rules

    for rule in all_rules():
        source = inspect.getsource(sys.modules[rule.__module__])
        assert rule.reads_index <= {EFFECTS, CALL_INTS}, rule.code
        # the side effects of functions (of other modules too) are what `local`, `transitive` and
        # `has_effects` answer; `output_kind`/`is_logger` read only this module
        if "effects_for(" in source and any(f"{m}(" in source for m in (".local", ".transitive", ".has_effects", "effects_in")):
            assert EFFECTS in rule.reads_index, f"{rule.code} reads side effects: reads_index needs {EFFECTS!r}"
        if "int_args" in source:
            assert CALL_INTS in rule.reads_index, f"{rule.code} reads int_args: reads_index needs {CALL_INTS!r}"


_HELPER = """\
import tensorflow as tf


def make(x):
    return tf.abs(x) * 2
"""
_USER = """\
import tensorflow as tf

from pkg.helpers import make


def run(x):
    y = make(x)
    print(y)
    return y
"""


def test_a_module_called_only_from_modules_whose_links_no_check_reads_is_described_once_one_is(
    tmp_path, monkeypatch, capsys
):
    # The CLI describes a module's functions (whether each returns a tensor...) only when a module
    # whose link a check reads calls them: here `run` is traced by nothing, so no check of
    # `pkg/use.py` builds facts and `make` goes undescribed into the cache. Once `run` is a
    # tf.function, `pkg/use.py` reads its link: `make` is described, as without a cache.
    for rel, text in {"pkg/__init__.py": "", "pkg/helpers.py": _HELPER, "pkg/use.py": _USER}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def run(*extra: str) -> list:
        main(["check", "--format", "json", "pkg", *extra])
        return json.loads(capsys.readouterr().out)

    assert run() == []
    cache = json.loads((tmp_path / CACHE_DIR / "index.json").read_text(encoding="utf-8"))
    records = cache["summaries"]["pkg/helpers.py"][1]
    assert [r[0] for r in records] == ["make"] and records[0][10] is False  # `described`
    (tmp_path / "pkg/use.py").write_text(_USER.replace("def run", "@tf.function\ndef run"), encoding="utf-8")
    wanted = run("--no-cache")
    assert [f["code"] for f in wanted] == ["HYB006"] and "tensor" in wanted[0]["message"]
    assert run() == wanted
