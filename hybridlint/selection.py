"""Which modules a check needs in the project index: a big tree that barely uses TensorFlow.

The project index summarizes modules so that each checked module sees the rest of the project. A
check only parses the modules that mention TensorFlow or whose link reaches graph code
(`ModuleLink.reaches_graph_code`); every other module is skipped unread, so its own link is never
used. `build_check_index` therefore summarizes only the modules that can change the link of a
checked module, found from a cheap scan of the import statements (`scan_module`), and then asks
the index itself whether that was enough:

- the seeds: modules that mention TensorFlow (the check's own test, `mentions_tensorflow`), modules
  with a class named like a Keras layer or model (an unresolved `FooModel` base makes a class
  "keras?" for the modules that import it), and modules the scan cannot read;
- every module a selected module's imports lead to, following re-exports (`from .core import f`
  in a package's `__init__`): their functions, classes and aliases are what the link resolves, and
  tracing flows into them;
- every module whose imports lead into a module that matters (one that mentions TensorFlow, whose
  link reaches graph code, or that defines a class of a Keras or tf.Module kind), and every module
  that names one of its private functions: their calls are that module's callers (an eager caller,
  a call in a loop), their classes may subclass its layers, and their reads make its functions run
  eagerly (`ProjectIndex._may_run_eagerly`).

Which modules matter is known only once tracing has been propagated, so the index is built over
the selection, and built again over a larger one (reusing the summaries made) until no module
outside it imports one that matters. The links of the modules that matter are then those of an
index over every module; a selected module that does not matter (kept only so that names resolve)
may miss callers from modules left out, which no check reads.
"""

from __future__ import annotations

import ast
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from .engine import mentions_tensorflow
from .links import ModuleLink
from .project import (
    _GENERIC_METHODS,
    ModuleSummary,
    ProjectIndex,
    _load_cache,
    _private,
    _read_text,
    build_index,
    module_name,
    save_cache,
)
from .settings import Settings

# `from .a.b import (x, y as z)`: the dots and module, then the names (parenthesized or up to the
# end of the logical line). Also found in strings and comments: a module referenced too many is
# summarized for nothing, never left out. Each pattern starts with its keyword, which `re` finds
# fast; what comes before the keyword is checked after (`_starts_word`).
_FROM = re.compile(r"from\s+(\.*\s*[\w.]*)\s*(import)\b[ \t]*(\([^)]*\)|(?:[^\n\\;#]|\\\r?\n)*)")
_IMPORT = re.compile(r"import[ \t]+((?:[^\n\\;#]|\\\r?\n)*)")
_CHAIN_REST = re.compile(r"(?:\.[^\W\d]\w*)+")
_NAME = re.compile(r"[^\W\d]\w*")
_BRACES = re.compile(r"[{}]")
_CLASS = re.compile(r"class\s+(\w+)\s*\(((?:[^()]|\([^()]*\))*)\)")


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_.")


def _closing_brace(text: str, start: int) -> int:
    """Where the brace opened at `start` closes (strings are not skipped: a longer span, never a shorter
    one); the end of the text when it does not."""
    depth = 0
    for match in _BRACES.finditer(text, start):
        depth += 1 if match.group(0) == "{" else -1
        if depth == 0:
            return match.end()
    return len(text)


def _has_word(text: str, word: str) -> bool:
    """`word` occurs in `text` with no identifier character on either side."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")) and (
            end == len(text) or not (text[end].isalnum() or text[end] == "_")
        ):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass
class ModuleScan:
    """What a module's text shows without parsing it."""

    tensorflow: bool = False
    keras_named: bool = False  # a class with a base named like a Keras layer or model
    unreadable: bool = False  # not read or not scanned: always summarized
    bindings: Dict[str, Set[str]] = field(default_factory=dict)  # name an import binds → dotted names
    dotted: Set[str] = field(default_factory=set)  # the project names it may use: bindings and `name.attr` chains
    # the imported names its class bases and dict displays (`ACTIVATIONS = {"relu": relu}`) use: what
    # the index reads of a module kept only so that names resolve (`ImportGraph.select`)
    structural: Set[str] = field(default_factory=set)
    chains: Dict[str, Set[str]] = field(default_factory=dict)  # imported name → its dotted names and chains


