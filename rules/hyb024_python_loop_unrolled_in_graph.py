"""HYB024 python-loop-unrolled-in-graph."""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.analysis import PYTHON_VALUE_MODULES, ModuleAnalysis, analysis_for, tf_module_name
from hybridlint.effects import MUTATING_METHODS
from hybridlint.facts import TF, FunctionInfo, walk_nodes
from hybridlint.loops import SMALL_STATIC_COUNT, int_defaults, static_int
from hybridlint.oracle import Counted, EagerMismatch, Oracle, Run
from hybridlint.rule import Bad, Fix, FixSafety, Good, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import Kind, TensorAnalysis, autograph_enabled, tensors_for

# A Python loop with at least this many iterations is reported even when its count is a literal:
# below it, unrolling is usually what the author wants (layers, heads, a few refinement steps).
UNROLL_THRESHOLD = SMALL_STATIC_COUNT
# `np.arange` counts like `range`, but iterating an ndarray cannot become `tf.range` without dtype changes.
NUMPY_RANGES = frozenset({"numpy.arange"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COUNT_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv)


def _ops(function: str, arguments: str, at_least: int) -> Counted:
    """The oracle's symptom: the traced graph of `function(arguments)` has at least `at_least` operations."""
    expr = f"len({function}.get_concrete_function({arguments}).graph.get_operations())"
    return Counted(expr, at_least, f"operations in the graph of `{function}`")


# The multi-module examples of a count kept on `self` from a constant of another module.
_ORTHO = (
    "import tensorflow as tf\n\n\n"
    "def orthogonalize(w, niter):\n"
    "    for _ in range(niter):\n"
    "        w = 1.5 * w - 0.5 * w @ tf.transpose(w) @ w\n"
    "    return w\n"
)
_ORTHO_LAYER = (
    "import tensorflow as tf\n\n"
    "from pkg.defaults import NITER\n"
    "from pkg.ops import orthogonalize\n\n\n"
    "class Orthogonal(tf.keras.layers.Layer):\n"
    "    def __init__(self, niter={default}):\n"
    "        super().__init__()\n"
    "        self.niter = niter\n\n"
    "    def call(self, w):\n"
    "        return orthogonalize(w, self.niter)\n"
)


class _Count:
    """What drives a loop's iteration count: a known number, and the parameters it depends on."""

    __slots__ = ("value", "params")

    def __init__(self, value: Optional[int], params: Tuple[str, ...]):
        self.value = value  # None when a parameter is involved
        self.params = params


class PythonLoopUnrolledInGraph(Rule):
    code = "HYB024"
    name = "python-loop-unrolled-in-graph"
    severity = Severity.INFO
    preview = True
    reads_index = frozenset({"int_args"})  # the ints callers in other modules pass
    visits_graph_code_only = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE
    summary = "A Python `for` loop in traced code with a large or argument-driven count: unrolled into the graph"

    what_it_does = (
        "In code that runs as a graph (a tf.function, what it calls, a `tf.data` function, a Keras `call`), "
        "flags `for … in range(N)` (and `np.arange(N)`) that tracing unrolls into many copies of a body "
        "doing TensorFlow work (a TF op, a Keras layer or model, arithmetic on tensors), and `for … in P` "
        f"where `P` is a parameter to which this file passes a Python list of at least {UNROLL_THRESHOLD} "
        "items.\n\n"
        "**Small and static is intended.** A count is *static* when the text gives its value: literals, "
        "module-level int constants (of this module, or imported from another module of the project), and, "
        "for the parameters it depends on, what every call of the "
        "function passes, in this file or in other modules of the project: int literals, module constants, "
        "`self.attr` set only in `__init__` from a parameter whose default is one of those (a per-instance "
        "setting: the constructor default counts) or from one that every construction of the class in its "
        "module gives a static int (`Layer(**dict(n=self.n))` in a model whose own `n` has a small default), "
        "a parameter of the caller passed on (what the caller's "
        "own calls give it; scaled when the caller updates it by int literals outside loops first, "
        "`niter *= 2`), or nothing (the int default). With no call known, the int defaults alone decide. A "
        f"static count below {UNROLL_THRESHOLD} "
        "iterations is intended unrolling (layers, heads, a few refinement steps) and is never flagged; "
        f"a static count of {UNROLL_THRESHOLD} or more is.\n\n"
        "**Python-only bodies are intended.** A body that uses the loop variable in ways only Python can "
        "run — indexing a Python list or dict with it (a list of layers, patches, configs), string "
        "formatting, `str()`, `getattr`/`setattr`, a nested Python `range` over it, a NumPy, SciPy or `math` "
        "call on it (`sp.special.factorial(k)`), or any of these in a function of this file it passes the "
        "variable to (a nested helper `band(i)` that indexes NumPy arrays with `i`) — is never flagged: a "
        "graph loop cannot run it. Nor is a "
        "loop whose count depends on a parameter the function needs as a Python value anyway (passed to "
        "NumPy/SciPy/`math`, or tested by an `if` that raises, directly or through locals computed from it): one trace per value is its design. A body that builds a Python list (`append`, stores into subscripts) over "
        "an argument-driven count is intended unrolling too; over a large static count it is flagged "
        "without the `tf.range` suggestion, since a graph loop would need a `tf.TensorArray`. Nor is a body "
        "that expands, squeezes or slices a value it carries to the next iteration (`mask = "
        "tf.expand_dims(mask, 1)`, `bases = f(bases[:, :-1])`), or slices with the loop variable: the value "
        "changes shape, which a `tf.while_loop` cannot carry.\n\n"
        "**Argument-driven counts.** `range(n)` with a tensor `n` (an `input_signature`, a tensor passed at "
        "every call site, a `tf.Tensor` annotation) is converted by AutoGraph already and skipped. When "
        "this file's calls pass Python numbers of unknown size, the loop is flagged; when nothing in the "
        "file says whether `n` is a number or a tensor, the finding is preview only."
    )
    why_bad = (
        "AutoGraph converts a `for` loop into a `tf.while_loop` only when it iterates over a tensor (or "
        "`tf.range`, or a dataset). A loop over a Python `range`, list or NumPy array runs while tracing, "
        "so the graph receives one copy of the loop body per iteration: tracing and graph optimisation "
        "slow down with the count, the graph grows, and when the count is a Python argument each new "
        "value traces a new graph (TF's guide, \"Looping over Python data\"; the AutoGraph reference's "
        "control-flow notes). The rule rests on the TF guides rather than the study: its labelled fix "
        "commits group this under *Performance* (57 of 159), the largest category, without a separate "
        "label. Small fixed loops (over layers or heads) are intended unrolling and are not flagged."
    )
    use_instead = (
        "Iterate with `tf.range(n)` (and pass `n` as a tensor, or it still retraces per value: HYB004), "
        "or loop over a `tf.data.Dataset`; accumulate results in a `tf.TensorArray` instead of a Python list."
    )
    fix_safety_doc = (
        "Unsafe: `range(…)` → `tf.range(…)` (using the module's TensorFlow alias; not offered when it has "
        "none, when AutoGraph is off for the function, when the loop has an `else:` block, or when its body "
        "appends to lists, stores into subscripts or calls `print`, which a `tf.while_loop` cannot keep; "
        "those findings do not suggest `tf.range` either). "
        "The loop becomes a `tf.while_loop`: values carried across iterations must keep their dtype and "
        "shape, the loop variable becomes an int32 tensor (Python uses of it, such as indexing a Python "
        "list, break), and Python side effects run once. Loops over NumPy arrays or Python lists get no fix."
    )
    references = (
        "https://www.tensorflow.org/guide/function#looping_over_python_data",
        "https://github.com/tensorflow/tensorflow/blob/master/tensorflow/python/autograph/g3doc/reference/control_flow.md",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def power(x, n):\n"
            "    y = tf.eye(10)\n"
            "    for _ in range(n):\n"
            "        y = tf.matmul(x, y)\n"
            "    return y\n",
            flagged=["range(n)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def power(x, n):\n"
            "    y = tf.eye(10)\n"
            "    for _ in tf.range(n):\n"
            "        y = tf.matmul(x, y)\n"
            "    return y\n",
            preview=True,
            note="a parameter with no evidence either way: a preview finding",
            name="parameter-with-no-evidence-either",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "STEPS = 100\n\n"
            "@tf.function\n"
            "def simulate(state, w):\n"
            "    for t in range(STEPS):\n"
            "        state = tf.tanh(tf.matmul(state, w))\n"
            "    return state\n",
            flagged=["range(STEPS)"],
            fixed="import tensorflow as tf\n\n"
            "STEPS = 100\n\n"
            "@tf.function\n"
            "def simulate(state, w):\n"
            "    for t in tf.range(STEPS):\n"
            "        state = tf.tanh(tf.matmul(state, w))\n"
            "    return state\n",
            note="a module-level constant of 100 iterations",
            name="module-level-constant-100-iterations",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def refine(x, steps):\n"
            "    for _ in range(steps):\n"
            "        x = x - 0.1 * tf.sin(x)\n"
            "    return x\n\n"
            "for steps in (10, 20, 40):\n"
            "    refine(tf.ones([3]), steps)\n",
            flagged=["range(steps)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def refine(x, steps):\n"
            "    for _ in tf.range(steps):\n"
            "        x = x - 0.1 * tf.sin(x)\n"
            "    return x\n\n"
            "for steps in (10, 20, 40):\n"
            "    refine(tf.ones([3]), steps)\n",
            note="the call sites pass Python numbers: unrolled, and traced again per value",
            name="call-sites-pass-python-numbers",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def smooth(x):\n"
            "    for k in np.arange(64):\n"
            "        x = tf.nn.avg_pool1d(x, 3, 1, 'SAME')\n"
            "    return x\n",
            flagged=["np.arange(64)"],
            note="iterating a NumPy array unrolls too; no fix (the loop variable's dtype would change)",
            name="iterating-numpy-array-unrolls-too",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def total(x, weights):\n"
            "    for w in weights:\n"
            "        x = x + tf.reduce_sum(x) * w\n"
            "    return x\n\n"
            "total(tf.ones([2]), [0.5] * 40)\n",
            flagged=[("weights", 1)],
            note="a Python list of 40 items is iterated while tracing",
            name="python-list-40-items-iterated",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Encoder(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.blocks = [tf.keras.layers.Dense(8) for _ in range(4)]\n\n"
            "    def call(self, x):\n"
            "        for block in self.blocks:\n"
            "            x = block(x)\n"
            "        for head in range(3):\n"
            "            x = x + tf.reduce_mean(x)\n"
            "        return x\n",
            note="small fixed loops over layers and heads are meant to be unrolled",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def power(x, n):\n"
            "    y = tf.eye(10)\n"
            "    for _ in tf.range(n):\n"
            "        y = tf.matmul(x, y)\n"
            "    return y\n",
            note="already a graph loop",
            name="already-graph-loop",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([10, 10]), tf.TensorSpec([], tf.int32)])\n"
            "def power(x, n):\n"
            "    y = tf.eye(10)\n"
            "    for _ in range(n):\n"
            "        y = tf.matmul(x, y)\n"
            "    return y\n",
            note="`n` is a tensor: AutoGraph converts `range(n)` into a tf.while_loop",
            name="n-tensor-autograph-converts-range",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def power(x, n):\n"
            "    y = tf.eye(10)\n"
            "    for _ in range(n):\n"
            "        y = tf.matmul(x, y)\n"
            "    return y\n",
            note="eager code: a Python loop is just a loop",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def pad_to(x, n):\n"
            "    dims = []\n"
            "    for i in range(n):\n"
            "        dims.append(i * 2)\n"
            "    return tf.pad(x, [dims])\n",
            note="the loop body does no TensorFlow work",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def grid_points(boxes, output_size):\n"
            "    points = []\n"
            "    for i in range(output_size):\n"
            "        points.append(boxes[:, 0] + (i + 0.5) * boxes[:, 2] / output_size)\n"
            "    return tf.stack(points, axis=1)\n",
            note="a Python list built over an argument-driven count: intended unrolling, a graph loop cannot append",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Tower(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.blocks = [tf.keras.layers.Dense(4, name=f'block_{i}') for i in range(48)]\n\n"
            "    def call(self, x):\n"
            "        for i in range(48):\n"
            "            x = self.blocks[i](x) + tf.nn.relu(x)\n"
            "        return x\n",
            note="the loop variable indexes a Python list of layers: only a Python loop can run it",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def smooth(x, passes):\n"
            "    for _ in range(passes):\n"
            "        x = tf.nn.avg_pool1d(x, 3, 1, 'SAME')\n"
            "    return x\n\n"
            "smooth(tf.ones([1, 8, 1]), 3)\n",
            note=f"every call passes a small literal: a static count below {UNROLL_THRESHOLD}",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def shifted_sums(x):\n"
            "    sums = []\n"
            "    for k in range(64):\n"
            "        sums.append(tf.reduce_sum(tf.roll(x, k, axis=0) * x))\n"
            "    return tf.stack(sums)\n",
            flagged=["range(64)"],
            note="64 copies of a body that builds a Python list: reported, with no `tf.range` swap offered",
            name="64-copies-body-that-builds",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def decay(x, steps):\n"
            "    for _ in range(steps):\n"
            "        x = x * 0.99 + tf.sin(x)\n"
            "    return x\n\n"
            "decay(tf.ones([3]), 200)\n",
            flagged=["range(steps)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def decay(x, steps):\n"
            "    for _ in tf.range(steps):\n"
            "        x = x * 0.99 + tf.sin(x)\n"
            "    return x\n\n"
            "decay(tf.ones([3]), 200)\n",
            note="the only call passes 200: a static count, read from the call site",
            name="only-call-passes-200-static",
        ),
        Good(
            "import numpy as np\n"
            "import scipy.special\n"
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def legendre(x, l, m):\n"
            "    total = tf.zeros_like(x)\n"
            "    for k in range(m, l + 1):\n"
            "        total += tf.pow(x, k - m) * float(scipy.special.binom(l, k))\n"
            "    return total\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def bessel(x, n):\n"
            "    if n < 0:\n"
            '        raise ValueError("n must be >= 0")\n'
            "    j = tf.sin(x) / x\n"
            "    for i in range(1, n):\n"
            "        j = (2 * i + 1) / x * j\n"
            "    return j\n",
            note="SciPy on the loop variable, and a count the function needs as a Python value (it raises on it): only Python can run these",
            name="python-value-count-scipy-body",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def band_sum(data, lmax, lmin=0):\n"
            "    sizes = np.array([2 * l + 1 for l in range(lmin, lmax)])\n"
            "    ends = np.cumsum(sizes)\n"
            "    starts = ends - sizes\n"
            "\n"
            "    def band(i):\n"
            "        return tf.reduce_sum(tf.gather(data, range(starts[i], ends[i])))\n"
            "\n"
            "    result = band(0)\n"
            "    for i in range(1, lmax - lmin):\n"
            "        result += band(i)\n"
            "    return result\n",
            note="the loop variable goes to a nested helper that indexes NumPy arrays with it: only a Python loop "
            "can run that body",
            name="helper-indexes-numpy-with-loop-variable",
        ),
        Bad(
            "import tensorflow as tf\n"
            "\n"
            "\n"
            "@tf.function\n"
            "def weighted_sum(data, lmax, lmin=0):\n"
            "    def band(i):\n"
            "        return tf.reduce_sum(data * tf.cast(i, data.dtype))\n"
            "\n"
            "    result = band(0)\n"
            "    for i in range(1, lmax - lmin):\n"
            "        result += band(i)\n"
            "    return result\n",
            flagged=["range(1, lmax - lmin)"],
            fixed=(
                "import tensorflow as tf\n"
                "\n"
                "\n"
                "@tf.function\n"
                "def weighted_sum(data, lmax, lmin=0):\n"
                "    def band(i):\n"
                "        return tf.reduce_sum(data * tf.cast(i, data.dtype))\n"
                "\n"
                "    result = band(0)\n"
                "    for i in tf.range(1, lmax - lmin):\n"
                "        result += band(i)\n"
                "    return result\n"
            ),
            note="near-miss: the helper uses the loop variable only in TensorFlow ops",
            preview=True,
            name="helper-uses-loop-variable-in-tf-ops",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def attend(x, lstm, num_iterations):\n"
            "    h = tf.zeros_like(x)\n"
            "    for _ in range(num_iterations):\n"
            "        h = lstm(tf.expand_dims(h + x, 0))[0]\n"
            "    return h\n\n"
            "class Set2Set(tf.keras.layers.Layer):\n"
            "    def __init__(self, units, num_iterations=4):\n"
            "        super().__init__()\n"
            "        self.lstm = tf.keras.layers.LSTM(units)\n"
            "        self.num_iterations = num_iterations\n\n"
            "    def call(self, x):\n"
            "        return attend(x, self.lstm, self.num_iterations)\n",
            note="the count is a per-instance setting whose constructor default (4) is small: intended unrolling",
            name="constructor-default-on-self",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def fista(x, d, iterations):\n"
            "    for _ in range(iterations):\n"
            "        x = x - 0.1 * tf.matmul(x, d)\n"
            "    return x\n\n"
            "class CodingLayer(tf.keras.layers.Layer):\n"
            "    def __init__(self, iterations_fista):\n"
            "        super().__init__()\n"
            "        self.iter_fista = iterations_fista\n\n"
            "    def call(self, x):\n"
            "        return fista(x, tf.eye(4) * 0.5, self.iter_fista)\n\n"
            "class Coder:\n"
            "    def __init__(self, iterations_fista=20):\n"
            "        self.iterations_fista = iterations_fista\n\n"
            "    def layer(self):\n"
            "        kwargs = dict(iterations_fista=self.iterations_fista)\n"
            "        return CodingLayer(**kwargs)\n",
            note="the layer's count has no default, but the only construction of the layer gives it the "
            "model's small constructor default (20): intended unrolling",
            name="constructor-two-away-small",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def fista(x, d, iterations):\n"
            "    for _ in range(iterations):\n"
            "        x = x - 0.1 * tf.matmul(x, d)\n"
            "    return x\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/model.py",
                    "import tensorflow as tf\n\n"
                    "from pkg.ops import fista\n\n\n"
                    "class CodingLayer(tf.keras.layers.Layer):\n"
                    "    def __init__(self, iterations_fista):\n"
                    "        super().__init__()\n"
                    "        self.iter_fista = iterations_fista\n\n"
                    "    def call(self, x):\n"
                    "        return fista(x, tf.eye(4) * 0.5, iterations=self.iter_fista)\n\n\n"
                    "class Coder:\n"
                    "    def __init__(self, iterations_fista=20):\n"
                    "        self.iterations_fista = iterations_fista\n\n"
                    "    def layer(self):\n"
                    "        return CodingLayer(**dict(iterations_fista=self.iterations_fista))\n",
                ),
            ),
            note="the same through the project index: the call in another module passes a count its module "
            "knows is the model's small default",
            name="constructor-two-away-other-module",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def mask_frequencies(spectrogram, mask_num: int = 1):\n"
            "    for _ in range(mask_num):\n"
            "        spectrogram = spectrogram * tf.random.uniform([1, tf.shape(spectrogram)[1]])\n"
            "    return spectrogram\n\n"
            "def spec_augment(spectrogram, mask_num: int = 2):\n"
            "    return mask_frequencies(spectrogram, mask_num=mask_num)\n\n"
            "class SpecAugment(tf.keras.layers.Layer):\n"
            "    def call(self, spectrogram):\n"
            "        return spec_augment(spectrogram)\n",
            note="a parameter passed on from a caller whose own count is a small default",
            name="forwarded-small-default",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from pkg import ops\n\n"
            "class Permute(tf.keras.layers.Layer):\n"
            "    def call(self, logits):\n"
            "        return ops.sinkhorn(logits, n_iters=20)\n",
            path="pkg/layers.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/ops.py",
                    "import tensorflow as tf\n\n\n"
                    "def sinkhorn(log_alpha, n_iters):\n"
                    "    for _ in range(n_iters):\n"
                    "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=2, keepdims=True)\n"
                    "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=1, keepdims=True)\n"
                    "    return tf.exp(log_alpha)\n",
                ),
            ),
            note="every call, in another module, passes a small literal (the project index carries it)",
            name="other-module-small-literal",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def sinkhorn(log_alpha, n_iters):\n"
            "    for _ in range(n_iters):\n"
            "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=2, keepdims=True)\n"
            "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=1, keepdims=True)\n"
            "    return tf.exp(log_alpha)\n",
            flagged=["range(n_iters)"],
            fixed="import tensorflow as tf\n\n\n"
            "def sinkhorn(log_alpha, n_iters):\n"
            "    for _ in tf.range(n_iters):\n"
            "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=2, keepdims=True)\n"
            "        log_alpha -= tf.reduce_logsumexp(log_alpha, axis=1, keepdims=True)\n"
            "    return tf.exp(log_alpha)\n",
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/layers.py",
                    "import tensorflow as tf\n\n"
                    "from pkg import ops\n\n"
                    "class Permute(tf.keras.layers.Layer):\n"
                    "    def call(self, logits):\n"
                    "        return ops.sinkhorn(logits, n_iters=200)\n",
                ),
            ),
            note="a call in another module passes 200: a large static count",
            name="other-module-large-literal",
        ),
        Good(
            _ORTHO,
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/defaults.py", "NITER = 15\n"),
                ("pkg/layers.py", _ORTHO_LAYER.format(default="NITER")),
            ),
            note="the count is kept on `self` from a constructor default that is a constant of another module "
            "(15): a small static count",
            name="constructor-default-imported-constant",
        ),
        Bad(
            _ORTHO,
            flagged=["range(niter)"],
            fixed=_ORTHO.replace("in range(niter)", "in tf.range(niter)"),
            path="pkg/ops.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/defaults.py", "NITER = 100\n"),
                ("pkg/layers.py", _ORTHO_LAYER.format(default="NITER")),
            ),
            note="the same, with a constant of 100: a large static count",
            name="constructor-default-imported-large",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "def power_iteration(w, u, niter):\n"
            "    for _ in range(niter):\n"
            "        u = tf.math.l2_normalize(u @ w)\n"
            "    return u\n\n"
            "def normalize(w, u=None, niter=3):\n"
            "    if u is None:\n"
            "        niter *= 2\n"
            "        u = tf.ones([1, w.shape[-1]])\n"
            "    return w / tf.norm(power_iteration(w, u, niter))\n\n"
            "class Normalized(tf.keras.layers.Layer):\n"
            "    def call(self, w):\n"
            "        return normalize(w)\n",
            note="a count passed on after `niter *= 2` under a condition: at most 6",
            name="count-passed-on-scaled",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def power_iteration(a, v, iterations):\n"
            "    for _ in range(iterations):\n"
            "        v = tf.linalg.l2_normalize(tf.linalg.matvec(a, v))\n"
            "    return v\n\n"
            "class SpectralNorm(tf.keras.layers.Layer):\n"
            "    def __init__(self, iterations=100):\n"
            "        super().__init__()\n"
            "        self.iterations = iterations\n\n"
            "    def call(self, a):\n"
            "        return power_iteration(a, tf.ones([tf.shape(a)[0]]), self.iterations)\n",
            flagged=["range(iterations)"],
            fixed="import tensorflow as tf\n\n"
            "def power_iteration(a, v, iterations):\n"
            "    for _ in tf.range(iterations):\n"
            "        v = tf.linalg.l2_normalize(tf.linalg.matvec(a, v))\n"
            "    return v\n\n"
            "class SpectralNorm(tf.keras.layers.Layer):\n"
            "    def __init__(self, iterations=100):\n"
            "        super().__init__()\n"
            "        self.iterations = iterations\n\n"
            "    def call(self, a):\n"
            "        return power_iteration(a, tf.ones([tf.shape(a)[0]]), self.iterations)\n",
            note="a constructor default of 100 iterations: large, unrolled into the layer's graph",
            name="constructor-default-100",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def fista(x, d, iterations):\n"
            "    for _ in range(iterations):\n"
            "        x = x - 0.1 * tf.matmul(x, d)\n"
            "    return x\n\n"
            "class CodingLayer(tf.keras.layers.Layer):\n"
            "    def __init__(self, iterations_fista):\n"
            "        super().__init__()\n"
            "        self.iter_fista = iterations_fista\n\n"
            "    def call(self, x):\n"
            "        return fista(x, tf.eye(4) * 0.5, self.iter_fista)\n\n"
            "class Coder:\n"
            "    def __init__(self, iterations_fista=100):\n"
            "        self.iterations_fista = iterations_fista\n\n"
            "    def layer(self):\n"
            "        kwargs = dict(iterations_fista=self.iterations_fista)\n"
            "        return CodingLayer(**kwargs)\n",
            flagged=["range(iterations)"],
            fixed="import tensorflow as tf\n\n"
            "def fista(x, d, iterations):\n"
            "    for _ in tf.range(iterations):\n"
            "        x = x - 0.1 * tf.matmul(x, d)\n"
            "    return x\n\n"
            "class CodingLayer(tf.keras.layers.Layer):\n"
            "    def __init__(self, iterations_fista):\n"
            "        super().__init__()\n"
            "        self.iter_fista = iterations_fista\n\n"
            "    def call(self, x):\n"
            "        return fista(x, tf.eye(4) * 0.5, self.iter_fista)\n\n"
            "class Coder:\n"
            "    def __init__(self, iterations_fista=100):\n"
            "        self.iterations_fista = iterations_fista\n\n"
            "    def layer(self):\n"
            "        kwargs = dict(iterations_fista=self.iterations_fista)\n"
            "        return CodingLayer(**kwargs)\n",
            note="the only construction of the layer gives it the model's constructor default of 100",
            name="constructor-two-away-100",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def smooth(x, passes=64):\n"
            "    for _ in range(passes):\n"
            "        x = tf.nn.avg_pool1d(x, 3, 1, 'SAME')\n"
            "    return x\n",
            flagged=["range(passes)"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function\n"
            "def smooth(x, passes=64):\n"
            "    for _ in tf.range(passes):\n"
            "        x = tf.nn.avg_pool1d(x, 3, 1, 'SAME')\n"
            "    return x\n",
            preview=True,
            note="no call is seen: the count comes from the default alone (preview)",
            name="default-only-64",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def masked(x, mask, axis):\n"
            "    for _ in range(axis - 1):\n"
            "        mask = tf.expand_dims(mask, 1)\n"
            "    return x * mask\n",
            note="each iteration adds a dimension to `mask`: a graph loop cannot carry a value whose rank changes",
            name="body-changes-carried-rank",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def bspline(x, grid, order):\n"
            "    bases = tf.cast(x >= grid[:, :-1], x.dtype)\n"
            "    for k in range(1, order + 1):\n"
            "        left = (x - grid[:, :-(k + 1)]) * bases[:, :-1]\n"
            "        right = (grid[:, k + 1:] - x) * bases[:, 1:]\n"
            "        bases = left + right\n"
            "    return bases\n",
            note="`bases` loses a column per iteration (it is sliced and rebound): only unrolling can build that",
            name="body-shrinks-carried-value",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def conditional_conv(x, parameters, depth):\n"
            "    expected = 4 * depth\n"
            "    if parameters.shape[1] != expected:\n"
            "        raise ValueError(\"wrong number of parameters\")\n"
            "    for i in range(depth):\n"
            "        x = tf.nn.relu(x * parameters[:, :4])\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def step(x, parameters, depth):\n"
            "    return conditional_conv(x, parameters, depth)\n\n\n"
            "for depth in (8, 16, 32):\n"
            "    step(tf.ones([2, 4]), tf.ones([2, 4 * depth]), depth)\n",
            note="the count is checked by a raise through a local computed from it: a Python value by design",
            name="count-checked-through-local-raise",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "def conditional_conv(x, parameters, depth):\n"
            "    expected = 4 * x.shape[1]\n"
            "    if parameters.shape[1] != expected:\n"
            "        raise ValueError(\"wrong number of parameters\")\n"
            "    for i in range(depth):\n"
            "        x = tf.nn.relu(x * parameters[:, :4])\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def step(x, parameters, depth):\n"
            "    return conditional_conv(x, parameters, depth)\n\n\n"
            "for depth in (8, 16, 32):\n"
            "    step(tf.ones([2, 4]), tf.ones([2, 16]), depth)\n",
            flagged=["range(depth)"],
            fixed="import tensorflow as tf\n\n\n"
            "def conditional_conv(x, parameters, depth):\n"
            "    expected = 4 * x.shape[1]\n"
            "    if parameters.shape[1] != expected:\n"
            "        raise ValueError(\"wrong number of parameters\")\n"
            "    for i in tf.range(depth):\n"
            "        x = tf.nn.relu(x * parameters[:, :4])\n"
            "    return x\n\n\n"
            "@tf.function\n"
            "def step(x, parameters, depth):\n"
            "    return conditional_conv(x, parameters, depth)\n\n\n"
            "for depth in (8, 16, 32):\n"
            "    step(tf.ones([2, 4]), tf.ones([2, 16]), depth)\n",
            note="the raise checks another value: nothing needs the count as a Python number",
            name="raise-checks-other-value",
        ),
    )

    # Real TensorFlow (tests/oracle): the unrolled loop puts one copy of its body per iteration into the
    # traced graph; with `tf.range` the graph holds one while loop.
    oracle = Oracle(
        symptom=_ops("power", "tf.eye(10) * 0.5, 40", 40),
        runs={
            "parameter-with-no-evidence-either": "outputs = power(tf.eye(10) * 0.5, 40)",
            "module-level-constant-100-iterations": Run(
                "outputs = simulate(tf.ones([1, 4]), tf.eye(4) * 0.5)",
                symptom=_ops("simulate", "tf.ones([1, 4]), tf.eye(4) * 0.5", 150),
            ),
            "call-sites-pass-python-numbers": Run("outputs = refine(tf.ones([3]), 40)", symptom=_ops("refine", "tf.ones([3]), 40", 80)),
            "iterating-numpy-array-unrolls-too": Run("outputs = smooth(tf.ones([1, 8, 1]))", symptom=_ops("smooth", "tf.ones([1, 8, 1])", 64)),
            "python-list-40-items-iterated": Run("outputs = total(tf.ones([2]), [0.5] * 40)", symptom=_ops("total", "tf.ones([2]), [0.5] * 40", 80)),
            "already-graph-loop": "outputs = power(tf.eye(10) * 0.5, 40)",
            "n-tensor-autograph-converts-range": Run("outputs = power(tf.eye(10) * 0.5, tf.constant(40))", symptom=_ops("power", "", 40)),
            "64-copies-body-that-builds": Run("outputs = shifted_sums(tf.ones([8]))", symptom=_ops("shifted_sums", "tf.ones([8])", 64)),
            "only-call-passes-200-static": Run("outputs = decay(tf.ones([3]), 200)", symptom=_ops("decay", "tf.ones([3]), 200", 200)),
            "helper-uses-loop-variable-in-tf-ops": Run(
                "outputs = weighted_sum(tf.ones([8]), 40)", symptom=_ops("weighted_sum", "tf.ones([8]), 40", 80)
            ),
            "count-passed-on-scaled": Run(
                "layer = Normalized()\nf = tf.function(layer)\noutputs = f(tf.eye(3) * 0.5)", symptom=EagerMismatch()
            ),
            "constructor-default-100": Run(
                "layer = SpectralNorm()\noutputs = layer(tf.eye(4) * 0.5)",
                symptom=Counted(
                    "len(tf.function(layer.call).get_concrete_function(tf.eye(4) * 0.5).graph.get_operations())",
                    100,
                    "operations in the graph of `SpectralNorm.call`",
                ),
            ),
            "constructor-two-away-100": Run(
                "layer = Coder().layer()\noutputs = layer(tf.ones([2, 4]))",
                symptom=Counted(
                    "len(tf.function(layer.call).get_concrete_function(tf.ones([2, 4])).graph.get_operations())",
                    100,
                    "operations in the graph of `CodingLayer.call`",
                ),
            ),
            "constructor-two-away-small": Run(
                "layer = Coder().layer()\nf = tf.function(layer)\noutputs = [f(tf.ones([2, 4])), f(tf.ones([2, 4]))]",
                symptom=EagerMismatch(),
            ),
            "constructor-default-on-self": Run(
                "layer = Set2Set(4)\nf = tf.function(layer)\noutputs = [f(tf.ones([3, 4])), f(tf.ones([3, 4]))]",
                symptom=EagerMismatch(),
            ),
        },
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)
        self._tensors: Optional[TensorAnalysis] = None

    @property
    def tensors(self) -> TensorAnalysis:
        if self._tensors is None:
            self._tensors = tensors_for(self.ctx.facts)
        return self._tensors

    def visit_For(self, node: ast.For) -> None:
        ctx = self.ctx
        info = ctx.function
        if ctx.graph is None or info is None or isinstance(info.node, ast.Lambda):
            return
        iterable = node.iter
        if isinstance(iterable, ast.Call):
            self._counted_loop(node, iterable, info)
        elif isinstance(iterable, ast.Name) and iterable.id in _parameters(info):
            self._list_parameter_loop(node, iterable, info)

    # -- range(...) and np.arange(...) -------------------------------------------------------------

    def _counted_loop(self, loop: ast.For, call: ast.Call, info: FunctionInfo) -> None:
        ctx = self.ctx
        func = call.func
        is_range = isinstance(func, ast.Name) and func.id == "range" and self.an.is_builtin("range", info)
        if not is_range and ctx.qualname(func) not in NUMPY_RANGES:
            return
        if call.keywords or not 1 <= len(call.args) <= 3 or any(isinstance(a, ast.Starred) for a in call.args):
            return
        counts = [self._count(arg, info, 0) for arg in call.args]
        if any(c is None for c in counts):
            return
        params = tuple(dict.fromkeys(p for c in counts for p in c.params))  # type: ignore[union-attr]
        shown = " ".join(ctx.source.segment(call).split())
        iterations: Optional[int] = None
        evidence: Optional[bool] = False
        if params:
            evidence = self._python_number_evidence(info, params)
            if evidence is None:
                return  # a tensor count: AutoGraph makes this a tf.while_loop
            iterations = self._count_from_call_sites(call, info, params)
        else:
            iterations = _iterations([c.value for c in counts])  # type: ignore[union-attr]
            if iterations is None:
                return
        if iterations is not None and iterations < UNROLL_THRESHOLD:
            return  # small and static: intended unrolling
        if not self._does_tf_work(loop.body, info):
            return
        if self._python_only(loop, info):
            return  # the body needs Python values per iteration: only a Python loop can run it
        if _reshapes_carried(loop, self.an):
            return  # a value carried across iterations changes shape: no graph loop can carry it
        if params and set(params) & self.an.python_value_parameters(info):
            return  # the function needs a Python value of the count anyway (NumPy on it, a raise on it)
        builds_list = _keeps_python_state(loop.body, self.an, info)
        if iterations is None and builds_list:
            return  # a list built over an argument-driven count: intended unrolling, nothing to swap in
        if iterations is not None:
            if not params:
                given = ""
            elif self._no_call_known(info):
                given = " (from its parameters' defaults; no call of it is seen)"
            else:
                given = " (the largest count its calls give, defaults included)"
            opening = (
                f"`{shown}` is a Python loop in traced code: tracing unrolls it into {iterations} copies of the "
                f"loop body{given}, which makes tracing slow and the graph large."
            )
        else:
            names = ", ".join(f"`{p}`" for p in params)
            if evidence:
                opening = (
                    f"`{shown}` loops over a Python number (this file's calls give {names} Python numbers): "
                    "tracing unrolls the loop, one copy of the body per iteration, and each new value traces "
                    "a new graph."
                )
            else:
                opening = (
                    f"`{shown}` is unrolled while tracing if {names} is a Python number (nothing in this file "
                    "shows it is a tensor; for a tensor, AutoGraph converts the loop already): one copy of the "
                    "body per iteration, and each new value traces a new graph. The count's size is not known "
                    "here: a few iterations fixed per model are intended unrolling."
                )
        if builds_list:
            advice = (
                " The body builds a Python list, which a graph loop cannot: vectorise the body, or loop over "
                "a tensor range and collect the results in a `tf.TensorArray`."
            )
        elif is_range:
            advice = " Use `tf.range(...)` so AutoGraph builds one `tf.while_loop`."
        else:
            advice = " Iterate over `tf.range(...)` instead, so AutoGraph builds one `tf.while_loop`."
        self.report(
            call,
            opening + advice,
            fix=self._fix_factory(loop, call, info) if is_range and not builds_list else None,
            related=ctx.graph_related(),
            severity=Severity.HINT if ctx.is_test_file else None,
            # a count from defaults alone is what the author meant, not what a call is seen to pass
            preview=(iterations is None and not evidence) or (bool(params) and self._no_call_known(info)),
        )

    def _no_call_known(self, info: FunctionInfo) -> bool:
        link = self.ctx.facts.link
        return not info.callers and not (link is not None and link.callers.get(info.qualname))

    def _count_from_call_sites(self, call: ast.Call, info: FunctionInfo, params: Tuple[str, ...]) -> Optional[int]:
        """The largest iteration count when every call of the function gives the parameters the count
        depends on a static value (`_call_bindings`); None when any is not known."""
        bindings_list = self._call_bindings(info, params, 0)
        if bindings_list is None:
            return None
        largest = 0
        for bindings in bindings_list:
            values = [self._count(a, info, 0, bindings) for a in call.args]
            if any(v is None or v.value is None for v in values):
                return None
            iterations = _iterations([v.value for v in values])  # type: ignore[union-attr]
            if iterations is None:
                return None
            largest = max(largest, iterations)
        return largest

    def _call_bindings(self, info: FunctionInfo, params: Tuple[str, ...], depth: int) -> Optional[List[Dict[str, int]]]:
        """For each call of the function, in this file and (through the project index) in others, the
        int each of `params` gets: a static int (`loops.static_int`: a literal, a module constant, a
        constructor default kept on `self`), the parameter's int default where the call leaves it out,
        or, for a parameter of the caller passed on, the largest value the caller's own calls give it.
        With no call known, the int defaults alone. None when any is not known."""
        if depth > 3:
            return None
        sites = info.callers
        link = self.ctx.facts.link
        external = list(link.callers.get(info.qualname, ())) if link is not None else []
        if any(site.is_reference for site in sites) or any(c.reference for c in external):
            return None
        defaults = int_defaults(info.node, self.ctx.facts)
        found: List[Dict[str, int]] = []
        for site in sites:
            bindings = dict(defaults)
            if any(isinstance(a, ast.Starred) for a in site.node.args) or any(k.arg is None for k in site.node.keywords):
                return None
            for param, arg in self.an.map_arguments(site.node, info, self.an.bound_call(site.node, info)):
                if param in params:
                    value = static_int(arg, site.caller, self.ctx.facts)
                    caller = site.caller
                    if value is None and isinstance(arg, ast.Name) and caller is not None and caller is not info:
                        # a parameter of the caller passed on, unchanged or scaled once by a literal
                        # (`niter *= 2` under a condition): at most its largest value, scaled
                        scale = self._literal_scaling(caller, arg.id) if arg.id in _parameters(caller) else None
                        if scale is not None:
                            outer = self._call_bindings(caller, (arg.id,), depth + 1)
                            values = [b.get(arg.id) for b in outer] if outer is not None else [None]
                            if values and all(v is not None for v in values):
                                value = max(values) * scale[0] + scale[1]  # type: ignore[type-var]
                    if value is None:
                        return None
                    bindings[param] = value
            found.append(bindings)
        positional = _positional_parameters(info)
        for ext in external:
            if "*" in ext.int_args:
                return None
            bindings = dict(defaults)
            for key, value in ext.int_args.items():
                param = positional[int(key)] if key.isdigit() and int(key) < len(positional) else key
                if param in params:
                    if value is None:
                        return None  # given a value the caller's text does not give
                    bindings[param] = value
            found.append(bindings)
        if not found:
            found.append(dict(defaults))
        if any(p not in bindings for bindings in found for p in params):
            return None
        return found

    def _literal_scaling(self, info: FunctionInfo, name: str) -> Optional[Tuple[int, int]]:
        """How the function changes its parameter `name` before using it, as (factor, addend) bounding
        the result from above for a non-negative count: (1, 0) when it never rebinds it; updates
        `name *= k` / `name += k` by positive int literals, outside loops, each at most once. None for
        any other rebinding."""
        if not self.an.assignments(info).get(name):
            return 1, 0
        factor, addend = 1, 0
        for store in self.an.scope_walk(info.node):
            if not (isinstance(store, ast.Name) and store.id == name and isinstance(store.ctx, ast.Store)):
                continue
            node = self.an.parent(store)
            if not (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(node.op, (ast.Mult, ast.Add))
                and isinstance(node.value, ast.Constant)
                and type(node.value.value) is int
                and node.value.value > 0
                and not self.an.loops_around(node, info)
            ):
                return None
            if isinstance(node.op, ast.Mult):
                factor *= node.value.value
            else:
                addend += node.value.value
        return factor, addend * factor  # a bound whatever order the updates run in

    def _python_only(self, loop: ast.For, info: FunctionInfo) -> bool:
        """The body uses the loop variable in ways only Python can run: to index a Python list or dict
        (layers, patches, configs) or a NumPy array, in string formatting, `str()`, `getattr`, or as a
        Python `range` bound, directly or through a function of this file it passes the variable to (a
        nested helper `step(i)` that indexes NumPy arrays with it)."""
        names = {n.id for n in walk_nodes(loop.target) if isinstance(n, ast.Name)}
        return bool(names) and self._uses_python_only(loop.body, names, info, 0)

    def _uses_python_only(self, body: List[ast.stmt], names: Set[str], info: FunctionInfo, depth: int) -> bool:
        tensors = self.tensors

        def mentions(expr: ast.AST) -> bool:
            return any(isinstance(n, ast.Name) and n.id in names for n in walk_nodes(expr))

        for stmt in body:
            for node in [stmt] + list(self.an.scope_walk(stmt)):
                if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and mentions(node.slice):
                    if not tensors.infer(node.value, info).is_tensor:
                        return True
                elif isinstance(node, ast.JoinedStr) and mentions(node):
                    return True
                elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and mentions(node.right):
                    if isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                        return True
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                    if node.func.id in ("str", "getattr", "setattr", "hasattr", "range") and any(
                        mentions(a) for a in node.args
                    ) and self.an.is_builtin(node.func.id, info):
                        return True
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
                    if any(mentions(a) for a in node.args) or any(mentions(k.value) for k in node.keywords):
                        return True
                if isinstance(node, ast.Call) and (self.ctx.qualname(node.func) or "").startswith(PYTHON_VALUE_MODULES):
                    if any(mentions(a) for a in node.args) or any(mentions(k.value) for k in node.keywords):
                        return True  # NumPy/SciPy/math on the loop variable: `tf.range` would hand it a tensor
                if isinstance(node, ast.Call) and depth < 2 and self._helper_python_only(node, mentions, info, depth):
                    return True
        return False

    def _helper_python_only(self, call: ast.Call, mentions, info: FunctionInfo, depth: int) -> bool:
        """`call` passes the loop variable (as is) to a def of this file whose body uses that parameter
        in Python-only ways."""
        site = next((s for s in info.calls if s.node is call and not s.is_reference), None)
        target = site.target if site is not None else None
        if target is None or isinstance(target.node, ast.Lambda) or target is info:
            return False
        params = {
            param
            for param, arg in self.an.map_arguments(call, target, self.an.bound_call(call, target))
            if param is not None and isinstance(arg, ast.Name) and mentions(arg)
        }
        params -= set(self.an.assignments(target))  # rebound in the helper: no longer the loop variable
        return bool(params) and self._uses_python_only(target.node.body, params, target, depth + 1)

    def _count(
        self, expr: ast.expr, info: FunctionInfo, depth: int, bindings: Optional[Dict[str, int]] = None
    ) -> Optional[_Count]:
        """The value of a count expression: a literal, a module constant, a parameter (its value when
        `bindings` gives one), or simple integer arithmetic over those. None for anything else."""
        if depth > 6:
            return None
        if isinstance(expr, ast.Constant) and type(expr.value) is int:
            return _Count(expr.value, ())
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
            inner = self._count(expr.operand, info, depth + 1, bindings)
            if inner is None:
                return None
            return _Count(-inner.value if inner.value is not None else None, inner.params)
        if isinstance(expr, ast.Name):
            if expr.id in _parameters(info):
                if bindings is not None and expr.id in bindings:
                    return _Count(bindings[expr.id], ())
                return _Count(None, (expr.id,))
            if self.an.is_local_name(expr.id, info):
                return None
            value = static_int(expr, None, self.ctx.facts)  # a module constant, here or imported
            return _Count(value, ()) if value is not None else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, _COUNT_OPS):
            left = self._count(expr.left, info, depth + 1, bindings)
            right = self._count(expr.right, info, depth + 1, bindings)
            if left is None or right is None:
                return None
            params = left.params + right.params
            if params:
                return _Count(None, params)
            a, b = left.value, right.value
            assert a is not None and b is not None
            if isinstance(expr.op, ast.Add):
                return _Count(a + b, ())
            if isinstance(expr.op, ast.Sub):
                return _Count(a - b, ())
            if isinstance(expr.op, ast.Mult):
                return _Count(a * b, ())
            return _Count(a // b, ()) if b else None
        return None

    def _python_number_evidence(self, info: FunctionInfo, params: Tuple[str, ...]) -> Optional[bool]:
        """None when a parameter is known to be a tensor (or not a number); True when this file passes
        Python numbers for every one; False when nothing says either way."""
        found = [self.tensors.parameter(info, p) for p in params]
        if any(v.kind not in (Kind.PY_NUMBER, Kind.UNKNOWN) for v in found):
            return None
        # An `int` annotation is a hint, not a call that passes a number.
        return all(v.kind is Kind.PY_NUMBER and not v.weak for v in found)

    # -- iterating over a Python list parameter ----------------------------------------------------

    def _list_parameter_loop(self, loop: ast.For, name: ast.Name, info: FunctionInfo) -> None:
        if not info.callers or any(site.is_reference for site in info.callers):
            return
        longest = 0
        an = self.an
        for site in info.callers:
            bound = an.bound_call(site.node, info)
            values = [arg for param, arg in an.map_arguments(site.node, info, bound) if param == name.id]
            if not values:
                return
            length = _static_length(values[0], self.ctx.facts, site.caller, an)
            if length is None:
                return
            longest = max(longest, length)
        if longest < UNROLL_THRESHOLD or not self._does_tf_work(loop.body, info) or self._python_only(loop, info):
            return
        self.report(
            name,
            f"`{name.id}` is a Python list (this file passes one of {longest} items): tracing runs this loop and "
            "unrolls it, one copy of the body per item, and a list of another length traces a new graph. "
            "Pass a tensor and loop with `tf.range`, or use `tf.data`.",
            related=self.ctx.graph_related(),
            severity=Severity.HINT if self.ctx.is_test_file else None,
        )

    # -- loop bodies -----------------------------------------------------------------------------

    def _does_tf_work(self, body: List[ast.stmt], info: FunctionInfo) -> bool:
        facts, tensors = self.ctx.facts, self.tensors
        for stmt in body:
            for node in [stmt] + list(self.an.scope_walk(stmt)):
                if isinstance(node, _SCOPES):
                    continue
                if isinstance(node, ast.Call):
                    qual = facts.qualname(node.func, info)
                    if qual is not None and (qual == TF or qual.startswith(TF + ".")):
                        if tensors.infer(node, info).kind is not Kind.OBJECT:
                            return True
                        continue
                    if tensors.infer(node, info).is_tensor:
                        return True
                elif isinstance(node, ast.BinOp) and tensors.infer(node, info).is_tensor:
                    return True
        return False

    # -- the fix ---------------------------------------------------------------------------------

    def _fix_factory(self, loop: ast.For, call: ast.Call, info: FunctionInfo):
        ctx = self.ctx
        alias = tf_module_name(ctx.facts, info)
        if alias is None or loop.orelse or not autograph_enabled(info, ctx.facts, ctx.settings):
            return None
        if _keeps_python_state(loop.body, self.an, info):
            return None
        span = ctx.span(call.func)

        def fix() -> Optional[Fix]:
            return Fix(f"Use `{alias}.range`", (Edit(span, f"{alias}.range"),), FixSafety.UNSAFE)

        return fix


# -- helpers ------------------------------------------------------------------------------------


def _parameters(info: FunctionInfo) -> Set[str]:
    node = info.node
    args = node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if info.cls is not None and names and not any(
        isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(node, "decorator_list", [])
    ):
        names = names[1:]  # self / cls
    return set(names)


def _positional_parameters(info: FunctionInfo) -> List[str]:
    """The parameters a call's positional arguments bind, in order (without `self`/`cls` of a method)."""
    node = info.node
    names = [a.arg for a in node.args.posonlyargs + node.args.args]
    if info.cls is not None and names and not any(
        isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(node, "decorator_list", [])
    ):
        names = names[1:]
    return names


def _iterations(values: List[Optional[int]]) -> Optional[int]:
    try:
        return len(range(*values))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _keeps_python_state(body: List[ast.stmt], an: ModuleAnalysis, info: FunctionInfo) -> bool:
    """The loop body appends to lists, stores into subscripts or prints: a tf.while_loop cannot keep that."""
    for stmt in body:
        for node in [stmt] + list(an.scope_walk(stmt)):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Subscript) for t in targets):
                    return True
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr in MUTATING_METHODS:
                    return True
                if isinstance(func, ast.Name) and func.id == "print" and an.is_builtin("print", info):
                    return True
    return False


