"""Data shipped with hybridlint: the measured precision of each rule (`precision.json`) and the names only
TensorFlow 1 has (`tf1_only.txt`, written by tools/tf1_names.py).

`precision.json` is written by `python bench/ecosystem.py --write` from the verdicts on the
ecosystem check's findings (tests/ecosystem/verdicts.toml, docs/accuracy.md). `hybridlint rules`
and the rule pages show it; tests/test_tiers.py holds every stable rule to the bar it records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Dict, Mapping, Optional

# A rule is stable only with at least this many judged (TP or FP) findings at this precision.
MIN_JUDGED = 5
MIN_PRECISION = 0.9
NOT_MEASURED = "not yet measured"


@lru_cache(maxsize=1)
def tf1_only_names() -> frozenset:
    """`tensorflow.X` names that TensorFlow 1 has and TensorFlow 2 does not (`tf.matrix_set_diag`)."""
    text = resources.files(__name__).joinpath("tf1_only.txt").read_text(encoding="utf-8")
    return frozenset("tensorflow." + line[3:] for line in text.splitlines() if line.startswith("tf."))


@lru_cache(maxsize=1)
def tf1_only_last_names() -> frozenset:
    """The last parts of `tf1_only_names` (`matrix_set_diag`): a cheap first test of an attribute."""
    return frozenset(name.rsplit(".", 1)[1] for name in tf1_only_names())


@dataclass(frozen=True)
class Counts:
    findings: int = 0
    tp: int = 0
    fp: int = 0
    debatable: int = 0
    unjudged: int = 0

    @classmethod
    def of(cls, raw: Any) -> "Counts":
        if not isinstance(raw, Mapping):
            return cls()
        return cls(**{name: int(raw.get(name) or 0) for name in ("findings", "tp", "fp", "debatable", "unjudged")})

    @property
    def judged(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> Optional[float]:
        return self.tp / self.judged if self.judged else None

    def as_json(self) -> Dict[str, Any]:
        """The form `precision.json` keeps (read back by `Counts.of`)."""
        precision = self.precision
        return {
            "findings": self.findings,
            "tp": self.tp,
            "fp": self.fp,
            "debatable": self.debatable,
            "unjudged": self.unjudged,
            "precision": None if precision is None else round(precision, 4),
        }

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(
            self.findings + other.findings,
            self.tp + other.tp,
            self.fp + other.fp,
            self.debatable + other.debatable,
            self.unjudged + other.unjudged,
        )


@dataclass(frozen=True)
class RulePrecision:
    """One rule's record: its findings shown by default, those shown only in preview mode because
    the rule is preview, and those decided on weaker evidence (preview whatever the rule's tier)."""

    tier: str  # the rule's tier when the data was recorded: "stable" or "preview"
    default: Counts
    preview_only: Counts
    weak: Counts = Counts()

    def evidence(self, preview_rule: bool) -> Counts:
        """What decides the tier: the findings the rule shows by default once it is stable. For a
        stable rule its default findings; for a preview rule the findings that promoting it would
        show by default (a stable rule's weaker-evidence findings stay preview)."""
        return self.preview_only if preview_rule else self.default


def qualifies(counts: Counts) -> bool:
    precision = counts.precision
    return counts.judged >= MIN_JUDGED and precision is not None and precision >= MIN_PRECISION


@lru_cache(maxsize=1)
def load_precision() -> Dict[str, RulePrecision]:
    """The recorded precision by rule code; empty when the file is missing or unreadable."""
    try:
        text = resources.files(__name__).joinpath("precision.json").read_text(encoding="utf-8")
        rules = json.loads(text).get("rules", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(rules, Mapping):
        return {}
    return {
        str(code): RulePrecision(
            str(entry.get("tier", "")),
            Counts.of(entry.get("default")),
            Counts.of(entry.get("preview_only")),
            Counts.of(entry.get("weak")),
        )
        for code, entry in rules.items()
        if isinstance(entry, Mapping)
    }


def precision_of(code: str, preview_rule: bool) -> Optional[Counts]:
    record = load_precision().get(code)
    return record.evidence(preview_rule) if record is not None else None


def precision_label(code: str, preview_rule: bool) -> str:
    """`0.95 (19/20)`: the measured precision and TP / judged, or "not yet measured" below the
    minimum number of judged findings."""
    counts = precision_of(code, preview_rule)
    if counts is None or counts.judged < MIN_JUDGED or counts.precision is None:
        return NOT_MEASURED
    return f"{counts.precision:.2f} ({counts.tp}/{counts.judged})"


def precision_json(code: str, preview_rule: bool) -> Dict[str, Any]:
    counts = precision_of(code, preview_rule) or Counts()
    measured = counts.judged >= MIN_JUDGED and counts.precision is not None
    return {
        "precision": round(counts.precision, 4) if measured and counts.precision is not None else None,
        "judged": counts.judged,
        "tp": counts.tp,
        "fp": counts.fp,
        "debatable": counts.debatable,
    }
