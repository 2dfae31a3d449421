"""Rule documentation, generated from the rules themselves (never written twice).

`python -m hybridlint.docs docs/` writes `docs/rules.md` (the table) and `docs/rules/HYB###.md` (one page per
rule), and the same pages as HTML into the package (`hybridlint/rule_docs/`, which diagnostics link to);
`--check` exits 1 when the files on disk are stale. `hybridlint explain` and the language server's hover
show the same markdown; `make docs-site` builds a MkDocs site from the markdown.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Type

from . import HTML_DOCS_DIR
from .data import MIN_JUDGED, NOT_MEASURED, precision_of
from .registry import all_rules
from .rule import Bad, FixSafety, Rule

FIX_LABEL = {FixSafety.SAFE: "safe", FixSafety.UNSAFE: "unsafe", FixSafety.NONE: "—"}


def _code_block(code: str, language: str = "python") -> str:
    return f"```{language}\n" + code.rstrip("\n") + "\n```"


def tier_label(rule: Type[Rule]) -> str:
    return "preview" if rule.preview else "stable"


def _precision(rule: Type[Rule]) -> str:
    """The measured precision on the ecosystem check (TP of judged findings), or "not yet measured"."""
    counts = precision_of(rule.code, bool(rule.preview))
    if counts is None or counts.judged < MIN_JUDGED or counts.precision is None:
        return NOT_MEASURED
    return f"{counts.precision:.2f} ({counts.tp} of {counts.judged} judged)"


def _tier_note(rule: Type[Rule]) -> str:
    if rule.preview:
        return (
            "This rule is in **preview**: it runs only with `preview = true` under `[tool.hybridlint]`, "
            "`--preview` on the command line or the `preview` editor setting, until the ecosystem check "
            "(`docs/accuracy.md`) shows precision of at least 0.9 over at least 5 judged findings."
        )
    return (
        "This rule is **stable**: on by default. Findings it decides on weaker evidence are shown only in preview "
        "mode (`docs/accuracy.md`)."
    )


def rule_markdown(rule: Type[Rule]) -> str:
    """The rule's page: fixed sections, examples taken from the rule's own tests."""
    bad = rule.bad_examples()
    good = rule.good_examples()
    parts = [
        f"# {rule.code} {rule.name}",
        "",
        f"Default severity: **{rule.severity.label}** · Fix: **{FIX_LABEL[rule.fix_safety]}** · "
        f"Tier: **{tier_label(rule)}** · Precision on real code: **{_precision(rule)}**",
        "",
        _tier_note(rule),
        "",
        "## What it does",
        rule.what_it_does.strip(),
        "",
        "## Why is this bad",
        rule.why_bad.strip(),
        "",
        "## Example",
        _code_block(bad[0].code) if bad else "",
        "",
        "## Use instead",
        rule.use_instead.strip(),
    ]
    if bad and bad[0].fixed:
        parts += ["", _code_block(bad[0].fixed)]
    elif good:
        parts += ["", _code_block(good[0].code)]
    across = [e for e in rule.examples if e.project]
    if across:
        intro = "The project index (`hybridlint.project`) lets this rule see other files"
        if any(not path.endswith(".py") for example in across for path, _ in example.project):
            intro += ", and the targets read from the requirements a project declares (`requirements.txt`) apply"
        parts += ["", "## Across modules", intro + ":"]
        for example in across:
            verdict = "flagged" if isinstance(example, Bad) else "not flagged"
            note = example.note.strip() or "example"
            parts += ["", f"{note[0].upper() + note[1:]} ({verdict} in `{example.path}`):"]
            for path, code in example.project + ((example.path, example.code),):
                if code.strip():
                    parts += ["", f"`{path}`:", "", _code_block(code, "python" if path.endswith(".py") else "text")]
    parts += ["", "## Fix safety", rule.fix_safety_doc.strip()]
    if rule.references:
        parts += ["", "## References"] + [f"- <{ref}>" for ref in rule.references]
    parts += [
        "",
        "## Suppression",
        f"Add `# noqa: {rule.code}` to the flagged line, or disable the rule with "
        f'`ignore = ["{rule.code}"]` under `[tool.hybridlint]` in pyproject.toml.',
    ]
    return "\n".join(parts).rstrip() + "\n"


def rules_table() -> str:
    lines = [
        "# Rules",
        "",
        "Generated from the rule modules in `rules/` by `python -m hybridlint.docs docs`; do not edit.",
        "",
        "*Tier*: stable rules run by default; preview rules only with `preview = true` (`--preview`). *Precision*:",
        "TP / judged findings on the ecosystem check of real projects (`docs/accuracy.md`), shown from 5",
        "judged findings on.",
        "",
        "| Code | Name | Severity | Fix | Tier | Precision | What it flags |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in all_rules():
        lines.append(
            f"| [{rule.code}](rules/{rule.code}.md) | `{rule.name}` | {rule.severity.label} | "
            f"{FIX_LABEL[rule.fix_safety]} | {tier_label(rule)} | {_precision(rule)} | {rule.summary} |"
        )
    return "\n".join(lines) + "\n"


def generated_files() -> Dict[str, str]:
    files = {"rules.md": rules_table()}
    for rule in all_rules():
        files[f"rules/{rule.code}.md"] = rule_markdown(rule)
    from .hybridize import outcomes_markdown  # the hybridize refactoring's precondition outcomes

    files["hybridize.md"] = outcomes_markdown()
    return files


def stale_files(out: Path) -> Sequence[str]:
    stale = []
    for name, text in generated_files().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    expected = set(generated_files())
    for page in (out / "rules").glob("HYB*.md"):
        if f"rules/{page.name}" not in expected:
            stale.append(f"rules/{page.name} (no such rule)")
    return stale


# -- HTML pages shipped in the package (what diagnostics link to by default) ---------------------

_HTML_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}code{font-size:.95em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}"
)


def _html_page(title: str, markdown_text: str, back: bool) -> str:
    import markdown  # a docs/test dependency: only needed to regenerate the pages

    # Links between generated pages point at the HTML siblings instead of the markdown files.
    markdown_text = re.sub(r"\]\((?:rules/)?(HYB\d{3})\.md\)", r"](\1.html)", markdown_text)
    body = markdown.markdown(markdown_text, extensions=["fenced_code", "tables"], output_format="html")
    nav = '<p><a href="index.html">All hybridlint rules</a></p>\n' if back else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_HTML_STYLE}</style>\n</head>\n<body>\n"
        f"{nav}{body}\n</body>\n</html>\n"
    )


def generated_html() -> Dict[str, str]:
    """The package's HTML pages: `index.html` (the rules table) and `<CODE>.html` per rule."""
    pages = {"index.html": _html_page("hybridlint rules", rules_table(), back=False)}
    for rule in all_rules():
        pages[f"{rule.code}.html"] = _html_page(f"{rule.code} {rule.name} · hybridlint", rule_markdown(rule), True)
    return pages