def _keras_like(name: str) -> bool:
    # `class_kind_of_external`: a last name ending in Layer or Model, capitalized
    return name.endswith(("Layer", "Model")) and name[:1].isupper()


def _keras_named(text: str) -> bool:
    """A class named like a Keras layer or model, or with a base named so (an unresolved base makes
    the class "keras?"; a project class of such a name, left out, would be taken for one)."""
    if "Layer" not in text and "Model" not in text:
        return False
    for match in _CLASS.finditer(text):
        if _starts_word(text, match.start()) and (
            _keras_like(match.group(1)) or any(_keras_like(n) for n in _NAME.findall(match.group(2)))
        ):
            return True
    return False


def scan_module(text: str, path: str, module: str, package: str, settings: Settings) -> ModuleScan:
    """The import bindings of a module (at any depth, also in strings: a superset), its `name.attr`
    chains over imported names, and whether it names TensorFlow or a Keras-like base class."""
    scan = ModuleScan(tensorflow=mentions_tensorflow(text, settings))
    link = ModuleLink(path, module, package)
    scan.keras_named = _keras_named(text)
    if "class" in text:
        for match in _CLASS.finditer(text):
            scan.structural.update(_NAME.findall(match.group(2)))
    start = text.find("{")
    while start >= 0:
        end = _closing_brace(text, start)
        scan.structural.update(_NAME.findall(text, start, end))
        start = text.find("{", end)
    bindings = scan.bindings

    def bind(name: str, dotted: Optional[str]) -> None:
        if dotted:
            bindings.setdefault(name, set()).add(dotted)

    from_keywords: Set[int] = set()
    needs_ast = False
    if "import" not in text:
        return scan
    for match in _FROM.finditer(text):
        if not _starts_word(text, match.start()):
            continue
        from_keywords.add(match.start(2))
        head = "".join(match.group(1).split())
        level = len(head) - len(head.lstrip("."))
        name = head[level:] or None
        if name is not None and not all(part.isidentifier() for part in name.split(".")):
            continue  # prose: "from the import ..."
        base = link.resolve_relative(level, name) if level else name
        names = match.group(3)
        if names.startswith("(") and "#" in names:
            needs_ast = True  # a comment in the list may hold a parenthesis
        if base is None:
            continue
        bind("", base)  # the module itself is read (`from m import *`, or to find the names)
        for item in names.strip("()").replace("\\\n", " ").split(","):
            words = item.split()
            if not words or not words[0].isidentifier():
                continue
            alias = words[2] if len(words) >= 3 and words[1] == "as" else words[0]
            bind(alias, f"{base}.{words[0]}")
    for match in _IMPORT.finditer(text):
        if match.start() in from_keywords or not _starts_word(text, match.start()):
            continue
        for item in match.group(1).replace("\\\n", " ").split(","):
            words = item.split()
            if not words:
                continue
            dotted = "".join(words[0].split())
            if not all(part.isidentifier() for part in dotted.split(".")):
                continue
            if len(words) >= 3 and words[1] == "as":
                bind(words[2], dotted)
            else:
                bind(dotted.split(".", 1)[0], dotted.split(".", 1)[0])
                bind("", dotted)
    if needs_ast:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            scan.unreadable = True
            return scan
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = link.resolve_relative(node.level, node.module) if node.level else node.module
                bind("", base)
                for alias in node.names:
                    bind(alias.asname or alias.name, f"{base}.{alias.name}" if base else None)
    for head, values in bindings.items():
        scan.dotted.update(values)
        scan.chains[head] = set(values)
    # `pkg.sub.f(...)` through `import pkg`: the chains after each imported name
    for head, values in bindings.items():
        if not head:
            continue
        needle = head + "."
        start = text.find(needle)
        while start >= 0:
            if _starts_word(text, start):
                rest = _CHAIN_REST.match(text, start + len(head))
                if rest is not None:
                    scan.chains[head].update(dotted + rest.group(0) for dotted in values)
            start = text.find(needle, start + 1)
        scan.dotted.update(scan.chains[head])
    return scan


