"""The incremental analysis always gives what a from-scratch check gives.

Random edit streams (inserts, deletes, CRLF, tabs, form feeds, non-BMP characters, half-typed lines,
syntax errors) run through one `IncrementalChecker`; after each edit its result must equal
`check_source` on the same text when the text parses (and its statements must equal `ast.parse`'s,
positions included), and `reference_check` (a full check of the text with the masked statements
blanked out, plus the full parse's syntax error) when it does not. Every class is kept as parts here
(see `incremental.SPLIT_CLASS_LINES`), and a second stream types inside class bodies.
"""

from __future__ import annotations

import ast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hybridlint import incremental
from hybridlint.analysis import ModuleAnalysis
from hybridlint.engine import CheckResult, check_source
from hybridlint.source import parse_python
from hybridlint.facts import ModuleFacts
from hybridlint.incremental import IncrementalChecker, IncrementalResult, blank_lines, reference_check
from hybridlint.registry import all_rules
from hybridlint.rule import Related, Rule, Severity
from hybridlint.settings import Settings
from hybridlint.source import SourceText

# The tests run in preview mode (every rule on) so that moving a rule between tiers changes only the
# tests about tiers (tests/test_tiers.py, tests/test_preview.py).
MODE = Settings(preview=True)


class CrossStatementProbe(Rule):
    """Test-only rule whose findings depend on other top-level statements: the graph context
    (decorators, callers anywhere in the module) and module-level imports."""

    code = "HYB900"
    name = "cross-statement-probe"
    severity = Severity.HINT
    summary = what_it_does = why_bad = use_instead = fix_safety_doc = "test only"

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        target, wrapper = ctx.facts.resolve_callable(node.func, ctx.function)
        if target is not None and target.graph is not None:
            related = [Related(ctx.span(target.node), f"{target.name}: {target.graph.describe()}")]
            self.report(node, f"calls graph function {target.qualname}", related=related)
        elif ctx.graph is not None and ctx.qualname(node.func):
            self.report(node.func, f"{ctx.qualname(node.func)} in graph ({ctx.graph.describe()})")


RULES = list(all_rules()) + [CrossStatementProbe]

# The engine raises the recursion limit for deeply nested code; hypothesis notices and says so.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


@pytest.fixture(autouse=True, scope="module")
def split_every_class():
    """Keep every class as parts, not only big ones, so that the random edits land in them."""
    saved = incremental.SPLIT_CLASS_LINES
    incremental.SPLIT_CLASS_LINES = 1
    yield
    incremental.SPLIT_CLASS_LINES = saved

HEADER = "import tensorflow as tf\n"

STATEMENTS = [
    "import tensorflow as tf\n",
    "from tensorflow import function as F\n",
    "import numpy as np\n",
    "\n",
    "# a comment\n",
    "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return helper(x) * 2\n",
    "def helper(x):\n    y = tf.nn.relu(x)\n    return y\n",
    "@tf.function\ndef train(x):\n    for i in range(3):\n        x = helper(x)\n    print(x)\n    return x\n",
    "g = F(helper, experimental_compile=True)  # XLA\n",
    "tf.config.experimental_run_functions_eagerly(True)\n",
    'DOC = """\ncol-0 text inside a string\ndef not_code():\n"""\n',
    "class Model(tf.keras.Model):\n    def call(self, x):\n        return helper(x)\n",
    "x = [1,\n2, 3]\n",
    "if True:\n\tz = 1\n",
    "a = 1; b = step(a)\n",
    "@(\n    tf.function\n)\ndef odd(x):\n    return x\n",
    "s = '😀 non-BMP'  # 😀\n",
    "\f\nc = 3\n",
    "for i in range(10):\n    step(i)  # noqa: HYB900\n",
    "lam = lambda v: helper(v)\n",
    "# tf.function\n",
    "b2 = '\"\"\"'  # '\n",
    # `nonlocal` and lazily created tf.functions: what the shared analysis indexes per statement
    "def outer():\n    count = 0\n    def inner(x):\n        nonlocal count\n        count += 1\n        return step(x)\n    return inner\n",
    "class Lazy:\n    def get(self, v):\n        if self._fn is None:\n            self._fn = tf.function(helper)\n        return self._fn(v)\n",
    # what rules cache per statement or per function: module constants and references (HYB013), a
    # training step called in a loop (HYB001)
    "SCALE = 4\n@tf.function\ndef sizes():\n    return [SCALE * 2, len(DOC)]\n",
    "def train_step(x):\n    with tf.GradientTape() as tape:\n        loss = tf.reduce_mean(x)\n"
    "    grads = tape.gradient(loss, [x])\n    opt.apply_gradients(zip(grads, [x]))\n    return loss\n",
    "for x in dataset:\n    train_step(x)\n",
    # classes whose body is kept as parts (methods re-parsed alone): docstring, comments, decorators,
    # several statements on a line, tabs, a multi-line head, a nested class, a body on the head line
    'class Big(tf.Module):\n    """doc"""\n    # comment\n    def a(self, x):\n        return helper(x)\n\n'
    "    @tf.function(experimental_relax_shapes=True)\n    def b(self, x):\n        return self.a(x)\n"
    "    c = 1; d = 2\n    @staticmethod\n    def e(v):\n        return step(v)\n# after the class\n",
    "class Tabs:\n\tdef f(self):\n\t\treturn step(1)\n\tg = F(helper)\n",
    "class Head(\n    object,\n):\n    x = 1\n    def m(self):\n        for i in range(3):\n            step(i)\n",
    "class Outer:\n    class Inner:\n        def run(self):\n            return step(2)\n    def go(self):\n        return 1\n",
    "class One: z = 1\n",
    # a decorated class (a broken member is masked without its class's decorators)
    "@register(\n    'x')\nclass Dec(tf.Module):\n    @tf.function\n    def f(self, x):\n        return step(x)\n",
]

