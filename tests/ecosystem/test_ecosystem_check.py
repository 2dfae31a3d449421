"""bench/ecosystem.py's bookkeeping, without the network: unpacking releases, verdict keys that survive
a round trip through the TOML stub, precision with debatable verdicts left out, stale verdicts, tier
changes, and one real CLI run classifying findings as default or preview-only."""

from __future__ import annotations

import ast
import importlib.util
import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from hybridlint.project import missing_relative_import
from hybridlint.registry import rules_by_code

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("ecosystem", ROOT / "bench" / "ecosystem.py")
eco = importlib.util.module_from_spec(_spec)
sys.modules["ecosystem"] = eco
_spec.loader.exec_module(eco)  # type: ignore[union-attr]

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


def finding(rule="HYB006", text="print(x.shape)", mode="default", path="pkg/m.py", line=3):
    return eco.Finding("demo", path, rule, line, 5, text, "message", "warning", mode)


def verdicts_file(tmp_path, *entries):
    path = tmp_path / "verdicts.toml"
    path.write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    return eco.load_verdicts(path)


def filled(stub: str, verdict: str, reason: str = "why") -> str:
    return stub.replace('verdict = ""  # TP, FP or debatable', f'verdict = "{verdict}"').replace(
        'reason = ""', f'reason = "{reason}"'
    )


def test_a_filled_stub_matches_its_finding_even_with_quotes_and_unicode(tmp_path):
    tricky = finding(text='logging.info("loss %s \\\\ %r", "é\\t", x)  # "quoted"')
    verdicts, problems = verdicts_file(tmp_path, filled(eco.stub_entry(tricky), "FP"))
    assert problems == []
    assert verdicts[tricky.key].verdict == "FP"


def test_an_unfilled_stub_a_bad_verdict_and_a_duplicate_are_named(tmp_path):
    stub = eco.stub_entry(finding())
    _, problems = verdicts_file(tmp_path, stub)
    assert len(problems) == 1 and "is not TP, FP or debatable" in problems[0]
    _, problems = verdicts_file(tmp_path, filled(stub, "TP"), filled(stub, "FP"))
    assert len(problems) == 1 and "a second verdict" in problems[0]
    _, problems = verdicts_file(tmp_path, '[[finding]]\nproject = "demo"\nverdict = "TP"\n')
    assert "missing or not a string: path, rule, line, reason" in problems[0]


def test_precision_leaves_debatable_out_and_keeps_preview_only_apart(tmp_path):
    findings = [
        finding(text="a()"),
        finding(text="b()"),
        finding(text="c()"),
        finding(text="d()"),
        finding(text="e()", mode="preview"),
    ]
    verdicts, _ = verdicts_file(
        tmp_path,
        filled(eco.stub_entry(findings[0]), "TP"),
        filled(eco.stub_entry(findings[1]), "FP"),
        filled(eco.stub_entry(findings[2]), "debatable"),
        filled(eco.stub_entry(findings[4]), "TP"),
    )
    table = eco.tally(findings, verdicts)
    default, preview = table["HYB006"]["default"], table["HYB006"]["preview"]
    assert (default.findings, default.tp, default.fp, default.debatable, default.unjudged) == (4, 1, 1, 1, 1)
    assert default.precision == 0.5
    assert (preview.findings, preview.tp) == (1, 1)
    groups = eco.unjudged_groups(findings, verdicts)
    assert [g[0].text for g in groups] == ["d()"]


def test_tier_changes_follow_the_bar():
    good = eco.Counts(findings=6, tp=5, fp=0)
    few = eco.Counts(findings=4, tp=4)
    weak = eco.Counts(findings=10, tp=8, fp=2)
    empty = eco.Counts()
    table = {
        "HYB001": {"default": good, "preview": empty, "weak": weak},
        "HYB002": {"default": few, "preview": empty, "weak": empty},
        "HYB003": {"default": weak, "preview": empty, "weak": empty},
        "HYB004": {"default": empty, "preview": good, "weak": weak},
        # Its good record is all weaker evidence, which stays preview after a promotion.
        "HYB005": {"default": empty, "preview": few, "weak": good},
    }
    rules = [("HYB001", False), ("HYB002", False), ("HYB003", False), ("HYB004", True), ("HYB005", True)]
    changes = eco.tier_changes(table, rules)
    assert [c.split(":")[0] for c in changes] == ["HYB002", "HYB003", "HYB004"]
    assert "stable -> preview" in changes[0] and "preview -> stable" in changes[2]


