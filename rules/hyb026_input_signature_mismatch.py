"""HYB026 input-signature-mismatch."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.facts import FunctionInfo, TfFunctionUse
from hybridlint.oracle import Oracle, Raises, Run
from hybridlint.rule import Bad, Good, Related, Rule, Severity
from hybridlint.source import Span


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _is_static(info: FunctionInfo) -> bool:
    node = info.node
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list
    )


def _names_receiver(name: str) -> bool:
    return name.lstrip("_") in ("self", "cls", "mcs", "klass")


class InputSignatureMismatch(Rule):
    code = "HYB026"
    name = "input-signature-mismatch"
    severity = Severity.ERROR
    preview = True
    needs_traced_code = True
    summary = "A literal `input_signature` that does not fit the function's parameters or its calls"

    what_it_does = (
        "Checks a literal `input_signature=[...]` (on the decorator or in `tf.function(f, input_signature=...)`) "
        "against the function: it flags keyword-only parameters without defaults, fewer specs than parameters "
        "without defaults, more specs than parameters (without `*args`), and calls in this file that pass "
        "more positional arguments than there are specs, or keywords the signature does not cover (including "
        "keywords meant for `**kwargs`). `self`/`cls` of methods are not counted; a method whose first "
        "parameter is not named `self` or `cls` is not checked (it may be called through the class, where "
        "the first spec meets it). Signatures built at run time are not checked. A `**kwargs` parameter alone is not flagged: TensorFlow 2 accepts the "
        "definition and only rejects keywords actually passed."
    )
    why_bad = (
        "TensorFlow matches the specs to the parameters one by one. A parameter without a spec and without a "
        "default raises a TypeError when the function is created (`The decorated tf.function has N "
        "required argument(s), but tf.function was only passed an input_signature of length M`; newer "
        "versions: `input_signature missing type constraint for …`); extra specs fail when traced "
        "(`input_signature contains N extra type constraints`); calls passing more positional arguments, "
        "keywords outside the signature, or keywords for `**kwargs` raise a TypeError at the call. "
        "In the study's 159 labelled tf.function fix commits, 6 add an `input_signature` and 4 fix an "
        "underspecified one (category \"Underspecified input signature\"): signatures are written by hand and "
        "drift from the function as parameters are added."
    )
    use_instead = (
        "One `tf.TensorSpec` per parameter, in order; pass only the arguments the signature covers, and no "
        "keywords through `**kwargs`."
    )
    fix_safety_doc = "No fix: the missing specs' shapes and dtypes cannot be known statically."
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/function",
        "https://www.tensorflow.org/guide/function#controlling_retracing",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "def f(x, scale):\n"
            "    return x * scale\n",
            flagged=["input_signature"],
            name="bad-f",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Model(tf.Module):\n"
            "    @tf.function(input_signature=(tf.TensorSpec([None], tf.float32),))\n"
            "    def serve(self, x, **kwargs):\n"
            "        return x\n\n"
            "    def predict(self, x):\n"
            "        return self.serve(x, training=False)\n",
            flagged=["self.serve(x, training=False)"],
            note="`self` is not counted; a keyword passed into `**kwargs` is rejected",
            name="self-not-counted-keyword-passed",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def step(x, training=False):\n"
            "    return x\n\n"
            "serve = tf.function(step, input_signature=[tf.TensorSpec([None, 3], tf.float32)])\n"
            "serve(tf.zeros([2, 3]), True)\n"
            "serve(tf.zeros([2, 3]), trainable=True)\n",
            flagged=["serve(tf.zeros([2, 3]), True)", "serve(tf.zeros([2, 3]), trainable=True)"],
            note="calls passing arguments the signature does not cover",
            name="calls-passing-arguments-signature-does",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None]), tf.TensorSpec([])])\n"
            "def f(x):\n"
            "    return x\n",
            flagged=["input_signature"],
            note="more specs than parameters",
            name="more-specs-than-parameters",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.float32)])\n"
            "def f(x, scale):\n"
            "    return x * scale\n",
            name="good-f",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Model(tf.Module):\n"
            "    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "    def __call__(self, x, training=False):\n"
            "        return x\n\n"
            "m = Model()\n"
            "m(tf.zeros([2]))\n",
            note="a parameter with a default may stay out of the signature when no call passes it",
            name="parameter-with-default-may-stay",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "SPECS = [tf.TensorSpec([None], tf.float32)]\n\n"
            "@tf.function(input_signature=SPECS + [tf.TensorSpec([])])\n"
            "def f(x, y, z):\n"
            "    return x\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None])] * 2)\n"
            "def g(a, b):\n"
            "    return a + b\n",
            note="signatures built at run time are not checked",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Tts(tf.Module):\n"
            "    def _infer(self, ids, speed, **kwargs):\n"
            "        return ids\n\n"
            "    def setup(self):\n"
            "        self.infer = tf.function(\n"
            "            self._infer,\n"
            "            input_signature=[tf.TensorSpec([None], tf.int32), tf.TensorSpec([], tf.float32)],\n"
            "        )\n",
            note="`**kwargs` on the function is accepted as long as no call passes keywords through it",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None]), tf.TensorSpec([None])])\n"
            "def total(*parts):\n"
            "    return tf.add_n(parts)\n\n"
            "total(tf.zeros([2]), tf.ones([2]))\n",
            note="`*args` takes the specs",
            name="args-takes-specs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Bridge:\n"
            "    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([], tf.float32)])\n"
            "    def build(z, scale):\n"
            "        return z * scale\n\n"
            "    def path(self, z):\n"
            "        return Bridge.build(z, 2.0)\n",
            note="a method whose first parameter is not `self` may be called through the class, taking every spec",
            name="called-through-class",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def make_run(weighted):\n"
            "    if weighted:\n"
            "        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.float32)])\n"
            "        def step(x, w):\n"
            "            return x * w\n\n"
            "        def run(x, w):\n"
            "            return step(x, w)\n"
            "    else:\n"
            "        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "        def step(x):\n"
            "            return x * 2.0\n\n"
            "        def run(x):\n"
            "            return step(x, 2.0)\n"
            "    return run\n",
            flagged=["step(x, 2.0)"],
            note="a call is checked against the def of its own branch: here the `else` one, of one spec",
            name="call-in-branch-too-many",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def make_run(weighted):\n"
            "    if weighted:\n"
            "        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32), tf.TensorSpec([None], tf.float32)])\n"
            "        def step(x, w):\n"
            "            return x * w\n\n"
            "        def run(x, w):\n"
            "            return step(x, w)\n"
            "    else:\n"
            "        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])\n"
            "        def step(x):\n"
            "            return x * 2.0\n\n"
            "        def run(x):\n"
            "            return step(x)\n"
            "    return run\n",
            note="each branch defines its own `step`: a call in one branch never meets the other branch's signature",
            name="branch-own-signature",
        ),
    )

    # Real TensorFlow (tests/oracle): a signature that does not fit the parameters raises TypeError when
    # the decorator runs, eagerly too; one that does not fit a call raises at that call.
    oracle = Oracle(
        symptom=Raises("TypeError"),
        fails_eagerly=True,
        runs={
            "bad-f": "outputs = f(tf.constant([1.0, 2.0]), tf.constant(2.0))",
            "self-not-counted-keyword-passed": Run("outputs = Model().predict(tf.constant([1.0, 2.0]))", fails_eagerly=False),
            "calls-passing-arguments-signature-does": "outputs = None",
            "more-specs-than-parameters": "outputs = f(tf.constant([1.0, 2.0]))",
            "good-f": "outputs = f(tf.constant([1.0, 2.0]), tf.constant(2.0))",
            "parameter-with-default-may-stay": "outputs = m(tf.constant([1.0, 2.0]))",
            "args-takes-specs": "outputs = total(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))",
            "called-through-class": "outputs = Bridge().path(tf.constant([1.0, 2.0]))",
            "call-in-branch-too-many": "outputs = make_run(False)(tf.constant([1.0, 2.0]))",
            "branch-own-signature": (
                "outputs = [make_run(True)(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])), "
                "make_run(False)(tf.constant([1.0, 2.0]))]"
            ),
        },
    )

    def finish(self) -> None:
        for use in self.ctx.facts.tf_uses:
            info = use.target
            signature = use.keywords.get("input_signature")
            if info is None or not isinstance(signature, (ast.List, ast.Tuple)):
                continue
            if any(isinstance(e, ast.Starred) for e in signature.elts):
                continue
            self._check(use, info, len(signature.elts))

    def _keyword_span(self, use: TfFunctionUse) -> Span:
        node = use.node
        assert isinstance(node, ast.Call)
        for kw in node.keywords:
            if kw.arg == "input_signature":
                start = self.ctx.span(kw)
                return start._replace(end_line=start.line, end_col=start.col + len(kw.arg))
        return self.ctx.span(node)

    def _check(self, use: TfFunctionUse, info: FunctionInfo, n_specs: int) -> None:
        args = info.node.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        bound_first = info.is_method and not _is_static(info) and positional
        if bound_first:
            if not _names_receiver(positional[0]):
                # `def build(z, ...)` in a class body is called through the class (`Cls.build(z, ...)`) as
                # often as on an instance: which parameter the first spec meets is not known
                return
            positional = positional[1:]
        n_defaults = min(len(args.defaults), len(positional))
        required = len(positional) - n_defaults
        where = self._keyword_span(use) if isinstance(use.node, ast.Call) else self.ctx.span(use.node)
        name = info.name
        related = [Related(self.ctx.span(info.node), f"`{name}` is defined here")]
        missing_kwonly = [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
        if missing_kwonly:
            self.report(
                where,
                f"Keyword-only parameter `{missing_kwonly[0]}` of `{name}` needs a default value when an "
                "`input_signature` is given (TensorFlow raises 'keyword-only arguments must have default values "
                "when input_signature is provided').",
                related=related,
            )
            return
        if n_specs < required:
            uncovered = positional[n_specs:required]
            self.report(
                where,
                f"`input_signature` describes {_plural(n_specs, 'argument')} but `{name}` takes "
                f"{_plural(required, 'required positional parameter')}; add a `tf.TensorSpec` for "
                + ", ".join(f"`{p}`" for p in uncovered)
                + " (TensorFlow raises 'The decorated tf.function has N required argument(s), but tf.function was "
                "only passed an input_signature of length M', or in newer versions 'input_signature missing type "
                "constraint').",
                related=related,
            )
            return
        if n_specs > len(positional) and args.vararg is None:
            self.report(
                where,
                f"`input_signature` describes {_plural(n_specs, 'argument')} but `{name}` takes only "
                f"{_plural(len(positional), 'positional parameter')} (TensorFlow raises 'input_signature "
                "contains extra type constraints').",
                related=related,
            )
            return
        self._check_calls(use, info, positional, n_specs, related)

    def _check_calls(
        self, use: TfFunctionUse, info: FunctionInfo, positional: List[str], n_specs: int, related: List[Related]
    ) -> None:
        covered = set(positional[:n_specs]) if info.node.args.vararg is None else set()
        declared = set(positional) | {a.arg for a in info.node.args.kwonlyargs}
        for site in info.callers:
            if site.is_reference or site.wrapper is not use:
                continue
            call = site.node
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                continue
            problem: Optional[str] = None
            if len(call.args) > n_specs:
                problem = (
                    f"passes {_plural(len(call.args), 'positional argument')} but `input_signature` covers "
                    f"{n_specs}; TensorFlow raises a TypeError ('… specifies {n_specs} positional arguments, "
                    f"but got {len(call.args)}', or in older versions 'When input_signature is provided, only "
                    "pass arguments covered by it')."
                )
            else:
                for kw in call.keywords:
                    if kw.arg in covered:
                        continue
                    if kw.arg in declared:
                        problem = (
                            f"passes `{kw.arg}=`, which `input_signature` does not cover; TensorFlow raises "
                            f"a TypeError ('got keyword argument `{kw.arg}` that was not included in "
                            "input_signature')."
                        )
                    elif info.node.args.kwarg is not None:
                        problem = (
                            f"passes `{kw.arg}=` into `**{info.node.args.kwarg.arg}`, but a tf.function with an "
                            "`input_signature` accepts no extra keyword arguments (TensorFlow raises 'got "
                            "unexpected keyword argument', or 'Keyword arguments are not supported when "
                            "input_signature is provided')."
                        )
                    else:
                        problem = f"passes `{kw.arg}=`, which `{info.name}` does not take."
                    break
            if problem is not None:
                self.report(call, f"This call of `{info.name}` {problem}", related=related)