FRAGMENTS = [
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\f",
    " ",
    "    ",
    "x",
    "(",
    ")",
    ":",
    "'",
    '"""',
    "#",
    "@",
    "\\",
    "😀",
    "é",
    "def g(x):\n",
    "@tf.function\n",
    "@tf.function(experimental_relax_shapes=True)\n",
    "    return step(x)\n",
    "helper(1)\n",
    "import tensorflow as tf\n",
    "experimental_relax_shapes",
    "= tf.",
    "if x:",
    "class C:\n",
    "# noqa: HYB025",
    "    def h(self):\n        return step(x)\n",
    "    @tf.function\n",
    "\tx = 1\n",
]


def canonical(result: CheckResult):
    findings = []
    for f in result.findings:
        fix = f.fix
        fix_key = None if fix is None else (fix.title, fix.safety, tuple((e.span, e.text) for e in fix.edits))
        findings.append((f.code, f.span, f.message, f.severity, tuple(f.related), fix_key))
    return (findings, result.syntax_error, [(e.code, e.message) for e in result.rule_errors], result.skipped)


def _at(node) -> tuple:
    return (type(node).__name__, node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)


def canonical_facts(facts: ModuleFacts) -> tuple:
    """What the module's facts say, by positions: the functions with their graph contexts and resolved
    calls, the module's calls and tf.function uses, the eager-only and graph-only regions, the branches
    another module's mode test decides, and what the collector records module-wide. Computed for the
    statements an edit did not touch from what is kept on their nodes (the children a walk enters, a
    call's syntactic part), so a stale reuse shows here."""
    where = {id(node): _at(node) for node in ast.walk(facts.tree) if hasattr(node, "end_lineno")}

    def site(c) -> tuple:
        return (_at(c.node), c.target.qualname, c.eager, c.is_reference, c.graph_only, len(c.loops))

    functions = tuple(
        (
            info.qualname,
            where.get(id(info.node)),
            (info.graph.reason, info.graph.weak, info.graph.origin.qualname) if info.graph is not None else None,
            tuple(site(c) for c in info.calls),
            info.py_function_target,
            info.decorator is not None,
            len(info.wrappers),
        )
        for info in facts.functions
    )
    return (
        functions,
        tuple(site(c) for c in facts.module_calls),
        tuple((_at(u.node), u.target.qualname if u.target else None, u.bound_to) for u in facts.tf_uses),
        sorted(str(where.get(key)) for key in facts.eager_roots),
        sorted(str(where.get(key)) for key in facts.graph_roots),
        sorted((str(where.get(key)), repr(conds)) for key, conds in facts.branch_conds.items()),
        sorted(facts.stored_attributes),
        sorted(facts.passed_keywords.items()),
        sorted((c.name, c.is_keras, c.runs_eagerly, tuple(sorted(c.methods))) for c in facts.classes),
        tuple(facts.dead_spans),
        facts.has_traced_code,
    )


def fresh_parents(tree: ast.Module):
    return {
        id(child): node
        for node in ast.walk(tree)
        for child in ast.iter_child_nodes(node)
        if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop))
    }


def assert_index_is_current(tree: ast.Module) -> None:
    """The shared analysis keeps a parent index on each top-level statement, which survives into
    later versions with the statement: it must always describe the tree being analysed."""
    analysis = ModuleAnalysis(ModuleFacts(tree))
    assert analysis.parents == fresh_parents(tree)
    for info in analysis.facts.functions:
        own = {n for node in analysis.scope_walk(info.node) if isinstance(node, ast.Nonlocal) for n in node.names}
        assert analysis.nonlocals(info) == own


def assert_matches(checker: IncrementalChecker, text: str) -> None:
    outcome = checker.check(text)
    assert outcome.text == text
    assert_outcome_matches(checker, outcome)


