"""HYB025 deprecated-tf-function-argument."""

from __future__ import annotations

import ast
from typing import Optional, Tuple

from hybridlint.facts import TF_FUNCTION_NAMES
from hybridlint.oracle import Logged, Oracle, Run
from hybridlint.requirements import runs_on_older, tensorflow_version_checks
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit

# old keyword → (new keyword, oldest TensorFlow that has the new one)
RENAMED_KEYWORDS = {
    "experimental_relax_shapes": ("reduce_retracing", (2, 9)),
    "experimental_compile": ("jit_compile", (2, 5)),
}
REMOVED_KEYWORDS = {"experimental_follow_type_hints"}
OLD_EAGER_SWITCH = "tensorflow.config.experimental_run_functions_eagerly"
NEW_EAGER_SWITCH = ("run_functions_eagerly", (2, 3))
_OLD_EAGER_ATTR = OLD_EAGER_SWITCH.rsplit(".", 1)[1]
_CALL_ATTRS = frozenset({_OLD_EAGER_ATTR} | {name.rsplit(".", 1)[1] for name in TF_FUNCTION_NAMES})


class DeprecatedTfFunctionArgument(Rule):
    code = "HYB025"
    name = "deprecated-tf-function-argument"
    severity = Severity.INFO
    fix_safety = FixSafety.UNSAFE  # safe when the project's minimum TensorFlow has the new name
    summary = "Deprecated tf.function arguments and switches that have a same-meaning replacement"
    # every finding is at one of these keywords or at the old switch's attribute
    needs_words = (*RENAMED_KEYWORDS, *REMOVED_KEYWORDS, _OLD_EAGER_ATTR)

    what_it_does = (
        "Flags `experimental_relax_shapes=` and `experimental_compile=` on `tf.function`, "
        "`experimental_follow_type_hints=`, and `tf.config.experimental_run_functions_eagerly(...)`.\n\n"
        "An old name is not flagged when the project supports a TensorFlow older than the release that "
        "introduced its replacement (TF 2.9 for `reduce_retracing`, 2.5 for `jit_compile`, 2.3 for "
        "`run_functions_eagerly`): there the old name is the only one, and the new one would break the "
        "project. The oldest supported TensorFlow is `target-tensorflow`, or, when that is not set, the "
        "lower bound of the `tensorflow` requirement the project declares (`tensorflow-gpu==2.6.0` in "
        "setup.py, setup.cfg, pyproject.toml or requirements.txt, also in an extra, means 2.6), or, "
        "when it declares none, the version its package checks when imported (`if "
        "LooseVersion(tf.__version__) < LooseVersion(\"2.3\"): raise ImportError(...)` in its "
        "`__init__.py` means 2.3); with none of these, every old name is flagged. When the project "
        "declares no minimum and the module itself keeps a branch for a TensorFlow older than the "
        "replacement (`if TF_VERSION < 2.2: ...`, `if version.parse(tf.__version__) < "
        "version.parse(\"2.3\"): ...`), the module supports that TensorFlow, where the old name is the "
        "only one: it is not flagged either."
    )
    why_bad = (
        "TensorFlow deprecated these names: `experimental_relax_shapes` became `reduce_retracing` "
        "(TF 2.9) and `experimental_compile` became `jit_compile` (TF 2.5); TensorFlow maps the old "
        "names onto the new ones and logs a deprecation warning (once per process, on TF 2.21). "
        "`experimental_run_functions_eagerly` only forwards to `tf.config.run_functions_eagerly`. "
        "The study's labelled fix commits show 22 of 159 fixes *changing a tf.function parameter*, "
        "12 of them for graphs over-specialised on input shapes, where `experimental_relax_shapes` is "
        "the switch people reach for; using the current name keeps that fix working as TensorFlow "
        "removes the old one."
    )
    use_instead = "`reduce_retracing=`, `jit_compile=` and `tf.config.run_functions_eagerly(...)`."
    fix_safety_doc = (
        "Safe when the project's minimum TensorFlow (`target-tensorflow`, set or inferred as above) has "
        "the new name: TensorFlow's own source maps each old name onto the new one, so behaviour is "
        "kept. When the project declares no minimum, the rename is offered as unsafe (its title says "
        "which TensorFlow it needs): on a TensorFlow older than the replacement, the new keyword is a "
        "`TypeError` and the new function an `AttributeError`. Declare the minimum (`tensorflow>=2.9` in "
        "the requirements, or `target-tensorflow`) to have it applied by `--fix`. The rename is not "
        "offered when the new keyword is already given. Removing `experimental_follow_type_hints` could "
        "change tracing, so it is not offered."
    )
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/function",
        "https://www.tensorflow.org/api_docs/python/tf/config/run_functions_eagerly",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(experimental_relax_shapes=True)\n"
            "def step(x):\n"
            "    return x * 2\n",
            flagged=["experimental_relax_shapes"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def step(x):\n"
            "    return x * 2\n",
            name="bad-step",
        ),
        Bad(
            "from tensorflow import function as F\n\n"
            "def f(x):\n"
            "    return x + 1\n\n"
            "g = F(f, experimental_compile=True)  # XLA\n",
            flagged=["experimental_compile"],
            fixed="from tensorflow import function as F\n\n"
            "def f(x):\n"
            "    return x + 1\n\n"
            "g = F(f, jit_compile=True)  # XLA\n",
            name="bad-f",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "tf.config.experimental_run_functions_eagerly(False)\n",
            flagged=["tf.config.experimental_run_functions_eagerly"],
            fixed="import tensorflow as tf\n\n" "tf.config.run_functions_eagerly(False)\n",
            name="bad",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(experimental_follow_type_hints=True)\n"
            "def f(x: tf.Tensor):\n"
            "    return x\n",
            flagged=["experimental_follow_type_hints"],
            note="no fix: removing the keyword may change tracing",
            name="no-fix-removing-keyword-may",
        ),
        Good(
            "import tensorflow as tf\n"
            "from packaging import version\n\n"
            "def set_debug(debug):\n"
            "    tf.config.experimental_run_functions_eagerly(debug)\n\n"
            "def distribute(strategy, step, x):\n"
            "    if version.parse(tf.__version__) < version.parse(\"2.2\"):\n"
            "        return strategy.experimental_run_v2(step, args=(x,))\n"
            "    return strategy.run(step, args=(x,))\n",
            note="the module keeps a branch for TensorFlow older than 2.2, where `run_functions_eagerly` (2.3) "
            "does not exist yet: there the old name is the only one",
            name="module-supports-older-tensorflow",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "TF_VERSION = float(tf.__version__[:4])\n\n"
            "@tf.function(experimental_compile=True)\n"
            "def step(x):\n"
            "    return x * 2\n\n"
            "def optimizer():\n"
            "    if TF_VERSION >= 2.11:\n"
            "        return tf.keras.optimizers.legacy.Adam()\n"
            "    return tf.keras.optimizers.Adam()\n",
            flagged=["experimental_compile"],
            fixed="import tensorflow as tf\n\n"
            "TF_VERSION = float(tf.__version__[:4])\n\n"
            "@tf.function(jit_compile=True)\n"
            "def step(x):\n"
            "    return x * 2\n\n"
            "def optimizer():\n"
            "    if TF_VERSION >= 2.11:\n"
            "        return tf.keras.optimizers.legacy.Adam()\n"
            "    return tf.keras.optimizers.Adam()\n",
            note="a branch for TensorFlow older than 2.11 says nothing of releases before 2.5, where "
            "`jit_compile` appeared",
            name="bad-branch-for-newer-tensorflow",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True, jit_compile=True)\n"
            "def step(x):\n"
            "    return x * 2\n",
            name="good-step",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def function(**kwargs):\n"
            "    return lambda f: f\n\n"
            "@function(experimental_compile=True)\n"
            "def step(x):\n"
            "    return x\n",
            note="a user function named `function` is not tf.function",
            name="user-function-named-function-not",
        ),
    )

    oracle = Oracle(
        symptom=Logged("is deprecated"),
        at_import=True,
        runs={
            "bad-step": Run(
                "outputs = [step(tf.constant(2.0)), step(tf.constant([1.0, 2.0]))]",
                symptom=Logged("experimental_relax_shapes is deprecated"),
            ),
            "bad-f": Run("outputs = g(tf.constant(1.0))", symptom=Logged("experimental_compile is deprecated")),
            "bad": Run(
                "outputs = tf.config.functions_run_eagerly()",
                symptom=Logged("experimental_run_functions_eagerly (from"),
            ),
            "bad-branch-for-newer-tensorflow": Run(
                "outputs = step(tf.constant(1.0))", symptom=Logged("experimental_compile is deprecated")
            ),
            "no-fix-removing-keyword-may": Run("outputs = f(tf.constant(1.0))", symptom=Logged("experimental_follow_type_hints is deprecated")),
            "good-step": "outputs = [step(tf.constant(2.0)), step(tf.constant([1.0, 2.0]))]",
            "user-function-named-function-not": "outputs = step(3)",
        },
        note="TensorFlow logs a deprecated `tf.function` argument once per process, and only when the "
        "decorator runs before the first TensorFlow operation (as at import time); the switch "
        "`experimental_run_functions_eagerly` is logged on its first call whenever it happens.",
    )

    _checks: Optional[list] = None  # the module's TensorFlow version checks, read on first need

    def _support(self, floor: Tuple[int, int]) -> Optional[Tuple[FixSafety, str]]:
        """The rename's safety and the caveat its title adds; None when the module's own version checks
        show that it runs on a TensorFlow older than `floor`, where only the old name exists."""
        if self.ctx.settings.requires_tensorflow(*floor):
            return FixSafety.SAFE, ""
        if self._checks is None:
            self._checks = tensorflow_version_checks(self.ctx.facts.tree)
        if runs_on_older(self._checks, floor) is not None:
            return None
        return FixSafety.UNSAFE, f" (needs TensorFlow ≥ {floor[0]}.{floor[1]}; the project declares no minimum)"

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr not in _CALL_ATTRS:
            return  # neither `tf.function` nor the old switch: a chain's qualname ends with its attribute
        ctx = self.ctx
        if ctx.facts.is_tf_function_call(node, ctx.function):
            self._keywords(node)
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == _OLD_EAGER_ATTR  # before resolving: most calls are something else
            and ctx.qualname(node.func) == OLD_EAGER_SWITCH
        ):
            new_name, floor = NEW_EAGER_SWITCH
            if not ctx.settings.supports_tensorflow(*floor):
                return  # the oldest TensorFlow the project supports has only the old name
            func = node.func
            span = ctx.span(func)
            support = self._support(floor)
            if support is None:
                return  # this module runs where only the old name exists
            safety, caveat = support

            def fix() -> Fix | None:
                # Rename only the attribute, at the end of the dotted name.
                attr = Edit(span._replace(col=span.end_col - len(func.attr)), new_name)
                return Fix(f"Use `{new_name}`{caveat}", (attr,), safety)

            message = (
                "`tf.config.experimental_run_functions_eagerly` is deprecated; "
                "`tf.config.run_functions_eagerly` does the same."
            )
            self.report(func, message, fix=fix)

    def _keywords(self, call: ast.Call) -> None:
        ctx = self.ctx
        given = {kw.arg for kw in call.keywords}
        for kw in call.keywords:
            if kw.arg in RENAMED_KEYWORDS:
                new_name, floor = RENAMED_KEYWORDS[kw.arg]
                if not ctx.settings.supports_tensorflow(*floor):
                    # Not deprecated in the oldest TensorFlow the project supports, which lacks the new
                    # name: following the advice would break the project there.
                    continue
                start = ctx.span(kw)
                span = start._replace(end_line=start.line, end_col=start.col + len(kw.arg))
                support = self._support(floor)
                if support is None:
                    continue  # this module runs where only the old name exists
                safety, caveat = support

                def fix(span=span, new_name=new_name, safety=safety, caveat=caveat) -> Fix | None:
                    if new_name in given:
                        return None
                    return Fix(f"Rename to `{new_name}`{caveat}", (Edit(span, new_name),), safety)

                message = (
                    f"`{kw.arg}` is deprecated; use `{new_name}` (same effect, TensorFlow ≥ "
                    f"{floor[0]}.{floor[1]})."
                )
                self.report(span, message, fix=fix)
            elif kw.arg in REMOVED_KEYWORDS:
                start = ctx.span(kw)
                span = start._replace(end_line=start.line, end_col=start.col + len(kw.arg))
                self.report(
                    span,
                    f"`{kw.arg}` is deprecated and planned for removal; annotate with `tf.Tensor` only "
                    "where an `input_signature` is not an option.",
                )
