"""HYB005 redundant-nested-tf-function."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.analysis import (
    RELAX_SHAPES_KEYWORDS,
    TEST_PATH,
    documented_as_called,
    is_true,
    may_compile_with_xla,
    mentions_of,
)
from hybridlint.edits import remove_decorator
from hybridlint.facts import CallSite, FunctionInfo, TfFunctionUse
from hybridlint.links import ExternalCall
from hybridlint.oracle import Counted, Oracle, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity

# Keywords whose removal with the decorator changes nothing for a function traced inside another one.
_HARMLESS_KEYWORDS = frozenset(RELAX_SHAPES_KEYWORDS)


class _Use:
    """One mention of a name in the module: a call's callee, or a value."""

    __slots__ = ("node", "call")

    def __init__(self, node: ast.AST, call: Optional[ast.Call]):
        self.node = node
        self.call = call


class RedundantNestedTfFunction(Rule):
    code = "HYB005"
    name = "redundant-nested-tf-function"
    severity = Severity.HINT
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "A tf.function only ever called from other traced code"

    what_it_does = (
        "Flags a decorated function whose every call site in the file is inside graph code: the body of "
        "another tf.function, or a function only ever called from one. It must have at least one call site, "
        "and no other mention: not passed as a value, not `.get_concrete_function`, not returned or "
        "assigned, not listed in `__all__`, and not called on another object. Public module-level functions "
        "and public methods are only checked in scripts (modules with an `if __name__ == \"__main__\":` "
        "guard), since other modules may import and call them eagerly. Private functions the module documents "
        "as API its users call (listed for Sphinx autodoc in the module docstring, `.. autofunction::`, or "
        "called by a doctest, `>>> _f(...)`, in their own or the module's docstring) are not checked either, "
        "nor functions called from such a documented function, in this module or another. Test files are skipped. Decorators with "
        "`jit_compile=True` are not flagged (a nested XLA cluster is deliberate), nor are functions also "
        "wrapped elsewhere, nor callers that are Keras `call` methods (Keras runs them eagerly when the "
        "model is called on eager tensors). With the project index, call sites in other modules count too: "
        "a call made there eagerly, or the function passed there as a value, clears it (so does a call from a "
        "function there that may itself run eagerly: one that untraced code of the project calls, or a Keras "
        "method), and a private function "
        "called only from traced code in other modules is flagged. A read of its (private) name outside traced "
        "code in another module, as an attribute of any object but `self` (`runner._step(x)`, whatever "
        "`runner` is) or imported, clears it too. Of test modules only the uses that need the tf.function "
        "object count (`env._step.get_concrete_function(x)`, also through `fn = env._step`; passing it as a "
        "value): a test's eager call works as well without the decorator, and its speed is not the point."
    )
    why_bad = (
        "tf.function traces everything its body calls, so the inner decorator only adds a nested function "
        "boundary: an extra trace (one per distinct Python argument), an extra function-call op in the "
        "graph, and a second place where retracing can happen. In the study's 159 labelled tf.function fix "
        "commits, 7 are in the category \"Redundant decorator\", and 8 removals give the cause \"inner "
        "function decorated though its caller is decorated\"; Hybridize reports such functions as "
        "`HAS_COVERED_CALLERS` and proposes de-hybridizing them. Calls from outside the project cannot be seen "
        "here, which is why this is a hint."
    )
    use_instead = "Decorate only the outermost function (the whole training or serving step)."
    fix_safety_doc = (
        "Safe only when removing the decorator cannot change behaviour: a bare `@tf.function` (or one with "
        "only `reduce_retracing`/`experimental_relax_shapes`), on a private function (`_normalize`) that is "
        "not a method (a subclass elsewhere may call it, and a `tf.Module` exports its tf.functions), every "
        "call site resolved in this file, and no traced caller with `autograph=False` (the decorator converts the function with "
        "AutoGraph on its own). Otherwise the removal is offered as unsafe: an `input_signature` validates "
        "and casts arguments, public functions may be called eagerly from other modules, and "
        "`get_concrete_function`/SavedModel users need the tf.function object."
    )
    references = (
        "https://www.tensorflow.org/guide/function",
        "https://www.tensorflow.org/guide/intro_to_graphs",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            note="safe fix: bare decorator, private name, every call site resolved",
            name="safe-fix-bare-decorator-private",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "def normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n"
            "def loss(y, p):\n"
            "    return tf.reduce_mean(normalize(y) - p)\n\n"
            "@tf.function\n"
            "def train_step(y, p):\n"
            "    return loss(y, p)\n\n"
            'if __name__ == "__main__":\n'
            "    train_step(tf.ones([3]), tf.zeros([3]))\n",
            flagged=["tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])"],
            fixed="import tensorflow as tf\n\n"
            "def normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n"
            "def loss(y, p):\n"
            "    return tf.reduce_mean(normalize(y) - p)\n\n"
            "@tf.function\n"
            "def train_step(y, p):\n"
            "    return loss(y, p)\n\n"
            'if __name__ == "__main__":\n'
            "    train_step(tf.ones([3]), tf.zeros([3]))\n",
            note="unsafe fix: public (in a script), with an input_signature; reached through an undecorated helper",
            name="unsafe-fix-public-script-with",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def fit(model, data):\n"
            "    @tf.function\n"
            "    def train_step(x):\n"
            "        return model(x)\n\n"
            "    @tf.function\n"
            "    def epoch():\n"
            "        for x in data:\n"
            "            train_step(x)\n\n"
            "    epoch()\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n"
            "def fit(model, data):\n"
            "    def train_step(x):\n"
            "        return model(x)\n\n"
            "    @tf.function\n"
            "    def epoch():\n"
            "        for x in data:\n"
            "            train_step(x)\n\n"
            "    epoch()\n",
            note="local functions cannot be called from elsewhere",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            name="good-normalize-step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x)\n\n"
            "print(_normalize(tf.ones([3])))\n",
            note="also called eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x)\n\n"
            "concrete = _normalize.get_concrete_function(tf.TensorSpec([None]))\n",
            note="its concrete function is used",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return normalize(x)\n",
            note="a public function of a library module: users may call it eagerly",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(jit_compile=True)\n"
            "def _fused(x):\n"
            "    return tf.nn.relu(x) * 2\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _fused(x)\n",
            note="a deliberate XLA cluster",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def _scale(x):\n"
            "    return x * 2\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return _scale(x)\n",
            note="Keras runs `call` eagerly when the layer is called on eager tensors",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def _step(x):\n"
            "    return x * 2\n\n"
            "@tf.function\n"
            "def run(strategy, x):\n"
            "    return strategy.run(_step, args=(x,))\n",
            note="passed as a value",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n",
            flagged=["tf.function"],
            fixed="import tensorflow as tf\n\n\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\nfrom pkg.ops import _normalize\n\n\n@tf.function\n"
                    "def step(model, x):\n    return model(_normalize(x))\n",
                ),
            ),
            note="called only from a tf.function in another module; the fix is unsafe (that caller's options are unseen)",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return (x - tf.reduce_mean(x)) / tf.math.reduce_std(x)\n\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/eval.py", "from pkg.ops import _normalize\n\n\ndef report(x):\n    return _normalize(x).numpy()\n"),
            ),
            note="another module calls it eagerly: its own tf.function is what makes that call a graph",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _clip(x):\n"
            "    return tf.clip_by_value(x, 0.0, 1.0)\n\n\n"
            "@tf.function\n"
            "def crop(x):\n"
            "    return _clip(x) * 2\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/boxes.py", "from pkg.ops import _clip\n\n\ndef cross(x):\n    return _clip(x) + 1\n"),
                ("pkg/train.py", "import tensorflow as tf\n\nfrom pkg.boxes import cross\n\n\n@tf.function\ndef step(x):\n    return cross(x)\n"),
                ("pkg/report.py", "from pkg.boxes import cross\n\n\ndef show(x):\n    return cross(x).numpy()\n"),
            ),
            note="`cross` calls it from traced `step`, but `show` calls `cross` eagerly: not only called while traced",
            name="caller-elsewhere-also-runs-eagerly",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _clip(x):\n"
            "    return tf.clip_by_value(x, 0.0, 1.0)\n\n\n"
            "@tf.function\n"
            "def crop(x):\n"
            "    return _clip(x) * 2\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "def _clip(x):\n"
            "    return tf.clip_by_value(x, 0.0, 1.0)\n\n\n"
            "@tf.function\n"
            "def crop(x):\n"
            "    return _clip(x) * 2\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/boxes.py", "from pkg.ops import _clip\n\n\ndef cross(x):\n    return _clip(x) + 1\n"),
                ("pkg/train.py", "import tensorflow as tf\n\nfrom pkg.boxes import cross\n\n\n@tf.function\ndef step(x):\n    return cross(x)\n"),
            ),
            note="`cross` in another module runs only from traced `step`",
            name="caller-elsewhere-only-traced",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Env:\n"
            "    @tf.function(input_signature=[tf.TensorSpec([None, 1], tf.float32)])\n"
            "    def _decay(self, state):\n"
            "        return tf.exp(-state)\n\n"
            "    @tf.function\n"
            "    def transition(self, state):\n"
            "        return state * self._decay(state)\n",
            path="pkg/env.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "tests/test_env.py",
                    "import tensorflow as tf\n\n\n"
                    "def test_decay(env):\n"
                    "    state = tf.ones([2, 1])\n"
                    "    assert env._decay(state).shape == state.shape\n"
                    "    fn = env._decay\n"
                    "    assert fn.get_concrete_function(state) == fn.get_concrete_function(tf.ones([3, 1]))\n",
                ),
            ),
            note="the project's tests call it eagerly on a fixture and check its input_signature's one trace",
            name="good-tested-private-tf-function",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x) * 2\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x) * 2\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "tests/test_ops.py",
                    "import tensorflow as tf\nfrom pkg.ops import _normalize\n\n\n"
                    "def test_normalize():\n"
                    "    assert float(tf.reduce_sum(_normalize(tf.ones([4])))) == 1.0\n",
                ),
            ),
            note="a test's eager call works as well without the decorator",
            name="bad-private-tf-function-a-test-calls",
        ),
        Good(
            '"""Normalisation.\n\n.. autofunction:: pkg.norm._normalize\n"""\n'
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x) * 2\n",
            path="pkg/norm.py",
            note="the module docstring lists it as API (Sphinx autodoc): users call it eagerly, whatever its name",
            name="private-documented-as-api",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            '    """Scales `x` to sum to one.\n\n'
            "    >>> _normalize(tf.constant([1.0, 3.0])).numpy()\n"
            "    array([0.25, 0.75], dtype=float32)\n"
            '    """\n'
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return _normalize(x) * 2\n",
            note="its own docstring example calls it eagerly",
            name="private-called-by-own-doctest",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            "    return x / tf.reduce_sum(x)\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/api.py",
                    '"""Scaling.\n\n.. autofunction:: pkg.api._scaled\n"""\n'
                    "import tensorflow as tf\n\nfrom pkg.ops import _normalize\n\n\n"
                    "def _scaled(x):\n"
                    "    return _normalize(x) * 2\n\n\n"
                    "@tf.function\n"
                    "def step(x):\n"
                    "    return _scaled(x)\n",
                ),
            ),
            note="the caller in another module is traced from `step`, but its module documents it as API: "
            "users call it, and through it this function, eagerly",
            name="documented-caller-other-module",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def _normalize(x):\n"
            '    """Scales `x` to sum to one; `step` calls _normalize on each batch."""\n'
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "def _normalize(x):\n"
            '    """Scales `x` to sum to one; `step` calls _normalize on each batch."""\n'
            "    return x / tf.reduce_sum(x)\n\n\n"
            "@tf.function\n"
            "def step(model, x):\n"
            "    return model(_normalize(x))\n",
            note="a docstring that names the function without an example calling it documents no eager caller",
            name="docstring-names-without-calling",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    @tf.function\n"
            "    def _normalize(self, x):\n"
            "        return x / tf.reduce_sum(x)\n\n"
            "    @tf.function\n"
            "    def call(self, x):\n"
            "        return self._normalize(x)\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return x / tf.reduce_sum(x)\n",
            note="the first class is replaced by the second before anything uses it (pyflakes F811): its code never runs",
            name="shadowed-class-never-runs",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    @tf.function\n"
            "    def _normalize(self, x):\n"
            "        return x / tf.reduce_sum(x)\n\n"
            "    @tf.function\n"
            "    def call(self, x):\n"
            "        return self._normalize(x)\n\n\n"
            "LegacyScaler = Scaler\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return x / tf.reduce_sum(x)\n",
            flagged=[("tf.function", 0)],
            fixed="import tensorflow as tf\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    def _normalize(self, x):\n"
            "        return x / tf.reduce_sum(x)\n\n"
            "    @tf.function\n"
            "    def call(self, x):\n"
            "        return self._normalize(x)\n\n\n"
            "LegacyScaler = Scaler\n\n\n"
            "class Scaler(tf.keras.layers.Layer):\n"
            "    def call(self, x):\n"
            "        return x / tf.reduce_sum(x)\n",
            note="a class kept under another name before the redefinition still runs",
            name="redefined-class-kept-under-another-name",
        ),
    )

    # Real TensorFlow (tests/oracle): the nested function is traced as a Function of its own; without
    # its decorator it is inlined into the caller's graph with the same results.
    oracle = Oracle(
        symptom=Counted(
            "getattr(_normalize, 'experimental_get_tracing_count', lambda: 0)()",
            1,
            "traces of `_normalize` as a tf.function of its own",
        ),
        runs={
            "safe-fix-bare-decorator-private": "outputs = step(lambda t: t * 3, tf.constant([1.0, 2.0, 4.0]))",
            "unsafe-fix-public-script-with": Run(
                "outputs = train_step(tf.constant([1.0, 2.0, 5.0]), tf.zeros([3]))",
                symptom=Counted(
                    "getattr(normalize, 'experimental_get_tracing_count', lambda: 0)()",
                    1,
                    "traces of `normalize` as a tf.function of its own",
                ),
            ),
            "good-normalize-step": "outputs = step(lambda t: t * 3, tf.constant([1.0, 2.0, 4.0]))",
            "docstring-names-without-calling": "outputs = step(lambda t: t * 3, tf.constant([1.0, 2.0, 4.0]))",
        },
        note="The harm is a function boundary and extra tracing, not a wrong result: the oracle shows the "
        "separate traces, and that removing the decorator keeps the results.",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self._uses: Dict[str, List[_Use]] = {}
        self._exported: Set[str] = set()
        self._script: Optional[bool] = None

    # -- collection ----------------------------------------------------------------------

    def _mentions(self, name: str) -> List[_Use]:
        """Every read of `name` in the module (as a name or an attribute), with the call it is the
        callee of. Looked up from the per-statement index only for the few functions judged here:
        visiting every name of the module cost more than the rest of the rule on each edit."""
        uses = self._uses.get(name)
        if uses is None:
            uses = self._uses[name] = [_Use(node, call) for node, call in mentions_of(self.ctx.tree, name)]
        return uses

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.ctx.function is None and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            for elt in ast.walk(node.value):
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    self._exported.add(elt.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if self.ctx.function is None and isinstance(node.target, ast.Name) and node.target.id == "__all__":
            for elt in ast.walk(node.value):
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                    self._exported.add(elt.value)

    # -- analysis ------------------------------------------------------------------------

    def finish(self) -> None:
        if self.ctx.is_test_file:
            return  # tests nest tf.functions on purpose, and their speed is not the point
        for info in self.ctx.facts.functions:
            use = info.decorator
            if use is None or info.wrappers or isinstance(info.node, ast.Lambda):
                continue
            if may_compile_with_xla(use.keywords):  # a nested XLA cluster is a deliberate boundary
                continue
            if info.name in self._exported or self._importable_api(info) or documented_as_called(self.ctx.facts, info):
                continue  # users may call it eagerly
            elsewhere = self._calls_elsewhere(info)
            if elsewhere is None:
                continue  # called eagerly, or passed as a value, in another module
            if not info.callers and (not elsewhere or self._mentions(info.name)):
                continue  # no call at all, or mentioned here in some other way
            entries: List[TfFunctionUse] = []
            if info.callers and not self._only_traced_calls(info, entries, {id(info)}, strict=True):
                continue
            self._report(info, use, entries, elsewhere)

    def _calls_elsewhere(self, info: FunctionInfo) -> Optional[List[ExternalCall]]:
        """Its call sites in other modules of the project (the index's), all made from traced code;
        None when one of them is not."""
        link = self.ctx.facts.link
        if link is not None and info.name in link.mentioned_elsewhere:
            return None  # read outside traced code there (a test's `env._step(x)`, `.get_concrete_function`)
        calls = link.callers.get(info.qualname, []) if link is not None else []
        # a traced caller that may itself run eagerly (reached from eager code elsewhere) may call it eagerly
        if any(
            call.reference or not ((call.traced and not call.eager_caller) or _in_test(call.place.path))
            for call in calls
        ):
            return None
        # A test's eager call works as well without the decorator (its speed is not the point).
        return [call for call in calls if call.traced]

    def _importable_api(self, info: FunctionInfo) -> bool:
        """A public module-level function or method of a library module: other modules may call it
        eagerly, and they are invisible here. Scripts (with a `__main__` guard) are not imported."""
        if info.name.startswith("_") and not info.name.endswith("__"):
            return False
        if info.parent is not None or (info.cls is not None and info.cls.parent_function is not None):
            return False  # local to a function: nothing outside can reach it
        return not self._is_script()

    def _is_script(self) -> bool:
        if self._script is None:  # asked once per candidate function: scan the module once
            self._script = any(
                isinstance(stmt, ast.If)
                and isinstance(stmt.test, ast.Compare)
                and "__name__" in [n.id for n in ast.walk(stmt.test) if isinstance(n, ast.Name)]
                and "__main__" in [n.value for n in ast.walk(stmt.test) if isinstance(n, ast.Constant)]
                for stmt in self.ctx.tree.body
            )
        return self._script

    def _only_traced_calls(
        self, info: FunctionInfo, entries: List[TfFunctionUse], seen: Set[int], strict: bool
    ) -> bool:
        """Every mention of `info`'s name in the module is a call made while another function is traced.

        `strict` is for the decorated function itself: each mention must be a direct call. Its
        undecorated callers may also be wrapped (`step = tf.function(f)`), be the function a `tf.data`
        transformation traces, or be handed to a TensorFlow API from traced code (`tf.map_fn(f, x)`)."""
        mentions = self._mentions(info.name)
        if not mentions:
            return False  # never used here: whoever calls it lives in another module
        sites = {id(site.node): site for site in info.callers if not site.is_reference}
        references = {id(site.node): site for site in info.callers if site.is_reference}
        wrappings = {id(arg): w for w in info.wrappers for arg in _wrapped_args(w)}
        for mention in mentions:
            if mention.call is not None and id(mention.call) in sites:
                site = sites[id(mention.call)]
                if site.wrapper is not None and site.wrapper is not info.decorator:
                    entries.append(site.wrapper)  # called through a `tf.function(f)` object
                elif not self._traced_site(site, info, entries, seen):
                    return False
                continue
            if strict:
                return False
            if id(mention.node) in wrappings:
                entries.append(wrappings[id(mention.node)])
                continue
            site = self._reference_site(mention.node, references)
            if site is None:
                return False
            graph = info.graph
            if graph is not None and graph.reason == "dataset" and graph.site is site.node:
                continue  # tf.data always traces its transformation functions
            name = self.ctx.facts.qualname(site.node.func, site.caller)
            if name is None or not name.startswith("tensorflow."):
                return False
            if not self._traced_site(site, info, entries, seen):
                return False
        return True

    @staticmethod
    def _reference_site(node: ast.AST, references: Dict[int, CallSite]) -> Optional[CallSite]:
        for site in references.values():
            call = site.node
            if any(arg is node for arg in list(call.args) + [k.value for k in call.keywords]):
                return site
        return None

    def _traced_site(self, site: CallSite, callee: FunctionInfo, entries: List[TfFunctionUse], seen: Set[int]) -> bool:
        if site.eager or site.caller is None or site.caller is callee:
            return False
        return self._always_traced(site.caller, entries, seen)

    def _always_traced(self, info: FunctionInfo, entries: List[TfFunctionUse], seen: Set[int]) -> bool:
        """`info` only ever runs while some tf.function is being traced."""
        if info.decorator is not None:
            entries.append(info.decorator)
            return True
        if id(info) in seen or info.graph is None or info.graph.reason == "keras":
            return False
        link = self.ctx.facts.link
        if link is not None and info.qualname in link.may_run_eagerly:
            return False  # the project shows an eager way in (a call from eager code in another module)
        if documented_as_called(self.ctx.facts, info):
            return False  # documented as called by users: an eager way in from outside the project
        seen = seen | {id(info)}
        if isinstance(info.node, ast.Lambda):
            parent = info.parent
            return info.graph.reason == "nested" and parent is not None and self._always_traced(parent, entries, seen)
        return self._only_traced_calls(info, entries, seen, strict=False)

    # -- reporting -----------------------------------------------------------------------

    def _report(
        self, info: FunctionInfo, use: TfFunctionUse, entries: List[TfFunctionUse], elsewhere: List[ExternalCall]
    ) -> None:
        callers: List[str] = []
        related: List[Related] = []
        for site in info.callers:
            caller = site.caller
            assert caller is not None
            if caller.name not in callers:
                callers.append(caller.name)
            related.append(Related(self.ctx.span(site.node), f"called from `{caller.name}`, which only runs traced"))
        for call in elsewhere:
            name = (call.caller or "?").rsplit(".", 1)[-1]
            if name not in callers:
                callers.append(name)
            related.append(
                Related(call.place.span, f"called from `{name}` in `{call.place.path}`, which runs traced", call.place.path)
            )
        names = ", ".join(f"`{n}`" for n in callers[:3]) + (" …" if len(callers) > 3 else "")
        # The traced callers in other modules may turn AutoGraph off: removing the decorator is not proven safe.
        safe = not elsewhere and self._removal_is_safe(info, use, entries)
        decorator = use.node
        self.report(
            decorator,
            f"`{info.name}` is only called while another tf.function is traced (from {names}), so it is traced "
            "with it; its own tf.function only adds a nested function boundary and extra traces.",
            related=related,
            fix=lambda: self._fix(decorator, safe),  # type: ignore[arg-type]
        )

    def _removal_is_safe(self, info: FunctionInfo, use: TfFunctionUse, entries: List[TfFunctionUse]) -> bool:
        if isinstance(use.node, ast.Call) and use.node.args:
            return False
        if set(use.keywords) - _HARMLESS_KEYWORDS:
            return False
        if not info.name.startswith("_") or info.name.startswith("__"):
            return False
        if info.cls is not None:
            return False  # a subclass elsewhere may call `self._m()` eagerly
        return all("autograph" not in e.keywords or is_true(e.keywords["autograph"]) for e in entries)

    def _fix(self, decorator: ast.expr, safe: bool) -> Optional[Fix]:
        edit = remove_decorator(self.ctx.source, decorator)
        if edit is None:
            return None
        safety = FixSafety.SAFE if safe else FixSafety.UNSAFE
        return Fix("Remove the nested `@tf.function`", (edit,), safety)


def _in_test(path: str) -> bool:
    return bool(TEST_PATH.search(path.replace("\\", "/")))


def _wrapped_args(use: TfFunctionUse) -> Tuple[ast.AST, ...]:
    node = use.node
    if isinstance(node, ast.Call):
        found: List[ast.AST] = list(node.args[:1])
        if "func" in use.keywords:
            found.append(use.keywords["func"])
        return tuple(found)
    return ()