def assert_outcome_matches(checker: IncrementalChecker, outcome: IncrementalResult) -> None:
    """`outcome` (of this checker, maybe of an earlier version of the text) is what a from-scratch
    check of its own text gives, fixes included (built now, if not before)."""
    text = outcome.text
    if outcome.tree is not None:
        assert_index_is_current(outcome.tree)
    full = check_source(text, checker.path, rules=RULES, link=checker.link, settings=MODE)
    if full.skipped or full.syntax_error is None:
        assert outcome.masked == ()
        if outcome.tree is not None:
            # The statements put together from re-parsed and renumbered pieces are those of a whole
            # parse, positions included (class nodes are rebuilt around re-parsed methods). Later
            # checks may have renumbered statements an earlier result shares: read under the lock.
            expected_tree = ast.dump(parse_python(text), include_attributes=True)
            with checker.positions_of(outcome) as known:
                assert known
                assert ast.dump(outcome.tree, include_attributes=True) == expected_tree
                if outcome.result.facts is not None and full.facts is not None:
                    assert canonical_facts(outcome.result.facts) == canonical_facts(full.facts)
        assert canonical(outcome.result) == canonical(full)
        return
    source = SourceText(text)
    for first, last in outcome.masked:
        assert 1 <= first <= last <= source.line_count
    masked_text = blank_lines(source, outcome.masked)
    parse_python(masked_text)  # the masked lines cover every statement that does not parse
    # Only line content is blanked: every line keeps its number and its line break.
    assert SourceText(masked_text).line_count == source.line_count
    expected = reference_check(text, outcome.masked, checker.path, settings=MODE, rules=RULES, link=checker.link)
    assert canonical(outcome.result) == canonical(expected)


documents = st.lists(st.sampled_from(STATEMENTS), min_size=0, max_size=10).map(lambda parts: HEADER + "".join(parts))
line_endings = st.sampled_from(["\n", "\r\n", "\r"])
edit = st.tuples(
    st.floats(min_value=0, max_value=1),  # where
    st.integers(min_value=0, max_value=12),  # how many characters to delete
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=0, max_size=4)),  # what to insert
)


def apply(text: str, change) -> str:
    where, delete, insert = change
    start = int(where * len(text))
    return text[:start] + insert + text[start + delete :]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, line_endings, st.sampled_from(["", "\ufeff"]), st.lists(edit, min_size=1, max_size=14))
def test_edit_streams_match_a_full_check(document, newline, bom, changes):
    # A BOM the editor kept in the buffer is allowed at the start (and is a stray character elsewhere).
    text = bom + document.replace("\n", newline)
    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    assert_matches(checker, text)
    for change in changes:
        text = apply(text, change)
        assert_matches(checker, text)


# A module of a project whose index says: `helper` is traced from another module, and `pkg.ops.scale`
# is a tf.function defined there. The document then calls it, or not, as the edits go.
PROJECT_STATEMENTS = STATEMENTS + [
    "from pkg.ops import scale\n",
    "for i in range(3):\n    scale(x, i)\n",
    "def log(x):\n    print(x)\n    history.append(x)\n",
]


@pytest.fixture(scope="module")
def project_link(tmp_path_factory):
    from hybridlint.project import index_of_files

    root = tmp_path_factory.mktemp("project")
    files = {
        "pkg/__init__.py": "",
        "pkg/ops.py": "import tensorflow as tf\nfrom pkg import doc\n\n\n@tf.function\ndef scale(x, f):\n"
        "    doc.log(x)\n    return doc.helper(x) * f\n",
        "pkg/doc.py": "def helper(x):\n    return x\n\n\ndef log(x):\n    print(x)\n",
    }
    link = index_of_files(root, files).link_for("pkg/doc.py")
    assert set(link.incoming) == {"helper", "log"}
    return link


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PROJECT_STATEMENTS), min_size=0, max_size=10), line_endings, st.lists(edit, min_size=1, max_size=10))
def test_edit_streams_with_a_project_link_match_a_full_check(project_link, parts, newline, changes):
    text = "".join(parts).replace("\n", newline)  # not always TensorFlow: the link alone may make it worth checking
    checker = IncrementalChecker("pkg/doc.py", rules=RULES, settings=MODE)
    checker.set_link(project_link)
    assert_matches(checker, text)
    for change in changes:
        text = apply(text, change)
        assert_matches(checker, text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(STATEMENTS), min_size=3, max_size=10), st.lists(edit, min_size=1, max_size=8))
def test_edits_after_opening_a_broken_document(parts, changes):
    text = HEADER + "x = (\n" + "".join(parts)
    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    parsed_once = False
    for change in [None] + changes:
        text = text if change is None else apply(text, change)
        assert_matches(checker, text)
        outcome = checker.check(text)  # cached: the same result
        parsed_once = parsed_once or outcome.result.syntax_error is None
        if not parsed_once:
            # Written here, not taken from the checker: a document that never parsed has no statement
            # known to be whole, so nothing but the syntax error is reported.
            assert outcome.result.findings == []


# A document of three functions; `other` (lines 6-7) is the one being typed in.
THREE = (
    HEADER
    + "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x\n\n"
    + "def other(v):\n    return v\n\n"
    + "@tf.function(experimental_compile=True)\ndef third(x):\n    return x\n"
)