_RESHAPING = frozenset({"expand_dims", "squeeze"})


def _reshapes_carried(loop: ast.For, an: ModuleAnalysis) -> bool:
    """The body expands, squeezes or slices a name it rebinds (`mask = tf.expand_dims(mask, 1)`,
    `bases = f(bases[:, :-1])`), or slices with the loop variable as a bound: the value carried into the
    next iteration may have another shape, which a `tf.while_loop` cannot carry, so unrolling is needed."""
    rebound = {
        t.id
        for stmt in loop.body
        for node in [stmt] + list(an.scope_walk(stmt))
        if isinstance(node, (ast.Assign, ast.AugAssign))
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    counters = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
    for stmt in loop.body:
        for node in [stmt] + list(an.scope_walk(stmt)):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if name in _RESHAPING and node.args[0].id in rebound:
                    return True
            if isinstance(node, ast.Subscript):
                parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                slices = [part for part in parts if isinstance(part, ast.Slice)]
                if not slices:
                    continue
                if isinstance(node.value, ast.Name) and node.value.id in rebound:
                    return True
                bounds = [b for part in slices for b in (part.lower, part.upper) if b is not None]
                if any(isinstance(n, ast.Name) and n.id in counters for b in bounds for n in ast.walk(b)):
                    return True
    return False


def _static_length(expr: ast.expr, facts, scope: Optional[FunctionInfo], an: ModuleAnalysis) -> Optional[int]:
    """The number of items of a Python list or tuple expression, when the text shows it."""
    if isinstance(expr, (ast.List, ast.Tuple)):
        if any(isinstance(e, ast.Starred) for e in expr.elts):
            return None
        return len(expr.elts)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult):
        for seq, times in ((expr.left, expr.right), (expr.right, expr.left)):
            length = _static_length(seq, facts, scope, an) if isinstance(seq, (ast.List, ast.Tuple)) else None
            if length is not None and isinstance(times, ast.Constant) and type(times.value) is int:
                return length * times.value
        return None
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in ("list", "tuple"):
        if len(expr.args) == 1 and an.is_builtin(expr.func.id, scope):
            inner = expr.args[0]
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id == "range"
                and an.is_builtin("range", scope)
                and inner.args
                and all(isinstance(a, ast.Constant) and type(a.value) is int for a in inner.args)
            ):
                try:
                    return len(range(*[a.value for a in inner.args]))  # type: ignore[attr-defined]
                except (TypeError, ValueError):
                    return None
    return None