def _wheel(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/__init__.py", "")
        archive.writestr("pkg/models/modeling_tf_bert.py", "import tensorflow as tf\n\nfrom .modeling_bert import Config\n")
        archive.writestr("pkg/models/modeling_bert.py", "import torch\n")
        archive.writestr("pkg/_ops.cpython-311-x86_64-linux-gnu.so", b"\x7fELF")
        archive.writestr(
            "pkg-1.0.dist-info/METADATA",
            "Name: pkg\nRequires-Dist: tensorflow-gpu (==2.6.0)\nRequires-Dist: numpy>=1.20\n"
            'Provides-Extra: test\nProvides-Extra: tf\nProvides-Extra: all\n'
            'Requires-Dist: pytest ; extra == "test"\n'
            "Requires-Dist: tensorflow (>=2.0) ; extra == 'tf'\n"
            'Requires-Dist: dataclasses ; (python_version < "3.7") and extra == \'tf\'\n'
            'Requires-Dist: tensorflow (>=2.0) ; extra == "all" or extra == "test"\n',
        )
        archive.writestr("../escape.py", "x = 1\n")
    return path


def test_unpack_keeps_included_python_files_only_and_marks_the_root(tmp_path):
    wheel = _wheel(tmp_path / "pkg-1.0-py3-none-any.whl")
    project = eco.Project("pkg", "1.0", wheel.name, "0" * 64, include=("pkg/models/modeling_tf_*.py",))
    src = eco.unpack(project, wheel, tmp_path / "src")
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    # The package's `__init__.py` too, as a checkout has it: it may check the TensorFlow it needs. The
    # other module files are marked, empty and unread: a checkout has them, so their importers are no dead code.
    assert files == [
        ".complete",
        "pkg/__init__.py",
        "pkg/_ops.cpython-311-x86_64-linux-gnu.so.skipped",
        "pkg/models/modeling_bert.py.skipped",
        "pkg/models/modeling_tf_bert.py",
        "pyproject.toml",
    ]
    assert all((src / f).read_bytes() == b"" for f in files if f.endswith(".skipped"))
    model = src / "pkg" / "models" / "modeling_tf_bert.py"
    assert missing_relative_import(ast.parse(model.read_text()), str(model)) is None
    pyproject = tomllib.loads((src / "pyproject.toml").read_text())
    assert pyproject["tool"]["hybridlint"] == {}
    # As a checkout's packaging files declare it: what pip installs by default, and each extra's
    # requirements under its name, without the `extra ==` clause the metadata adds (other markers kept).
    assert pyproject["project"]["dependencies"] == ["tensorflow-gpu (==2.6.0)", "numpy>=1.20"]
    assert pyproject["project"]["optional-dependencies"] == {
        "test": ["pytest", "tensorflow (>=2.0)"],
        "tf": ["tensorflow (>=2.0)", 'dataclasses; (python_version < "3.7")'],
        "all": ["tensorflow (>=2.0)"],
    }
    assert not (tmp_path / "escape.py").exists()


def test_an_sdist_loses_its_top_folder(tmp_path):
    sdist = tmp_path / "pkg-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        data = b"import tensorflow as tf\n"
        info = tarfile.TarInfo("pkg-1.0/pkg/core.py")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    src = eco.unpack(eco.Project("pkg", "1.0", sdist.name, "0" * 64), sdist, tmp_path / "src")
    assert (src / "pkg" / "core.py").read_bytes() == b"import tensorflow as tf\n"


def _sdist(path: Path, members: dict) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_a_scripts_part_unpacks_only_script_files_into_a_folder_of_its_own(tmp_path):
    script = b"import tensorflow as tf\nfrom pkg import core\n"
    sdist = _sdist(
        tmp_path / "pkg-1.0.tar.gz",
        {
            "pkg-1.0/PKG-INFO": b"Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\nRequires-Dist: tensorflow>=2.4\n",
            "pkg-1.0/setup.py": b"from setuptools import setup\n",
            "pkg-1.0/conftest.py": b"",
            "pkg-1.0/src/pkg/__init__.py": b"",
            "pkg-1.0/src/pkg/core.py": b"import tensorflow as tf\n",
            "pkg-1.0/src/pkg/examples/demo.py": b"import tensorflow as tf\n",  # in the package: checked with it
            "pkg-1.0/src/pkg/_ops.so": b"",
            "pkg-1.0/examples/train.py": script,
            "pkg-1.0/examples/__init__.py": b"",
            "pkg-1.0/examples/tests/helper.py": b"",
            "pkg-1.0/examples/test_train.py": b"",
            "pkg-1.0/examples/train_test.py": b"",
            "pkg-1.0/docs/conf.py": b"",
            "pkg-1.0/testing/util.py": b"",
            "pkg-1.0/test/util.py": b"",
            "pkg-1.0/doc/make_figures.py": b"import tensorflow\n",  # `doc` is no directory the rule names
        },
    )
    part = eco.Project.scripts_of("pkg", "1.0", sdist.name, "0" * 64, own=("src/pkg/*",))
    release = eco.Project("pkg", "1.0", "pkg-1.0-py3-none-any.whl", "1" * 64)
    assert (part.ident, eco.Project.scripts_of("pkg", "1.0", sdist.name, "0" * 64, own=(), older=True).ident) == (
        "pkg:scripts",
        "pkg==1.0:scripts",
    )
    assert eco.select_projects((release, part), ["pkg:scripts"]) == ([part], [])
    src = eco.unpack(part, sdist, tmp_path / "src")
    assert src != tmp_path / "src" / release.key and src.parent == tmp_path / "src"
    files = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    checked = [f for f in files if f.endswith(".py")]
    assert checked == ["doc/make_figures.py", "examples/__init__.py", "examples/train.py"]
    assert (src / "examples" / "train.py").read_bytes() == script
    # Every other module file is marked, unread, as in a checkout; the package itself is the release's.
    assert "src/pkg/core.py.skipped" in files and "src/pkg/__init__.py.skipped" in files
    assert "src/pkg/_ops.so.skipped" in files and "setup.py.skipped" in files
    assert set(files) - set(checked) == {".complete", "pyproject.toml"} | {f for f in files if f.endswith(".skipped")}
    pyproject = tomllib.loads((src / "pyproject.toml").read_text())
    assert pyproject["project"]["dependencies"] == ["tensorflow>=2.4"] and pyproject["tool"]["hybridlint"] == {}
    # The release itself unpacks beside it, untouched by the scripts part.
    eco.unpack(eco.Project("pkg", "1.0", sdist.name, "0" * 64), sdist, tmp_path / "src")
    assert (tmp_path / "src" / "pkg-1.0" / "src" / "pkg" / "core.py").exists()
    assert sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file()) == files