@pytest.mark.parametrize(
    "edit, masked, lines",
    [
        # Expected masks and findings written out (not the checker's choice): the statement being typed,
        # through the blank line below it, is masked; the findings of the two around it stay.
        (("    return v\n", "    return v +\n"), ((6, 8),), [2, 2, 9, 9]),
        (("    return v\n", "    return (v\n"), ((6, 8),), [2, 2, 9, 9]),
        (("def other(v):\n", "def other(v):\n(\n"), ((6, 9),), [2, 2, 10, 10]),
    ],
    ids=["half-typed-expression", "open-bracket", "new-line-with-a-bracket"],
)
def test_a_broken_statement_masks_only_its_own_lines(edit, masked, lines):
    checker = IncrementalChecker("doc.py", settings=MODE)
    assert sorted((f.code, f.span.line) for f in checker.check(THREE).result.findings) == [
        ("HYB013", 2), ("HYB013", 9), ("HYB025", 2), ("HYB025", 9)
    ]
    outcome = checker.check(THREE.replace(*edit))
    assert outcome.result.syntax_error is not None
    assert outcome.masked == masked
    assert sorted(f.span.line for f in outcome.result.findings) == lines


def test_a_document_opened_broken_masks_only_what_breaks_once_it_has_parsed():
    broken = HEADER + "x = (\n" + THREE[len(HEADER):]
    checker = IncrementalChecker("doc.py", settings=MODE)
    outcome = checker.check(broken)
    assert outcome.masked == ((1, 13),) and outcome.result.findings == []  # every line: none known whole
    repaired = broken.replace("x = (\n", "x = ()\n")
    assert sorted(f.span.line for f in checker.check(repaired).result.findings) == [3, 3, 10, 10]
    outcome = checker.check(repaired.replace("    return v\n", "    return v +\n"))
    assert outcome.masked == ((7, 9),)
    assert sorted(f.span.line for f in outcome.result.findings) == [3, 3, 10, 10]


# Three functions, each with findings; `middle` (lines 6-10) is the one being typed in.
THREE_FINDINGS = (
    HEADER
    + "@tf.function(experimental_relax_shapes=True)\ndef first(x):\n    return x\n\n"
    + "@tf.function(experimental_relax_shapes=True)\ndef middle(x):\n    y = x\n    return y\n\n"
    + "@tf.function(experimental_compile=True)\ndef third(x):\n    return x\n"
)
# (code, line, column, end line, end column): HYB013 on the decorator, HYB025 on the argument.
FIRST_FINDINGS = [("HYB013", 2, 1, 2, 44), ("HYB025", 2, 13, 2, 38)]
MIDDLE_FINDINGS = [("HYB013", 6, 1, 6, 44), ("HYB025", 6, 13, 6, 38)]
THIRD_FINDINGS = [("HYB013", 11, 1, 11, 39), ("HYB025", 11, 13, 11, 33)]
# The same as methods of one class; `middle` is lines 7-11.
THREE_METHODS = (
    HEADER
    + "class Model(tf.Module):\n"
    + "    @tf.function(experimental_relax_shapes=True)\n    def first(self, x):\n        return x\n\n"
    + "    @tf.function(experimental_relax_shapes=True)\n    def middle(self, x):\n        y = x\n        return y\n\n"
    + "    @tf.function(experimental_compile=True)\n    def third(self, x):\n        return x\n"
)
FIRST_METHOD_FINDINGS = [("HYB025", 3, 17, 3, 42)]
THIRD_METHOD_FINDINGS = [("HYB025", 12, 17, 12, 37)]

# What users type on a new line before they finish it: compound statements without their body, an
# open bracket.
HALF_TYPED = ["if", "if x", "if x:", "for x in", "with", "while", "try:", "def f(", "x = (", "class C(", "@tf.function", "else:"]


def spans(findings, moved_from=0, by=0):
    """(code, line, column, end line, end column), the lines from `moved_from` on moved by `by`."""
    return sorted(
        (f.code, f.span.line + (by if f.span.line >= moved_from else 0), f.span.col,
         f.span.end_line + (by if f.span.line >= moved_from else 0), f.span.end_col)
        if not isinstance(f, tuple) else
        (f[0], f[1] + (by if f[1] >= moved_from else 0), f[2], f[3] + (by if f[1] >= moved_from else 0), f[4])
        for f in findings
    )


@pytest.mark.parametrize("typed", HALF_TYPED)
@pytest.mark.parametrize("below", ["    y = x\n", "    return y\n", "def middle(x):\n"])
def test_a_half_typed_compound_statement_masks_only_its_own_function(typed, below):
    checker = IncrementalChecker("doc.py", settings=MODE)
    assert spans(checker.check(THREE_FINDINGS).result.findings) == sorted(FIRST_FINDINGS + MIDDLE_FINDINGS + THIRD_FINDINGS)
    edited = THREE_FINDINGS.replace(below, below + "    " + typed + "\n")
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is not None
    assert outcome.masked == ((6, 11),)  # `middle` and its new line, through the blank line below it
    # The other two functions keep their findings, `third`'s one line lower.
    assert spans(outcome.result.findings) == spans(FIRST_FINDINGS + THIRD_FINDINGS, moved_from=11, by=1)