class ImportGraph:
    """The project's modules as the scan sees them, with the index's module names (`module_name`):
    which modules each one's names lead to, following re-exports."""

    def __init__(self, root: Path, files: List[str], texts: Dict[str, Optional[str]], settings: Settings):
        self.files = files
        self.scans: Dict[str, ModuleScan] = {}
        self.texts = texts
        self.modules: Dict[str, str] = {}  # dotted module name → file, the first file as the index keeps it
        self.module_of: Dict[str, str] = {}
        packages: Dict[str, bool] = {}
        for file in files:
            path = Path(file)
            module, _folder = module_name(path, root, packages)
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            self.module_of[file] = module
            if module:
                self.modules.setdefault(module, file)
            text = texts.get(file)
            if text is None:
                self.scans[file] = ModuleScan(unreadable=True)
                continue
            try:
                self.scans[file] = scan_module(text, file, module, package, settings)
            except Exception:  # noqa: BLE001 - a module the scan cannot read is kept
                self.scans[file] = ModuleScan(unreadable=True)
        self._refs: Dict[str, Set[str]] = {}
        self._touch: Dict[Tuple[str, int], frozenset] = {}

    def _touched(self, dotted: str, depth: int = 0) -> frozenset:
        """The modules resolving `dotted` reads (`ProjectIndex._split`, then re-exports, a few more
        steps deep than the index follows them)."""
        key = (dotted, depth)
        found = self._touch.get(key)
        if found is not None:
            return found
        out: Set[str] = set()
        parts = dotted.split(".")
        whole = self.modules.get(dotted)
        if whole is not None:
            out.add(whole)  # `import pkg.mod`: its chains (`pkg.mod.f`) resolve in it
        for cut in range(len(parts) - 1, 0, -1):  # as `ProjectIndex._split`: the longest proper prefix
            file = self.modules.get(".".join(parts[:cut]))
            if file is None:
                continue
            out.add(file)
            rest = parts[cut:]
            if rest and depth < 8:
                for target in self.scans[file].bindings.get(rest[0], ()):
                    out.update(self._touched(".".join([target] + rest[1:]), depth + 1))
            break
        found = self._touch[key] = frozenset(out)
        return found

    def refs(self, file: str) -> Set[str]:
        found = self._refs.get(file)
        if found is None:
            found = set()
            for dotted in self.scans[file].dotted:
                found.update(self._touched(dotted))
            found.discard(file)
            self._refs[file] = found
        return found

    def structural_refs(self, file: str) -> Set[str]:
        """The modules the names of a module's class bases and dict displays lead to."""
        scan = self.scans[file]
        found: Set[str] = set()
        for name in scan.structural:
            for dotted in scan.chains.get(name, ()):
                found.update(self._touched(dotted))
        found.discard(file)
        return found

    def select(self, core: Set[str], outer: Set[str], deep: Set[str], targets: Set[str]) -> Set[str]:
        """What to summarize so that the links of the modules in `core` (those a check reads) are those
        of an index over every module:

        - `core`, and every module their names lead to (following re-exports);
        - `outer` (modules whose calls or reads count for a module of `targets`), and the modules
          those of their names that lead into `targets` pass through;
        - for each of these, the modules its class bases and dicts of functions lead to (class kinds
          and dict members are resolved across modules), and so on;
        - everything reachable from `deep` (modules jedi is asked about: it infers through imports);
        - and the file that owns each selected module name."""
        level: Dict[str, int] = {}
        stack = [(f, 1) for f in outer] + [(f, 2) for f in core] + [(f, 3) for f in deep]
        while stack:
            file, kind = stack.pop()
            if file in level and level[file] >= kind:
                continue
            level[file] = kind
            owner = self.modules.get(self.module_of.get(file, ""))
            if owner is not None:
                stack.append((owner, 0))
            if kind == 3:
                stack.extend((f, 3) for f in self.refs(file))
            elif kind == 2:
                stack.extend((f, 0) for f in self.refs(file))
            else:
                stack.extend((f, 0) for f in self.structural_refs(file))
                if kind == 1:
                    stack.extend((f, 0) for f in self.refs_into(file, targets))
        return set(level)

    def refs_into(self, file: str, targets: Set[str]) -> Set[str]:
        """The modules resolving those of a module's names that lead into `targets` reads."""
        found: Set[str] = set()
        for dotted in self.scans[file].dotted:
            touched = self._touched(dotted)
            if not touched.isdisjoint(targets):
                found.update(touched)
        found.discard(file)
        return found

    def importers(self, targets: Set[str], outside: Set[str]) -> Set[str]:
        return {f for f in self.files if f not in outside and self.refs(f) & targets}

    def readers(self, names: Set[str], outside: Set[str]) -> Set[str]:
        """Modules (not in `outside`) whose text has one of the private `names` as a word."""
        if not names:
            return set()
        found = set()
        for file in self.files:
            text = self.texts.get(file)
            if file not in outside and text and any(_has_word(text, name) for name in names):
                found.add(file)
        return found


