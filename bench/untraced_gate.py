"""Guard for the cold check's untraced gate (`engine.check_tree`'s `untraced`, `workers._TREES`).

For every module a check parses in each folder given, compares what the gate decides from the
summary's facts (no traced code, no `from x import keras`) and the module's link (does not reach graph
code) with what the check's own facts find: a module the gate skips must have no traced code
(`ModuleFacts.has_traced_code`). Prints the counts per folder and every module where it would not hold.

    python bench/untraced_gate.py .cache/bench/src/tf_agents-0.19.0 ...   # exit 1 on any such module
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from hybridlint import project
from hybridlint.engine import mentions_tensorflow
from hybridlint.facts import ModuleFacts
from hybridlint.links import ModuleLink
from hybridlint.project import _imports_keras_by_name, build_index
from hybridlint.settings import Settings
from hybridlint.tensors import settle_input_only_calls


def main(folders) -> int:
    project.JEDI_SECONDS_PER_MODULE = 1e9  # answers independent of the machine's load
    settings = Settings()
    wrong = 0
    for root in map(Path, folders):
        index = build_index(root, sorted(str(p) for p in root.rglob("*.py")), settings)
        counts = dict(checked=0, skipped=0, untraced=0, wrong=0)
        for path, summary in sorted(index.summaries.items()):
            text = (root / path).read_text(encoding="utf-8", errors="replace")
            link = index.link_for(path)
            if link is None or not (mentions_tensorflow(text, settings) or link.reaches_graph_code):
                continue
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            counts["checked"] += 1
            own = ModuleFacts(tree, settings.alias_modules, ModuleLink(path, summary.module, summary.package), collect_external=True)
            may_trace = own.has_traced_code or _imports_keras_by_name(tree, text)
            facts = ModuleFacts(ast.parse(text), settings.alias_modules, link)
            settle_input_only_calls(facts)
            counts["untraced"] += not facts.has_traced_code
            if not may_trace and not link.reaches_graph_code:
                counts["skipped"] += 1
                if facts.has_traced_code:
                    counts["wrong"] += 1
                    print(f"  skipped but traced: {path}")
        wrong += counts["wrong"]
        print(f"{root.name}: {counts}", flush=True)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