def test_typing_a_compound_statement_key_by_key_never_hides_the_other_functions():
    """Enter, then `if x:` and its body, one key at a time: the findings of `first` and `third` are
    there after every key (they used to flicker away while the line did not parse)."""
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(THREE_FINDINGS)
    at = THREE_FINDINGS.index("    y = x\n") + len("    y = x")
    text = THREE_FINDINGS[:at] + "\n    " + THREE_FINDINGS[at:]
    at += len("\n    ")
    checker.check(text)
    for key in "if x:\n        y = tf.abs(y)":
        text = text[:at] + key + text[at:]
        at += len(key)
        outcome = checker.check(text)
        moved = text.count("\n") - THREE_FINDINGS.count("\n")
        others = spans(FIRST_FINDINGS + THIRD_FINDINGS, moved_from=11, by=moved)
        found = spans(outcome.result.findings)
        if outcome.result.syntax_error is None:
            assert set(others) <= set(found), repr(text)
            assert canonical(outcome.result) == canonical(check_source(text, "doc.py", settings=MODE))
        else:
            assert outcome.masked == ((6, 10 + moved),), repr(text)
            assert found == others, repr(text)


@pytest.mark.parametrize("split", [1, 60], ids=["class-kept-as-parts", "small-class-parsed-whole"])
@pytest.mark.parametrize("typed", HALF_TYPED)
def test_a_half_typed_statement_in_a_method_masks_only_that_method(typed, split, monkeypatch):
    monkeypatch.setattr(incremental, "SPLIT_CLASS_LINES", split)
    checker = IncrementalChecker("doc.py", settings=MODE)
    assert spans(checker.check(THREE_METHODS).result.findings) == sorted(
        FIRST_METHOD_FINDINGS + [("HYB025", 7, 17, 7, 42)] + THIRD_METHOD_FINDINGS
    )
    edited = THREE_METHODS.replace("        y = x\n", "        y = x\n        " + typed + "\n")
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is not None
    assert outcome.masked == ((7, 12),)  # `middle` with its new line and the blank line below it
    assert spans(outcome.result.findings) == spans(FIRST_METHOD_FINDINGS + THIRD_METHOD_FINDINGS, moved_from=12, by=1)
    # Typing on in the broken method keeps it so; finishing the line gives the full check's findings.
    edited = edited.replace(typed + "\n", typed + " \n")
    outcome = checker.check(edited)
    assert outcome.masked == ((7, 12),)
    assert spans(outcome.result.findings) == spans(FIRST_METHOD_FINDINGS + THIRD_METHOD_FINDINGS, moved_from=12, by=1)
    repaired = THREE_METHODS.replace("        y = x\n", "        y = x\n        pass\n")
    assert canonical(checker.check(repaired).result) == canonical(check_source(repaired, "doc.py", settings=MODE))


def test_an_open_bracket_typed_in_an_edit_that_reaches_the_next_function():
    """One edit (a paste, an undo) over the end of `middle` and the head of `third` leaves a bracket
    open: the tokenizer would run to the end, so the mask is bounded at the next line at column 0
    that starts a statement which, with the rest, parses on its own."""
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(THREE_FINDINGS)
    old = "    return y\n\n@tf.function(experimental_compile=True)"
    edited = THREE_FINDINGS.replace(old, "    return (y\n\n@tf.function(experimental_compile=True)")
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is not None
    assert outcome.masked == ((6, 10),)
    assert spans(outcome.result.findings) == sorted(FIRST_FINDINGS + THIRD_FINDINGS)


@pytest.mark.parametrize("split", [1, 60], ids=["class-kept-as-parts", "small-class-parsed-whole"])
def test_a_decorated_class_with_a_head_over_lines_keeps_its_decorators_and_other_members(split, monkeypatch):
    monkeypatch.setattr(incremental, "SPLIT_CLASS_LINES", split)
    text = (
        HEADER
        + "@register\n@other(\n  1)\nclass Head(\n    object,\n):\n    \"\"\"doc\"\"\"\n"
        + "    @tf.function(experimental_relax_shapes=True)\n    def a(self, x):\n        return x\n"
        + "    def b(self):\n        return 1\n"
        + "    @tf.function(experimental_compile=True)\n    def c(self, x):\n        return x\n"
    )
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(text)
    outcome = checker.check(text.replace("        return 1\n", "        return 1\n        if\n"))
    assert outcome.masked == ((12, 14),)  # `b` only: not the decorators, head or docstring
    assert spans(outcome.result.findings) == [("HYB025", 9, 17, 9, 42), ("HYB025", 15, 17, 15, 37)]