def _matters(index: ProjectIndex, scans: Dict[str, ModuleScan], rel_of: Dict[str, str]) -> Set[str]:
    """The modules of the index whose link a check reads or whose callers count: they mention
    TensorFlow, their link reaches graph code, or they define a class of a Keras or tf.Module kind."""
    by_rel = {rel: file for file, rel in rel_of.items()}
    traced = {path for path, _qual in index._traced}
    out = set()
    for rel, summary in index.summaries.items():
        file = by_rel.get(rel)
        scan = scans.get(file) if file is not None else None
        link = index.link_for(rel)
        if (
            scan is None
            or scan.tensorflow
            or rel in traced
            or (link is not None and link.reaches_graph_code)
            or any(
                (index.class_kind(f"{summary.module}.{name}") or ("",))[0] for name in summary.classes
            )
        ):
            out.add(rel)
    return out


def _jedi_askers(index: ProjectIndex) -> Set[str]:
    """The modules whose calls jedi is asked about (`ProjectIndex._resolve_attributes`): jedi infers
    through everything they import, so every module reachable from them is summarized."""
    method_names, tf_method_names = index.method_names()
    out = set()
    for rel, summary in index.summaries.items():
        for edge in summary.edges:
            name = edge.target.rsplit(".", 1)[-1]
            if edge.kind == "attr" and name not in _GENERIC_METHODS and (
                (edge.in_loop and name in tf_method_names) or ((rel, edge.caller) in index._traced and name in method_names)
            ):
                out.add(rel)
                break
    return out


def build_check_index(
    root: Path,
    files: Iterable[str],
    settings: Optional[Settings] = None,
    cache_dir: Optional[Path] = None,
    read: Optional[Callable[[str], Optional[str]]] = None,
    jedi_budget: Optional[float] = None,
    pool=None,
    notes: Optional[Iterable[str]] = None,
) -> ProjectIndex:
    """`build_index` over the modules a check of `files` needs (see the module's docs): on a tree
    where TensorFlow is a small part, a fraction of the modules is summarized. The index's
    `stats` say how many modules there were (`modules`), how many were summarized (`files`) and in
    how many builds (`index_passes`). `notes` as for `build_index`."""
    settings = settings or Settings()
    files = list(files)
    try:
        return _build_selected(root, files, settings, cache_dir, read, jedi_budget, pool, notes)
    except Exception:  # noqa: BLE001 - a bug in the selection: every module, as without it
        return build_index(
            root, files, settings, cache_dir=cache_dir, read=read, jedi_budget=jedi_budget, pool=pool, notes=notes
        )