def test_a_real_run_keys_findings_by_line_text(tmp_path):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "model.py").write_text(
        "import tensorflow as tf\n\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x * 2\n",
        encoding="utf-8",
    )
    (src / "pyproject.toml").write_text("[tool.hybridlint]\nselect = [\"HYB025\"]\n", encoding="utf-8")
    run = eco.check_project(eco.Project("demo", "1", "demo.whl", "0" * 64), src, tmp_path / "cache")
    assert run.problems == [] and run.files == 1
    (found,) = run.findings
    # A stable rule's finding shows in the default run; a preview rule's only in the preview run.
    mode = "preview" if rules_by_code()["HYB025"].preview else "default"
    assert (found.path, found.rule, found.line, found.text, found.mode) == (
        "pkg/model.py",
        "HYB025",
        4,
        "@tf.function(experimental_relax_shapes=True)",
        mode,
    )


@pytest.mark.parametrize("suffix", [".md", ".json"])
def test_the_unjudged_list_carries_message_code_and_stub(tmp_path, suffix):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_text("".join(f"line{n}\n" for n in range(1, 21)), encoding="utf-8")
    out = tmp_path / f"unjudged{suffix}"
    eco.write_unjudged(out, [[finding(text="line10", line=10)]], {"demo": src})
    text = out.read_text(encoding="utf-8")
    assert "message" in text and "line3" in text and "line17" in text and "line2\n" not in text
    assert 'line = \\"line10\\"' in text if suffix == ".json" else 'line = "line10"' in text