def test_a_broken_else_branch_is_not_cut_from_its_if():
    """`else:` at a statement's indentation continues it: a mask never starts a statement there."""
    text = HEADER + "if tf:\n    a = 1\nelse:\n    b = 2\n\n@tf.function(experimental_compile=True)\ndef third(x):\n    return x\n"
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(text)
    edited = text.replace("    b = 2\n", "    b = (\n")
    outcome = checker.check(edited)
    assert outcome.masked == ((2, 6),)
    assert spans(outcome.result.findings) == [("HYB013", 7, 1, 7, 39), ("HYB025", 7, 13, 7, 33)]


CLASSES = [s for s in STATEMENTS if s.startswith(("class", "@register"))]
LINE_BREAKS = "\r\n"
# Edits that keep every line where it is: what typing inside a method does, and what re-parses one
# part of a class rather than the whole class.
in_line_edit = st.one_of(
    # an identifier grows: typed right after a letter or digit, which mostly keeps the text parsing
    st.tuples(st.just(True), st.floats(min_value=0, max_value=1), st.just(0), st.sampled_from(["x", "_1", "é"])),
    # anything else on one line: breaks the text, or the indentation of a method's first line
    st.tuples(
        st.just(False),
        st.floats(min_value=0, max_value=1),
        st.integers(min_value=0, max_value=6),
        st.one_of(
            st.sampled_from([f for f in FRAGMENTS if not any(c in f for c in LINE_BREAKS)]),
            st.text(alphabet=st.characters(blacklist_characters=LINE_BREAKS), max_size=3),
        ),
    ),
)


def apply_in_line(text: str, change) -> str:
    """`apply`, with the deletion stopped at the end of its line."""
    after_word, where, delete, insert = change
    start = int(where * len(text))
    if after_word:
        words = [i + 1 for i, c in enumerate(text) if c.isalnum()]
        if words:
            start = words[int(where * (len(words) - 1))]
    end = start
    while end < len(text) and end - start < delete and text[end] not in LINE_BREAKS:
        end += 1
    return text[:start] + insert + text[end:]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(CLASSES + STATEMENTS[:8]), min_size=1, max_size=6),
    line_endings,
    st.lists(in_line_edit, min_size=1, max_size=14),
)
def test_edit_streams_inside_classes_match_a_full_check(parts, newline, changes):
    text = (HEADER + "".join(parts)).replace("\n", newline)
    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    assert_matches(checker, text)
    for change in changes:
        text = apply_in_line(text, change)
        assert_matches(checker, text)


def test_backslash_typed_after_a_class_head_masks_the_class():
    # `class Lazy:\` joins the head to the first method's line: no class parses there, although the
    # head parses with a stand-in body and the method parses alone (found by the property test above).
    text = HEADER + "x = 1\n" + "class Lazy:\n    def get(self, v):\n        return tf.function(step)(v)\n"
    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    assert_matches(checker, text)
    edited = text.replace("class Lazy:\n", "class Lazy:\\\n")
    assert_matches(checker, edited)
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is not None and outcome.masked


# Edits that add or remove whole lines, as typing Enter does: a statement line typed above a line
# (at its indentation, one level deeper, or at none), a line deleted with its line break, and Enter
# at the end of a line (a new line holding only the indentation). The lines below move.
NEW_LINES = ["_typed = 1", "step(x)", "print(x)", "return x", "pass", "# note", "", "@tf.function", "def g(v):", "x = (1,"]
# half-typed statements: what a new line holds while the user types it
NEW_LINES += ["if", "if x:", "for x in", "with", "try:", "def f(", "x = (", "else:", "class C(", "while"]
line_edit = st.tuples(
    st.sampled_from(["insert", "delete", "enter"]),
    st.floats(min_value=0, max_value=1),  # which line
    st.sampled_from(NEW_LINES),
    st.sampled_from(["same", "same", "deeper", "none"]),  # the new line's indentation
)


def apply_line_edit(text: str, change, newline: str) -> str:
    kind, where, statement, indentation = change
    source = SourceText(text)
    starts = source.line_starts
    index = int(where * (len(starts) - 1))
    begin = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    current = source.line_text(index + 1)
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    indent = {"same": indent, "deeper": indent + "    ", "none": ""}[indentation]
    if kind == "insert":
        return text[:begin] + indent + statement + newline + text[begin:]
    if kind == "delete":
        return text[:begin] + text[end:]
    at = begin + len(current)
    return text[:at] + newline + indent + text[at:]


def run_line_edits(checker: IncrementalChecker, text: str, newline: str, changes) -> None:
    """Each version is checked at once, and every version's result is checked again at the end:
    the fixes of earlier results are built then, after later edits renumbered what they share."""
    outcomes = [checker.check(text)]
    assert_outcome_matches(checker, outcomes[0])
    for change in changes:
        text = apply_line_edit(text, change, newline)
        outcomes.append(checker.check(text))
        assert outcomes[-1].text == text
    for outcome in reversed(outcomes):
        assert_outcome_matches(checker, outcome)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, line_endings, st.lists(line_edit, min_size=1, max_size=14))