def _build_selected(root, files, settings, cache_dir, read, jedi_budget, pool, notes) -> ProjectIndex:
    started = time.perf_counter()
    texts: Dict[str, Optional[str]] = {f: (read(f) if read is not None else _read_text(Path(f))) for f in files}

    def read_text(file: str) -> Optional[str]:
        return texts[file] if file in texts else (read(file) if read is not None else _read_text(Path(file)))

    tensorflow = sum(1 for text in texts.values() if text is None or mentions_tensorflow(text, settings))
    if tensorflow * 4 >= len(files):
        # a quarter or more is TensorFlow: the selection would keep most of the tree and cost more
        # passes of linking (and jedi) than it saves (sympy with tf-agents: 1,125 of 2,059 modules
        # in 3 passes, slower than one index of all); no scan, one index
        index = build_index(
            root, files, settings, cache_dir=cache_dir, read=read_text, jedi_budget=jedi_budget, pool=pool, notes=notes
        )
        index.stats.update(modules=len(files), index_passes=1)
        return index
    graph = ImportGraph(Path(os.path.abspath(root)), files, texts, settings)
    # a module naming TensorFlow is read by the check; one with a Keras-named class only matters if
    # the index finds the class of a Keras kind (then its importers are added)
    core = {f for f, scan in graph.scans.items() if scan.tensorflow or scan.unreadable}
    outer = graph.importers(core, core) | {f for f, scan in graph.scans.items() if scan.keras_named}
    deep: Set[str] = set()
    scanned = time.perf_counter() - started

    probe = ProjectIndex(root, settings)
    rel_of = {f: probe.relative(Path(f)) for f in files}
    file_of = {rel: f for f, rel in rel_of.items()}
    # summaries of an earlier run (the cache) or of an earlier pass are reused; jedi's answers are
    # only those of the cache, as the cache is written by the last pass alone
    known: Dict[str, ModuleSummary] = _load_cache(cache_dir, probe) if cache_dir is not None else {}
    cached_jedi = dict(probe.jedi_results)
    disk = dict(known)
    passes = 0
    carried: Dict[str, tuple] = {}
    spent: Dict[str, float] = {}  # the stats' seconds, over every pass
    while True:
        passes += 1
        selected = graph.select(core, outer, deep, core)
        if len(selected) * 5 >= len(files) * 3:
            selected = set(files)  # most of the project: one index over all of it costs less than another pass
        index = build_index(
            root,
            [f for f in files if f in selected],
            settings,
            read=read_text,
            jedi_budget=jedi_budget,
            pool=pool,
            summaries=known,
            jedi_results={**cached_jedi, **carried},
            notes=notes,
        )
        for key, value in index.stats.items():
            if key.endswith("_seconds"):
                spent[key] = spent.get(key, 0.0) + value
        if len(selected) == len(files):
            break
        matters = {file_of[rel] for rel in _matters(index, graph.scans, rel_of) if rel in file_of}
        names = {
            qual.rsplit(".", 1)[-1]
            for file in matters
            for qual in index.summaries[rel_of[file]].functions
            if _private(qual.rsplit(".", 1)[-1])
            or (index.summaries[rel_of[file]].functions[qual].tf_function and "." in qual)
        }
        grown = core | matters
        around = outer | graph.importers(matters, grown | outer) | graph.readers(names, grown | outer)
        wider = deep | {file_of[rel] for rel in _jedi_askers(index) if rel in file_of}
        if grown == core and around == outer and wider == deep:
            break
        # jedi's answers hold for a module all it imports was summarized for (nothing it could
        # name was left out): kept for the next pass, the others asked again
        carried = {rel: found for rel, found in index.jedi_results.items() if file_of.get(rel) in deep}
        core, outer, deep = grown, around - grown, wider
        known = {**known, **index.summaries}
    index.cache_note = probe.cache_note
    index.stats.update(spent)
    index.stats.update(
        modules=len(files),
        index_passes=passes,
        scan_seconds=scanned,
        reused=sum(1 for rel, summary in index.summaries.items() if disk.get(rel) is summary),
    )
    if cache_dir is not None and (index.dirty or len(known) != len(index.summaries)):
        save_cache(cache_dir, index)
    return index


__all__ = ["ImportGraph", "ModuleScan", "build_check_index", "scan_module"]
