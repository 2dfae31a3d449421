"""The preview tier as a user meets it: preview findings appear only with `--preview` or
`preview = true` in `[tool.hybridlint]`; `hybridlint rules` shows each rule's tier and precision.

Which rules are preview changes as verdicts are recorded, so these tests choose: HYB025 is made a
preview rule and HYB012 a stable one for the test (the flag is what the engine reads)."""

from __future__ import annotations

import json

import pytest

from hybridlint.cli import main
from hybridlint.data import NOT_MEASURED
from hybridlint.registry import all_rules, rules_by_code

TEXT = (
    "import tensorflow as tf\n\n"
    "tf.config.run_functions_eagerly(True)\n\n"
    "@tf.function(experimental_relax_shapes=True)\n"
    "def step(x):\n"
    "    return tf.nn.relu(x)\n"
)


@pytest.fixture
def tiers(monkeypatch):
    monkeypatch.setattr(rules_by_code()["HYB025"], "preview", True)
    monkeypatch.setattr(rules_by_code()["HYB012"], "preview", False)


@pytest.fixture
def project(tmp_path, monkeypatch, tiers):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.py").write_text(TEXT, encoding="utf-8")
    return tmp_path


def codes(capsys, *argv: str):
    code = main(["check", "--format", "json", "--no-cache", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and code in (0, 1), err
    return sorted(f["code"] for f in json.loads(out))


def test_preview_rule_only_with_the_flag(project, capsys):
    assert codes(capsys, "model.py") == ["HYB012"]
    assert codes(capsys, "--preview", "model.py") == ["HYB012", "HYB025"]


def test_preview_rule_only_with_the_pyproject_setting(project, capsys):
    (project / "pyproject.toml").write_text("[tool.hybridlint]\npreview = true\n", encoding="utf-8")
    assert codes(capsys, "model.py") == ["HYB012", "HYB025"]
    (project / "pyproject.toml").write_text("[tool.hybridlint]\npreview = false\n", encoding="utf-8")
    assert codes(capsys, "model.py") == ["HYB012"]


def test_selecting_a_preview_rule_does_not_turn_preview_on(project, capsys):
    assert codes(capsys, "--select", "HYB025", "model.py") == []
    assert codes(capsys, "--select", "HYB025", "--preview", "model.py") == ["HYB025"]


def test_rules_show_tier_and_precision(tiers, capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert "TIER" in header and "PRECISION" in header
    row = next(line for line in rows if line.startswith("HYB025 "))
    assert " preview " in row
    assert main(["rules", "--format", "json"]) == 0
    listed = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["HYB025"]["tier"] == "preview" and listed["HYB012"]["tier"] == "stable"
    for rule in all_rules():
        precision = listed[rule.code]["precision"]
        # A figure is shown only from 5 judged findings on; below that the text says so.
        assert precision["precision"] is None or precision["judged"] >= 5
        text_row = next(line for line in rows if line.startswith(rule.code + " "))
        assert (precision["precision"] is None) == (NOT_MEASURED in text_row)


def test_json_says_why_a_finding_is_preview_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(rules_by_code()["HYB023"], "preview", False)
    monkeypatch.setattr(rules_by_code()["HYB006"], "preview", True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "steps.py").write_text(
        "import numpy as np\n"
        "import tensorflow as tf\n\n"
        "@tf.function\n"
        "def step(x):\n"
        "    print(x)\n"
        "    return x * np.random.uniform(0.9, 1.1)\n\n"
        "def replica_step(x):\n"
        "    return x * np.random.uniform(0.9, 1.1)\n\n"
        "def distributed_step(strategy, x):\n"
        "    return strategy.run(replica_step, args=(x,))\n",
        encoding="utf-8",
    )
    main(["check", "--format", "json", "--no-cache", "--jobs", "1", "--preview", "--select", "HYB006,HYB023"])
    found = {(f["code"], f["location"]["row"]): f["preview"] for f in json.loads(capsys.readouterr().out)}
    assert found == {
        ("HYB006", 6): "rule",  # a preview rule
        ("HYB023", 7): None,  # a stable rule, in an explicit tf.function: shown by default
        ("HYB023", 10): "evidence",  # a stable rule, but `strategy.run` traces only on some strategies
    }
    main(["check", "--format", "json", "--no-cache", "--jobs", "1", "--select", "HYB006,HYB023"])
    assert [(f["code"], f["location"]["row"]) for f in json.loads(capsys.readouterr().out)] == [("HYB023", 7)]