def test_line_insertions_and_deletions_match_a_full_check(document, newline, changes):
    checker = IncrementalChecker("doc.py", settings=MODE, rules=RULES)
    run_line_edits(checker, document.replace("\n", newline), newline, changes)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(CLASSES + STATEMENTS[:8]), min_size=1, max_size=6),
    line_endings,
    st.lists(line_edit, min_size=1, max_size=14),
)
def test_line_insertions_and_deletions_inside_classes_match_a_full_check(parts, newline, changes):
    checker = IncrementalChecker("doc.py", settings=MODE, rules=RULES)
    run_line_edits(checker, (HEADER + "".join(parts)).replace("\n", newline), newline, changes)


# -- the behaviours the property rests on, each shown once ------------------------------------

BIG = (
    HEADER
    + "".join(f"def f{i}(x):\n    y = x + {i}\n    return tf.nn.relu(y)\n\n" for i in range(300))
    + "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return f1(x)\n"
)


def test_an_edit_inside_one_function_reparses_only_that_function():
    checker = IncrementalChecker("doc.py", settings=MODE)
    first = checker.check(BIG)
    assert first.mode == "full"
    edited = BIG.replace("y = x + 150\n", "y = x + 1500\n")
    outcome = checker.check(edited)
    assert outcome.mode == "incremental"
    assert outcome.reparsed_lines <= 5
    assert canonical(outcome.result) == canonical(check_source(edited, "doc.py", settings=MODE))


BIG_CLASS = (
    HEADER
    + "class Agent(object):\n    \"\"\"A big class.\"\"\"\n\n"
    + "".join(f"    def m{i}(self, x):\n        y = x + {i}\n        return tf.nn.relu(y)\n\n" for i in range(100))
    + "    @tf.function(experimental_relax_shapes=True)\n    def step(self, x):\n        return self.m1(x)\n"
)


def test_an_edit_inside_one_method_of_a_big_class_reparses_only_that_method():
    checker = IncrementalChecker("doc.py", settings=MODE)
    before = checker.check(BIG_CLASS)
    edited = BIG_CLASS.replace("y = x + 50\n", "y = x + 500\n")
    outcome = checker.check(edited)
    assert outcome.mode == "incremental"
    assert outcome.reparsed_lines <= 5
    assert ast.dump(outcome.tree, include_attributes=True) == ast.dump(ast.parse(edited), include_attributes=True)
    assert canonical(outcome.result) == canonical(check_source(edited, "doc.py", settings=MODE))
    # The class node is a new one: the earlier result's tree is left as it was.
    assert before.tree.body[1] is not outcome.tree.body[1]
    assert "x + 50\n" in ast.get_source_segment(BIG_CLASS, before.tree.body[1].body[51])


def test_a_new_line_reparses_only_its_function_and_keeps_earlier_results_intact():
    checker = IncrementalChecker("doc.py", settings=MODE)
    before = checker.check(BIG).result
    finding = next(f for f in before.findings if f.code == "HYB025")
    edited = BIG.replace("    y = x + 10\n", "    y = x + 10\n    z = y\n\n")
    after = checker.check(edited)
    assert after.mode == "incremental"
    assert after.reparsed_lines <= 6  # the function typed in; the 870 lines below only moved
    moved = next(f for f in after.result.findings if f.code == "HYB025")
    assert moved.span.line == finding.span.line + 2
    # The earlier result still describes the earlier text (its fix is built lazily, now).
    fix = finding.fix
    assert fix is not None and before.source.text_of(fix.edits[0].span) == "experimental_relax_shapes"
    assert fix.edits[0].span.line == finding.span.line
    assert canonical(after.result) == canonical(check_source(edited, "doc.py"))


def test_a_new_line_in_a_method_of_a_big_class_reparses_only_that_method():
    checker = IncrementalChecker("doc.py", settings=MODE)
    before = checker.check(BIG_CLASS).result
    edited = BIG_CLASS.replace("        y = x + 50\n", "        y = x + 50\n        z = y\n")
    outcome = checker.check(edited)
    assert outcome.mode == "incremental"
    assert outcome.reparsed_lines <= 5
    assert ast.dump(outcome.tree, include_attributes=True) == ast.dump(ast.parse(edited), include_attributes=True)
    assert canonical(outcome.result) == canonical(check_source(edited, "doc.py"))
    back = checker.check(BIG_CLASS)  # and deleted again
    assert back.reparsed_lines <= 5
    assert canonical(back.result) == canonical(before) == canonical(check_source(BIG_CLASS, "doc.py"))


def test_a_result_older_than_the_renumbering_log_offers_no_fix(monkeypatch):
    monkeypatch.setattr(incremental, "MAX_SHIFT_LOG", 2)
    checker = IncrementalChecker("doc.py", settings=MODE)
    first = checker.check(BIG).result
    text = BIG
    for number in range(3):
        text = "# a line\n" + text if number else text.replace("    y = x + 10\n", "    y = x + 10\n\n")
        checker.check(text)
    finding = next(f for f in first.findings if f.code == "HYB025")
    assert finding.span.line == BIG.count("\n") - 2  # its range was computed when it was found
    assert finding.fix is None  # not a fix numbered for another text


