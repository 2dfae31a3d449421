"""Every rule's messages, pinned: the findings of each rule's own examples (in preview mode, so every
context is exercised), with their ranges and full messages, compared against a reviewed snapshot.

A wrong message passes every other test; this one fails on any change of wording, so a change is
seen and reviewed in the diff of `tests/snapshots/rule_messages.json`. After a deliberate change:

    HYBRIDLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_message_snapshots.py

and commit the snapshot with the change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hybridlint.engine import check_source
from hybridlint.config import with_declared
from hybridlint.project import index_of_files
from hybridlint.registry import all_rules
from hybridlint.settings import Settings

SNAPSHOT = Path(__file__).parent / "snapshots" / "rule_messages.json"
PREVIEW = Settings(preview=True)


def _messages(rule, tmp_path) -> list:
    out = []
    for index, example in enumerate(rule.examples):
        link = None
        settings = PREVIEW
        if example.project:
            folder = tmp_path / f"{rule.code}-{index}"
            index_ = index_of_files(folder, dict(example.project, **{example.path: example.code}))
            link = index_.link_for(example.path)
            settings = with_declared(PREVIEW, folder)  # what its `requirements.txt` declares
        result = check_source(example.code, example.path, settings, rules=[rule], link=link)
        for finding in result.findings:
            out.append(
                {
                    "example": f"{type(example).__name__.lower()} {index}: {example.note[:60]}",
                    "span": str(finding.span),
                    "severity": finding.severity.label,
                    "message": finding.message,
                    "related": [r.message for r in finding.related],
                }
            )
    return out


def test_rule_messages_match_the_reviewed_snapshot(tmp_path):
    current = {rule.code: _messages(rule, tmp_path) for rule in all_rules()}
    if os.environ.get("HYBRIDLINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"no snapshot: run with HYBRIDLINT_UPDATE_SNAPSHOTS=1 and review {SNAPSHOT.name}")
    pinned = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for code in sorted(set(pinned) | set(current)):
        assert current.get(code) == pinned.get(code), (
            f"{code}'s messages changed: review the difference, then update the snapshot "
            "(HYBRIDLINT_UPDATE_SNAPSHOTS=1)"
        )