def stale_html(folder: Path) -> Sequence[str]:
    expected = generated_html()
    stale = [name for name, text in expected.items() if _read(folder / name) != text]
    stale += [f"{p.name} (no such page)" for p in folder.glob("*.html") if p.name not in expected]
    return stale


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def write_html(folder: Path) -> List[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    expected = generated_html()
    for page in folder.glob("*.html"):
        if page.name not in expected:
            page.unlink()
    written = []
    for name, text in expected.items():
        if _read(folder / name) != text:
            (folder / name).write_text(text, encoding="utf-8", newline="\n")
            written.append(folder / name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hybridlint.docs", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the docs folder")
    parser.add_argument("--check", action="store_true", help="exit 1 when the generated files are stale")
    parser.add_argument(
        "--html", type=Path, default=HTML_DOCS_DIR, help="folder of the HTML pages (default: the package's)"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = [args.out / name for name in stale_files(args.out)]
        stale += [args.html / name for name in stale_html(args.html)]
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_html(args.html):
        print(f"wrote {path}")
    (args.out / "rules").mkdir(parents=True, exist_ok=True)
    expected = generated_files()
    for page in (args.out / "rules").glob("HYB*.md"):
        if f"rules/{page.name}" not in expected:
            page.unlink()
    for name, text in expected.items():
        path = args.out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