def test_a_decorator_typed_above_an_untouched_def_is_not_a_syntax_error():
    text = HEADER + "x = 1\n\n\ndef f(v):\n    return v\n"
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(text)
    edited = text.replace("x = 1\n\n\n", "x = 1\n\n@tf.function(experimental_relax_shapes=True)\n")
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is None
    assert [f.code for f in outcome.result.findings if f.code == "HYB025"] == ["HYB025"]


def test_an_opened_string_that_closes_further_down_is_found_by_the_full_parse():
    text = HEADER + "a = 1\nb = '\"\"\"'  # '\n"
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(text)
    edited = text.replace("a = 1", 'a = """1')
    outcome = checker.check(edited)
    assert outcome.result.syntax_error is None  # a = """1\nb = '""" '  # ' parses
    assert outcome.mode == "full"


def test_a_half_typed_statement_keeps_the_diagnostics_of_the_others():
    text = (
        HEADER
        + "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x\n\n"
        + "def other(v):\n    return v\n"
    )
    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    assert [f.code for f in checker.check(text).result.findings if f.code == "HYB025"] == ["HYB025"]
    broken = text.replace("    return v\n", "    return v +\n")
    outcome = checker.check(broken)
    assert outcome.result.syntax_error is not None
    assert outcome.result.syntax_error.span.line == 7
    assert outcome.masked == ((6, 8),)
    assert [f.code for f in outcome.result.findings if f.code == "HYB025"] == ["HYB025"]
    assert check_source(broken, "doc.py", settings=MODE).findings == []  # what a full check says instead


def test_a_document_opened_broken_reports_only_the_syntax_error():
    text = HEADER + "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x +\n"
    outcome = IncrementalChecker("doc.py", settings=MODE).check(text)
    assert outcome.result.syntax_error is not None
    assert outcome.result.findings == []


def test_a_line_break_split_across_an_edit_boundary():
    text = HEADER.replace("\n", "\r") + "a = 1\r@tf.function(experimental_relax_shapes=True)\rdef s(x):\r    return x\r"
    checker = IncrementalChecker("doc.py", settings=MODE)
    checker.check(text)
    edited = text.replace("a = 1\r", "a = 1\r\n")  # "\r" + "\n" is now one line break
    assert canonical(checker.check(edited).result) == canonical(check_source(edited, "doc.py", settings=MODE))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_backslash_typed_at_the_end_of_a_statement_joins_it_to_the_next(newline):
    """CPython parses "x\\" + "\r\n" at the very end of its input, so the statement alone would
    parse; the whole text does not."""
    text = (HEADER + "class A:\n    def f(self):\n        return 1\n    def g(self):\n        return 2\n").replace(
        "\n", newline
    )
    for typed_after in ("import tensorflow as tf", "return 1"):
        checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
        checker.check(text)
        edited = text.replace(typed_after, typed_after + "\\")
        outcome = checker.check(edited)
        assert outcome.result.syntax_error == check_source(edited, "doc.py", settings=MODE).syntax_error is not None
        assert_matches(checker, edited)


def test_earlier_versions_are_freed():
    """A long editing session must not keep every version's analysis alive (a module-level cache
    keyed by the module facts, whose values refer back to them, once did)."""
    import gc
    import weakref

    checker = IncrementalChecker("doc.py", rules=RULES, settings=MODE)
    first = checker.check(BIG)
    module = weakref.ref(first.tree)
    del first
    checker.check(BIG.replace("y = x + 7\n", "y = x + 70\n"))
    checker.check(BIG.replace("y = x + 7\n", "y = x + 700\n"))
    gc.collect()
    assert module() is None


def test_fixes_of_earlier_results_built_on_another_thread_while_lines_move():
    """The language server builds fixes (code actions) on other threads while its analysis thread
    checks the next versions, renumbering statements the earlier results share."""
    import queue
    import threading

    checker = IncrementalChecker("doc.py", settings=MODE)
    texts = []
    for number in range(12):
        text = BIG.replace("    y = x + 10\n", "    y = x + 10\n" + "    z = y\n" * (number % 3))
        texts.append("# a line\n" * (number % 4) + text)
    checked: "queue.Queue" = queue.Queue()
    built = {}

    def build_fixes() -> None:  # each result's fixes, built while the next versions are checked
        while True:
            item = checked.get()
            if item is None:
                return
            index, outcome = item
            built[index] = [f.fix for f in outcome.result.findings]

    worker = threading.Thread(target=build_fixes)
    worker.start()
    for index, text in enumerate(texts):
        checked.put((index, checker.check(text)))
    checked.put(None)
    worker.join()
    for index, text in enumerate(texts):
        expected = [f.fix for f in check_source(text, "doc.py").findings]
        assert any(fix is not None for fix in expected)
        assert built[index] == expected
