"""CI at scale: `check --shard I/N` splits the files between runs, each with the whole project's
index, and `merge-sarif` joins their SARIF. Merged, the shards give exactly a full run's findings,
cross-module ones included, and every file is checked by exactly one shard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hybridlint.cli import main

from test_cli_project import FILES
from test_output import sarif_schema

# More modules, so that every shard of three gets some: each has a finding of its own.
EXTRA = {
    f"pkg/step{i}.py": f"import tensorflow as tf\n\n\n@tf.function(experimental_relax_shapes=True)\ndef step{i}(x):\n"
    f"    print('x', x)\n    return x + {i}\n"
    for i in range(9)
}
# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = ["--preview"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n")
    for name, text in {**FILES, **EXTRA}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv) -> str:
    capsys.readouterr()
    main(["check", *MODE, "--no-progress", "--no-cache", *argv])
    return capsys.readouterr().out


def results(log: dict) -> list:
    return sorted(json.dumps(r, sort_keys=True) for run in log["runs"] for r in run["results"])


def test_merged_shards_equal_a_full_run(project, capsys):
    full = json.loads(run(capsys, "--format", "sarif", "pkg"))
    assert any("pkg/helpers.py" in json.dumps(r) for r in full["runs"][0]["results"]), "no cross-module finding"
    shards = []
    for number in (1, 2, 3):
        out = project / f"shard{number}.sarif"
        out.write_text(run(capsys, "--format", "sarif", "--shard", f"{number}/3", "pkg"))
        shards.append(str(out))
    assert all(results(json.loads(Path(s).read_text())) for s in shards), "a shard got no file with findings"
    capsys.readouterr()
    assert main(["merge-sarif", "-o", "merged.sarif", *shards]) == 0
    merged = json.loads((project / "merged.sarif").read_text())
    assert len(merged["runs"]) == 1
    assert results(merged) == results(full)
    # One note for the files every shard skipped (no TensorFlow in them), as in the full run.
    (skipped,) = full["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    (joined,) = merged["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert joined["message"] == skipped["message"]
    assert sorted(map(json.dumps, joined["locations"])) == sorted(map(json.dumps, skipped["locations"]))
    rules = merged["runs"][0]["tool"]["driver"]["rules"]
    for result in merged["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    schema = sarif_schema()
    import jsonschema

    jsonschema.validators.validator_for(schema)(schema).validate(merged)


def test_every_file_is_in_exactly_one_shard(project, capsys):
    full = {f["filename"] for f in json.loads(run(capsys, "--format", "json", "pkg"))}
    per_shard = [
        {f["filename"] for f in json.loads(run(capsys, "--format", "json", "--shard", f"{n}/4", "pkg"))} for n in (1, 2, 3, 4)
    ]
    assert set().union(*per_shard) == full
    assert sum(len(s) for s in per_shard) == len(full)


@pytest.mark.parametrize("value", ["0/3", "4/3", "x", "1/0"])
def test_a_bad_shard_is_a_usage_error(project, capsys, value):
    assert main(["check", "--shard", value, "pkg"]) == 2
    assert "--shard" in capsys.readouterr().err


def test_runs_from_different_folders_are_not_merged(project, capsys):
    log = json.loads(run(capsys, "--format", "sarif", "pkg"))
    other = json.loads(json.dumps(log))
    other["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///elsewhere/"
    (project / "a.sarif").write_text(json.dumps(log))
    (project / "b.sarif").write_text(json.dumps(other))
    assert main(["merge-sarif", "a.sarif", "b.sarif"]) == 2
    assert "different folders" in capsys.readouterr().err