def test_a_finding_only_the_preview_run_shows_is_preview_only(tmp_path, monkeypatch):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_text("a = 1\nb = 2\nc = 3\n", encoding="utf-8")

    def item(code, row, message="m"):
        where = {"row": row, "column": 1}
        return {"code": code, "message": message, "severity": "info", "filename": "pkg/m.py", "location": where}

    runs = {
        False: [item("HYB001", 1)],
        # The preview run repeats the default finding (even with another message) and adds two: one
        # of a preview rule, one decided on weaker evidence (the CLI's JSON says which).
        True: [item("HYB001", 1, "other words"), dict(item("HYB002", 3), preview="rule"), dict(item("HYB003", 2), preview="evidence")],
    }
    monkeypatch.setattr(eco, "run_cli", lambda src, cache, preview: (runs[preview], [], 0.0))
    run = eco.check_project(eco.Project("demo", "1", "demo.whl", "0" * 64), src, tmp_path / "cache")
    assert [(f.rule, f.text, f.mode) for f in run.findings] == [
        ("HYB001", "a = 1", "default"),
        ("HYB003", "b = 2", "weak"),
        ("HYB002", "c = 3", "preview"),
    ]


def test_every_pinned_release_has_its_own_verdict_key_and_cache_folder():
    idents = [p.ident for p in eco.PROJECTS]
    assert len(set(idents)) == len(idents)
    assert len({p.key for p in eco.PROJECTS}) == len(eco.PROJECTS)
    # The newest release of a project keeps the bare name its verdicts were written with.
    newest = {p.name for p in eco.PROJECTS if not p.label and not p.scripts}
    assert all(
        p.name in newest and p.ident == f"{p.name}=={p.version}" + (":scripts" if p.scripts else "")
        for p in eco.PROJECTS
        if p.label
    )
    # A scripts part is the sdist of a pinned release, and goes by that release's ident.
    releases = {p.ident: p for p in eco.PROJECTS if not p.scripts}
    for part in (p for p in eco.PROJECTS if p.scripts):
        release = releases[part.ident[: -len(":scripts")]]
        assert (release.name, release.version) == (part.name, part.version)
        assert part.filename.endswith((".tar.gz", ".zip")) and part.own


def test_an_older_release_keeps_its_verdicts_apart(tmp_path, monkeypatch):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_text("a = 1\n", encoding="utf-8")
    item = {"code": "HYB001", "message": "m", "severity": "info", "filename": "pkg/m.py", "location": {"row": 1, "column": 1}}
    monkeypatch.setattr(eco, "run_cli", lambda src, cache, preview: ([item], [], 0.0))
    new = eco.check_project(eco.Project("demo", "2.0", "demo.whl", "0" * 64), src, tmp_path / "cache")
    old = eco.check_project(eco.Project.older("demo", "1.0", "demo.whl", "1" * 64), src, tmp_path / "cache")
    (f_new,), (f_old,) = new.findings, old.findings
    verdicts, problems = verdicts_file(tmp_path, filled(eco.stub_entry(f_new), "TP"), filled(eco.stub_entry(f_old), "FP"))
    assert problems == []
    assert (verdicts[f_new.key].verdict, verdicts[f_old.key].verdict) == ("TP", "FP")
    assert f_old.project == "demo==1.0"


def test_a_compiled_wheel_is_fetched_for_its_own_python_and_platform():
    assert eco.binary_platform("tensorflow_addons-0.11.2-cp38-cp38-manylinux2010_x86_64.whl") == [
        "--implementation", "cp", "--python-version", "3.8", "--abi", "cp38", "--platform", "manylinux2010_x86_64",
    ]
    options = eco.binary_platform("pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    assert options[3] == "3.11" and options[-4:] == ["--platform", "manylinux_2_17_x86_64", "--platform", "manylinux2014_x86_64"]


def test_project_selects_every_release_of_a_name_or_one_release():
    new = eco.Project("demo", "2.0", "demo-2.0.whl", "0" * 64)
    old = eco.Project.older("demo", "1.0", "demo-1.0.whl", "1" * 64)
    other = eco.Project("other", "1.0", "other-1.0.whl", "2" * 64)
    pinned = (new, other, old)
    assert eco.select_projects(pinned, ["Demo"]) == ([new, old], [])
    assert eco.select_projects(pinned, ["demo==1.0"]) == ([old], [])
    assert eco.select_projects(pinned, ["demo==3.0", "other"]) == ([other], ["demo==3.0"])


_SAME_LINE_TWICE = (
    "import tensorflow as tf\n\n\n"
    "@tf.function\n"
    "def _heating(x):\n"
    "    return x\n\n\n"
    "class Env:\n"
    "    # @tf.function\n"
    "    def _outflow(self, x):\n"
    "        return x\n\n"
    "    @tf.function\n"
    "    def _inflow(self, x):\n"
    "        print(x)\n"
    "        print(x)\n"
    "        return x\n"
)


def _same_line_run(tmp_path, monkeypatch):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_text(_SAME_LINE_TWICE, encoding="utf-8")

    def item(code, row):
        return {"code": code, "message": "m", "severity": "info", "filename": "pkg/m.py", "location": {"row": row, "column": 5}}

    found = [item("HYB005", 4), item("HYB027", 10), item("HYB005", 14), item("HYB006", 16), item("HYB006", 17)]
    monkeypatch.setattr(eco, "run_cli", lambda src, cache, preview: (found, [], 0.0))
    return eco.check_project(eco.Project("demo", "1", "demo.whl", "0" * 64), src, tmp_path / "cache").findings


def test_findings_know_their_function_and_occurrence(tmp_path, monkeypatch):
    findings = _same_line_run(tmp_path, monkeypatch)
    # A decorator line belongs to the def it decorates, and so does a commented-out one right above it.
    assert [(f.text, f.function, f.occurrence, f.file_occurrence) for f in findings] == [
        ("@tf.function", "_heating", 1, 1),
        ("# @tf.function", "Env._outflow", 1, 1),
        ("@tf.function", "Env._inflow", 1, 2),
        ("print(x)", "Env._inflow", 1, 1),
        ("print(x)", "Env._inflow", 2, 2),
    ]


def test_a_narrowed_verdict_covers_only_its_finding_and_a_bare_one_the_rest(tmp_path, monkeypatch):
    heating, _outflow, inflow, first_print, second_print = _same_line_run(tmp_path, monkeypatch)
    stub = eco.stub_entry(heating)
    narrowed = stub.replace('line = "@tf.function"', 'line = "@tf.function"\nfunction = "Env._inflow"')
    second = eco.stub_entry(second_print).replace('line = "print(x)"', 'line = "print(x)"\noccurrence = 2')
    verdicts, problems = verdicts_file(
        tmp_path, filled(stub, "TP"), filled(narrowed, "FP"), filled(eco.stub_entry(first_print), "TP"), filled(second, "FP")
    )
    assert problems == []
    # A bare key keeps covering every finding with its line text unless a narrower verdict matches.
    assert [eco.verdict_for(f, verdicts).verdict for f in (heating, inflow, first_print, second_print)] == ["TP", "FP", "TP", "FP"]
    table = eco.tally([heating, inflow], verdicts)
    assert (table["HYB005"]["default"].tp, table["HYB005"]["default"].fp) == (1, 1)


def test_the_stubs_of_an_ambiguous_line_text_are_narrowed_and_round_trip(tmp_path, monkeypatch):
    findings = [f for f in _same_line_run(tmp_path, monkeypatch) if f.rule != "HYB027"]
    groups = eco.unjudged_groups(findings, {})
    assert [len(g) for g in groups] == [1, 1, 1, 1]
    stubs = [eco.stub_for(g) for g in groups]
    assert 'function = "_heating"' in stubs[0] and "occurrence" not in stubs[0]
    assert 'function = "Env._inflow"\nverdict' in stubs[1]
    # both prints are in one function: by occurrence (the line text is in a single function)
    assert "function" not in stubs[2] and "occurrence = 1" in stubs[2] and "occurrence = 2" in stubs[3]
    verdicts, problems = verdicts_file(tmp_path, *(filled(s, v) for s, v in zip(stubs, ["TP", "FP", "TP", "debatable"])))
    assert problems == []
    assert [eco.verdict_for(f, verdicts).verdict for f in findings] == ["TP", "FP", "TP", "debatable"]
    assert eco.unjudged_groups(findings, verdicts) == []


def test_a_bad_narrowing_is_named(tmp_path):
    stub = filled(eco.stub_entry(finding()), "TP")
    _, problems = verdicts_file(tmp_path, stub.replace('verdict = "TP"', 'occurrence = 0\nverdict = "TP"'))
    assert "`occurrence` is not a whole number from 1" in problems[0]
    _, problems = verdicts_file(tmp_path, stub.replace('verdict = "TP"', 'function = 3\nverdict = "TP"'))
    assert "`function` is not a string" in problems[0]
    with_function = stub.replace('verdict = "TP"', 'function = "f"\nverdict = "TP"')
    _, problems = verdicts_file(tmp_path, stub, with_function, with_function)
    assert len(problems) == 1 and "a second verdict" in problems[0] and "function='f'" in problems[0]


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _fake_index(monkeypatch, served: bytes, filename: str):
    """PyPI's Simple API (JSON) listing `filename`, whose download serves `served`."""
    import json as _json

    def urlopen(request, timeout=None):
        url = request if isinstance(request, str) else request.full_url
        if url.startswith(eco.PYPI_SIMPLE):
            return _Response(_json.dumps({"files": [{"filename": filename, "url": "https://files.example/" + filename}]}).encode())
        return _Response(served)

    monkeypatch.setattr(eco.urllib.request, "urlopen", urlopen)


def test_download_takes_the_pinned_file_from_the_index_without_pip(tmp_path, monkeypatch):
    import hashlib

    content = b"release bytes"
    project = eco.Project("demo-pkg", "1.0", "demo_pkg-1.0.tar.gz", hashlib.sha256(content).hexdigest())
    _fake_index(monkeypatch, content, project.filename)
    monkeypatch.setattr(eco.subprocess, "run", lambda *a, **k: pytest.fail("pip was run although the index served the file"))
    target = eco.download(project, tmp_path / "downloads")
    assert target.read_bytes() == content and target.name == project.filename


def test_download_never_keeps_a_file_that_differs_from_its_pin(tmp_path, monkeypatch):
    project = eco.Project("demo-pkg", "1.0", "demo_pkg-1.0.tar.gz", "0" * 64)
    _fake_index(monkeypatch, b"tampered", project.filename)
    ran = []
    monkeypatch.setattr(eco.subprocess, "run", lambda command, **k: ran.append(command) or eco.subprocess.CompletedProcess(command, 1, "", "no network"))
    with pytest.raises(eco.FetchError):
        eco.download(project, tmp_path / "downloads")
    assert ran and "download" in ran[0]  # the index's file was refused, so pip was asked
    assert not (tmp_path / "downloads" / project.filename).exists()
