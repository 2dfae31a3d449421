"""HYB023 python-random-or-clock-in-graph."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import ModuleAnalysis, analysis_for, function_label, tf_module_name, traced_severity
from hybridlint.effects import effects_for
from hybridlint.facts import FunctionInfo
from hybridlint.oracle import EagerMismatch, Oracle, Run, SideEffects
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit
from hybridlint.tensors import CLOCK_NUMBER_CALLS, tensors_for

# Draws from Python's and NumPy's global generators. Seeding, state access and generator constructors
# (`seed`, `get_state`, `RandomState`, `default_rng`, `Random`) are not draws.
NUMPY_DRAWS = frozenset(
    "rand randn randint random_integers random random_sample ranf sample choice bytes shuffle permutation "
    "uniform normal standard_normal beta binomial chisquare dirichlet exponential gamma geometric gumbel "
    "laplace logistic lognormal multinomial multivariate_normal poisson power rayleigh standard_cauchy "
    "standard_exponential standard_gamma standard_t triangular vonmises wald weibull zipf".split()
)
PYTHON_DRAWS = frozenset(
    "random uniform randint randrange choice choices sample shuffle gauss normalvariate lognormvariate "
    "expovariate betavariate gammavariate triangular vonmisesvariate paretovariate weibullvariate getrandbits "
    "randbytes binomialvariate".split()
)
CLOCKS = CLOCK_NUMBER_CALLS | frozenset(
    {
        "time.localtime",
        "time.gmtime",
        "time.ctime",
        "time.strftime",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
    }
)
# `uuid.uuid4()` is left out: in traced code it names things uniquely per trace (tf-keras's GRU and LSTM
# layers do so on purpose), which is exactly what running once while tracing gives.
OTHER_ENTROPY = frozenset({"os.urandom", "secrets.token_bytes", "secrets.token_hex", "secrets.randbelow",
                           "secrets.choice"})
# Scalar draws with a TensorFlow equivalent: qualname → (tf.random function, positional arguments allowed).
SCALAR_FIXES = {
    "numpy.random.uniform": ("uniform", 2),
    "numpy.random.normal": ("normal", 2),
    "numpy.random.rand": ("uniform", 0),
    "numpy.random.random": ("uniform", 0),
    "numpy.random.random_sample": ("uniform", 0),
    "numpy.random.randn": ("normal", 0),
    "numpy.random.standard_normal": ("normal", 0),
    "random.random": ("uniform", 0),
    "random.uniform": ("uniform", 2),
    "random.gauss": ("normal", 2),
    "random.normalvariate": ("normal", 2),
}


# Oracle driver: does calling the function 20 times give more than one value?
_VARIES = "values = [float(tf.reduce_sum({call})) for _ in range(20)]\noutputs = len(set(values)) > 1"


def _kind(qualname: str) -> Optional[str]:
    if qualname.startswith("numpy.random."):
        return "random" if qualname.rsplit(".", 1)[1] in NUMPY_DRAWS and qualname.count(".") == 2 else None
    if qualname.startswith("random."):
        return "random" if qualname.rsplit(".", 1)[1] in PYTHON_DRAWS and qualname.count(".") == 1 else None
    if qualname in CLOCKS:
        return "clock"
    if qualname in OTHER_ENTROPY:
        return "random"
    return None


class PythonRandomOrClockInGraph(Rule):
    code = "HYB023"
    name = "python-random-or-clock-in-graph"
    severity = Severity.WARNING
    visits_graph_code_only = True
    fix_safety = FixSafety.UNSAFE
    summary = "Python/NumPy random numbers and clock reads in traced code are frozen into the graph"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Flags, in code that runs as a graph (a `tf.function`, what it calls, also through `functools.partial`, "
        "lambdas, a dict of functions or the branches of `tf.cond`/`tf.switch_case`; a `tf.data` transformation; "
        "a Keras `call`/`train_step` of a class whose Keras base may be in another module of the project), draws from NumPy's or Python's global random generators "
        "(`np.random.uniform`, `np.random.randint`, `random.random`, `random.choice`, ...), clock reads "
        "(`time.time`, `time.perf_counter`, `datetime.now`, `date.today`, ...) and other entropy "
        "(`os.urandom`, `secrets.*`). Seeding and generator constructors (`np.random.seed`, `default_rng`) are "
        "not flagged, nor is `uuid.uuid4()` (code that names graph pieces uniquely per trace, as tf-keras's "
        "GRU and LSTM layers do, wants exactly one value per trace) or a draw whose every use only makes text "
        "(`\"PyFuncGrad\" + str(np.random.randint(1e8))`, an f-string: the same unique name per trace) or sets "
        "what trace-time Python prints, logs or how long it sleeps (a retry's jitter), nor code in a `tf.py_function` target or "
        "under `if tf.executing_eagerly():`, nor code of a Keras model under the test for which its own "
        "`compile` override passes `run_eagerly=True` (`if self.mode == \"eager\":` when `compile` sets "
        "`run_eagerly` exactly in that mode, the mode set only in `__init__`), nor an array-valued draw (a "
        "permutation, `choice(..., size=k)`, `random.sample`) whose elements only Python `if` tests, Python "
        "loops, stores into Python lists and `len` read, directly or through what a helper returns: a random "
        "sparsity pattern that picks which ops the graph holds is fixed per trace by design. A scalar draw "
        "in a Python `if` is still flagged: AutoGraph turns an `if` on a `tf.random` value into a `tf.cond`. "
        "Nor is a draw after an unconditional `np.random.seed(<fixed seed>)` (`random.seed` for Python's "
        "generator) in the same function: every call, eager or traced, draws the same value. A seed under a "
        "test, or one commented out, does not reseed every call. For a clock read, the message says the time is "
        "in the graph only where its value is shown to reach a TensorFlow op, an operation with a tensor or the "
        "traced function's result (through Python arithmetic and names bound only from it); otherwise (a "
        "duration only printed, logged or formatted while tracing) it says the reading times the tracing."
    )
    why_bad = (
        "These are Python calls: they run once, while the function is traced, and their result enters the "
        "graph as a constant wherever an op uses it. Every later call replays the same \"random\" number or timestamp, so "
        "augmentation stops augmenting, dropout-like noise is fixed, and timings measure the tracing, not the calls. There is no "
        "error, only wrong results; the oracle shows it on TensorFlow 2.21 (20 eager calls give different "
        "values, 20 graph calls one value). It bites `tf.data` pipelines too, whose functions are always "
        "traced (tensorflow#40620). The TF function guide warns that Python side effects and values are "
        "captured at trace time; the study's abstract names such API misuse among the main problems of "
        "hybridization."
    )
    use_instead = (
        "TensorFlow's random ops (`tf.random.uniform`, `tf.random.normal`, a `tf.random.Generator`, or the "
        "`tf.random.stateless_*` ops with a seed argument), `tf.timestamp()` for time, or compute the value "
        "outside the traced function and pass it in as a tensor."
    )
    fix_safety_doc = (
        "Unsafe, scalar draws only: `np.random.uniform(a, b)` and `random.uniform(a, b)` → "
        "`tf.random.uniform([], a, b)`; `np.random.normal(m, s)`, `random.gauss(m, s)` → "
        "`tf.random.normal([], m, s)`; `np.random.rand()`, `random.random()` → `tf.random.uniform([])`; "
        "`np.random.randn()` → `tf.random.normal([])`; `np.random.randint(a, b)` with integer literals → "
        "`tf.random.uniform([], a, b, tf.int32)`. The numbers come from another generator (a different stream "
        "for the same seed), the result is a float32 or int32 tensor instead of a Python or NumPy float64 or "
        "int, and it is a new value on every call, which is the point."
    )
    references = (
        "https://www.tensorflow.org/guide/function#executing_python_side_effects",
        "https://www.tensorflow.org/guide/random_numbers",
        "https://github.com/tensorflow/tensorflow/issues/40620",
    )
    examples = (
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(img):\n"
            "    return img * np.random.uniform(0.8, 1.2)\n",
            flagged=["np.random.uniform(0.8, 1.2)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(img):\n"
            "    return img * tf.random.uniform([], 0.8, 1.2)\n",
            name="bad-augment",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def rotate(img):\n"
            "    return tf.image.rot90(img, k=np.random.randint(0, 4))\n",
            flagged=["np.random.randint(0, 4)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def rotate(img):\n"
            "    return tf.image.rot90(img, k=tf.random.uniform([], 0, 4, tf.int32))\n",
            name="bad-rotate",
        ),
        Bad(
            "import random\n"
            "import tensorflow as tf\n\n"
            "def noisy(x):\n"
            "    return x + random.random()\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return noisy(x) * 2\n",
            flagged=["random.random()"],
            fixed="import random\n"
            "import tensorflow as tf\n\n"
            "def noisy(x):\n"
            "    return x + tf.random.uniform([])\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return noisy(x) * 2\n",
            note="a helper called from a tf.function is traced too",
            name="helper-called-from-tf-function",
        ),
        Bad(
            "import time\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def stamp(x):\n"
            "    return x + time.time() % 1.0\n",
            flagged=["time.time()"],
            note="the clock is read once, at trace time",
            name="clock-read-once-at-trace",
        ),
        Bad(
            "import time\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(images):\n"
            "    start = time.time()\n"
            "    out = tf.image.flip_left_right(images)\n"
            "    print(f\"augmented in {time.time() - start:.3f} s\")\n"
            "    return out\n",
            flagged=[("time.time()", 0), ("time.time()", 1)],
            note="a duration only printed: the print and both clock reads run once per trace, so it times the "
            "tracing; the message says so, not that the time is in the graph",
            name="clock-timing-printed-at-trace",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def augment(img):\n"
            "    return img * tf.random.uniform([], 0.8, 1.2)\n",
            name="good-augment",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def scale(img, factor):\n"
            "    return img * factor\n\n"
            "def augment(img):\n"
            "    return scale(img, tf.constant(np.random.uniform(0.8, 1.2), tf.float32))\n",
            note="drawn eagerly, outside the traced function, and passed in as a tensor",
            name="drawn-eagerly-outside-traced-function",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def draw():\n"
            "    return np.random.uniform(0.8, 1.2)\n\n"
            "@tf.function\n"
            "def augment(img):\n"
            "    return img * tf.cast(tf.py_function(draw, [], tf.float64), img.dtype)\n",
            note="a `tf.py_function` target runs on every call",
            name="tf-py-function-target-runs",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "np.random.seed(0)\n\n"
            "@tf.function\n"
            "def augment(img):\n"
            "    return img * tf.random.uniform([], 0.8, 1.2, seed=1)\n",
            note="seeding, not drawing",
            name="seeding-not-drawing",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def jitter(x):\n"
            "    return x + np.random.normal()\n\n"
            "def identity(x):\n"
            "    return x\n\n"
            "AUGMENTATIONS = {\"jitter\": jitter, \"none\": identity}\n\n"
            "@tf.function\n"
            "def augment(x, name=\"jitter\"):\n"
            "    return AUGMENTATIONS[name](x)\n",
            flagged=["np.random.normal()"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def jitter(x):\n"
            "    return x + tf.random.normal([])\n\n"
            "def identity(x):\n"
            "    return x\n\n"
            "AUGMENTATIONS = {\"jitter\": jitter, \"none\": identity}\n\n"
            "@tf.function\n"
            "def augment(x, name=\"jitter\"):\n"
            "    return AUGMENTATIONS[name](x)\n",
            note="a function reached through a dict of functions from traced code is traced too",
            name="function-reached-through-dict-functions",
        ),
        Bad(
            "import functools\n"
            "import random\n"
            "import tensorflow as tf\n\n"
            "def scaled(x):\n"
            "    return x * random.uniform(0.5, 1.5)\n\n"
            "def unchanged(x):\n"
            "    return x\n\n"
            "@tf.function\n"
            "def augment(x, i):\n"
            "    return tf.switch_case(i, [functools.partial(scaled, x), functools.partial(unchanged, x)])\n",
            flagged=["random.uniform(0.5, 1.5)"],
            fixed="import functools\n"
            "import random\n"
            "import tensorflow as tf\n\n"
            "def scaled(x):\n"
            "    return x * tf.random.uniform([], 0.5, 1.5)\n\n"
            "def unchanged(x):\n"
            "    return x\n\n"
            "@tf.function\n"
            "def augment(x, i):\n"
            "    return tf.switch_case(i, [functools.partial(scaled, x), functools.partial(unchanged, x)])\n",
            note="branches of `tf.switch_case`/`tf.case`/`tf.cond` given in a list, through `functools.partial`",
            name="branches-tf-switch-case-tf",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def running_noise(state, x):\n"
            "    state = state + np.random.uniform()\n"
            "    return state, x + state\n\n"
            "def noisy(ds):\n"
            "    return ds.apply(tf.data.experimental.scan(tf.constant(0.0, tf.float64), running_noise))\n",
            flagged=["np.random.uniform()"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def running_noise(state, x):\n"
            "    state = state + tf.random.uniform([])\n"
            "    return state, x + state\n\n"
            "def noisy(ds):\n"
            "    return ds.apply(tf.data.experimental.scan(tf.constant(0.0, tf.float64), running_noise))\n",
            note="`tf.data.experimental.scan` traces its function, like `Dataset.map`",
        ),
        Bad(
            "import random\n"
            "import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    pass\n\n"
            "class Jitter(Block):\n"
            "    def call(self, x):\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import random\n"
            "import tensorflow as tf\n\n"
            "class Block(tf.keras.layers.Layer):\n"
            "    pass\n\n"
            "class Jitter(Block):\n"
            "    def call(self, x):\n"
            "        return x * tf.random.uniform([], 0.9, 1.1)\n",
            note="Keras traces `call` in `fit`/`predict`: the draw is made once per trace",
            name="keras-traces-call-fit-predict",
        ),
        Bad(
            "import random\n"
            "import tensorflow as tf\n"
            "from pkg import Block\n\n"
            "class Jitter(Block):\n"
            "    def call(self, x):\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import random\n"
            "import tensorflow as tf\n"
            "from pkg import Block\n\n"
            "class Jitter(Block):\n"
            "    def call(self, x):\n"
            "        return x * tf.random.uniform([], 0.9, 1.1)\n",
            path="pkg/jitter.py",
            project=(
                ("pkg/__init__.py", "from .blocks import Block\n"),
                ("pkg/blocks.py", "from .tf_utils import keras\n\nclass Block(keras.layers.Layer):\n    pass\n"),
                ("pkg/tf_utils.py", "import tensorflow as tf\nfrom tensorflow import keras\n"),
            ),
            note="the Keras base class is found through the project: a re-export, and Keras re-exported by a project module",
        ),
        Bad(
            "import random\n"
            "import tensorflow as tf\n"
            "from mylib.modeling import TFBaseModel\n\n"
            "class Classifier(TFBaseModel):\n"
            "    def call(self, x):\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import random\n"
            "import tensorflow as tf\n"
            "from mylib.modeling import TFBaseModel\n\n"
            "class Classifier(TFBaseModel):\n"
            "    def call(self, x):\n"
            "        return x * tf.random.uniform([], 0.9, 1.1)\n",
            preview=True,
            note="preview: the base is only named like a Keras model, nothing resolves it",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def replica_step(x):\n"
            "    return x * np.random.uniform(0.9, 1.1)\n\n"
            "def distributed_step(strategy, x):\n"
            "    return strategy.run(replica_step, args=(x,))\n",
            flagged=["np.random.uniform(0.9, 1.1)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def replica_step(x):\n"
            "    return x * tf.random.uniform([], 0.9, 1.1)\n\n"
            "def distributed_step(strategy, x):\n"
            "    return strategy.run(replica_step, args=(x,))\n",
            preview=True,
            note="preview: TPU strategies trace the function given to `strategy.run`, mirrored ones run it eagerly",
        ),
        Good(
            "import random\n"
            "import tensorflow as tf\n\n"
            "class Jitter(tf.keras.Model):\n"
            "    def __init__(self):\n"
            "        super().__init__()\n"
            "        self.run_eagerly = True\n\n"
            "    def call(self, x):\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            note="a model that sets `run_eagerly` runs `call` eagerly in `fit`/`predict`",
            name="model-that-sets-run-eagerly",
        ),
        Good(
            "import random\n"
            "import tensorflow as tf\n\n\n"
            "class Jitter(tf.keras.Model):\n"
            "    def __init__(self, mode=\"graph\"):\n"
            "        super().__init__()\n"
            "        self.mode = mode\n\n"
            "    def compile(self, **kwargs):\n"
            "        if self.mode == \"stochastic_eager\":\n"
            "            run_eagerly = True\n"
            "        else:\n"
            "            run_eagerly = False\n"
            "        super().compile(run_eagerly=run_eagerly, **kwargs)\n\n"
            "    def call(self, x):\n"
            "        if self.mode == \"stochastic_eager\":\n"
            "            return x * random.uniform(0.9, 1.1)\n"
            "        return x\n",
            note="the branch for the mode in which the model's own `compile` sets `run_eagerly=True`",
            name="compile-forces-eager-for-this-mode",
        ),
        Bad(
            "import random\n"
            "import tensorflow as tf\n\n\n"
            "class Jitter(tf.keras.Model):\n"
            "    def __init__(self, mode=\"graph\"):\n"
            "        super().__init__()\n"
            "        self.mode = mode\n\n"
            "    def compile(self, **kwargs):\n"
            "        super().compile(run_eagerly=self.mode == \"stochastic_eager\", **kwargs)\n\n"
            "    def call(self, x):\n"
            "        if self.mode == \"stochastic\":\n"
            "            return x * random.uniform(0.9, 1.1)\n"
            "        return x\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import random\n"
            "import tensorflow as tf\n\n\n"
            "class Jitter(tf.keras.Model):\n"
            "    def __init__(self, mode=\"graph\"):\n"
            "        super().__init__()\n"
            "        self.mode = mode\n\n"
            "    def compile(self, **kwargs):\n"
            "        super().compile(run_eagerly=self.mode == \"stochastic_eager\", **kwargs)\n\n"
            "    def call(self, x):\n"
            "        if self.mode == \"stochastic\":\n"
            "            return x * tf.random.uniform([], 0.9, 1.1)\n"
            "        return x\n",
            note="another mode than the one `compile` runs eagerly: traced by `fit`",
            name="compile-forces-eager-other-mode",
        ),
        Good(
            "import random\n\n"
            "import tensorflow as tf\n\n\n"
            "def in_tf_function():\n"
            "    if tf is None:\n"
            "        return False\n"
            "    return not tf.executing_eagerly()\n\n\n"
            "class Jitter(tf.keras.layers.Layer):\n"
            "    def __init__(self, allow_python=True):\n"
            "        super().__init__()\n"
            "        self.allow_python = allow_python\n\n"
            "    def use_tf_workflow(self):\n"
            "        if in_tf_function():\n"
            "            return True\n"
            "        return not self.allow_python\n\n"
            "    def call(self, x):\n"
            "        if self.use_tf_workflow():\n"
            "            return x * tf.random.uniform([], 0.9, 1.1)\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            note="the project's own mode test: `use_tf_workflow()` is false only eagerly (`in_tf_function()` "
            "false), so the Python draw never runs in a trace",
            name="own-helper-proves-eager",
        ),
        Bad(
            "import random\n\n"
            "import tensorflow as tf\n\n\n"
            "class Jitter(tf.keras.layers.Layer):\n"
            "    def __init__(self, allow_python=True):\n"
            "        super().__init__()\n"
            "        self.allow_python = allow_python\n\n"
            "    def use_tf_workflow(self):\n"
            "        return not self.allow_python\n\n"
            "    def call(self, x):\n"
            "        if self.use_tf_workflow():\n"
            "            return x * tf.random.uniform([], 0.9, 1.1)\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import random\n\n"
            "import tensorflow as tf\n\n\n"
            "class Jitter(tf.keras.layers.Layer):\n"
            "    def __init__(self, allow_python=True):\n"
            "        super().__init__()\n"
            "        self.allow_python = allow_python\n\n"
            "    def use_tf_workflow(self):\n"
            "        return not self.allow_python\n\n"
            "    def call(self, x):\n"
            "        if self.use_tf_workflow():\n"
            "            return x * tf.random.uniform([], 0.9, 1.1)\n"
            "        return x * tf.random.uniform([], 0.9, 1.1)\n",
            note="the helper returns a setting, which says nothing about the mode: `predict` traces the Python draw",
            name="own-helper-returns-setting",
        ),
        Good(
            "import random\n\n"
            "from pkg.preprocessing import PreprocessingLayer\n\n\n"
            "class Masker(PreprocessingLayer):\n"
            "    def call(self, x):\n"
            "        if self._use_tf_workflow():\n"
            "            return self._call_tf(x)\n"
            "        return self._call_python(x)\n\n"
            "    def _call_tf(self, x):\n"
            "        return x\n\n"
            "    def _call_python(self, x):\n"
            "        return [t for t in x if random.random() < 0.8]\n",
            path="pkg/masker.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/tensor_utils.py",
                    "def try_import_tensorflow():\n"
                    "    try:\n"
                    "        import tensorflow as tf\n"
                    "    except ImportError:\n"
                    "        return None\n"
                    "    return tf\n\n\n"
                    "tf = try_import_tensorflow()\n\n\n"
                    "def in_tf_function():\n"
                    "    if tf is None:\n"
                    "        return False\n"
                    "    return not tf.executing_eagerly()\n",
                ),
                (
                    "pkg/preprocessing.py",
                    "import keras\n\n"
                    "from pkg.tensor_utils import in_tf_function\n\n\n"
                    "class PreprocessingLayer(keras.layers.Layer):\n"
                    "    def _use_tf_workflow(self):\n"
                    "        if in_tf_function():\n"
                    "            return True\n"
                    "        if self._allow_python_workflow:\n"
                    "            return False\n"
                    "        return True\n",
                ),
            ),
            note="the mode test is a method inherited from another module, built on a helper of a third "
            "(TensorFlow imported optionally there): `_use_tf_workflow()` is false only eagerly",
            name="inherited-helper-proves-eager",
        ),
        Bad(
            "import random\n\n"
            "from pkg.preprocessing import PreprocessingLayer\n\n\n"
            "class Masker(PreprocessingLayer):\n"
            "    def call(self, x):\n"
            "        if self._use_tf_workflow():\n"
            "            return self._call_tf(x)\n"
            "        return self._call_python(x)\n\n"
            "    def _call_tf(self, x):\n"
            "        return x\n\n"
            "    def _call_python(self, x):\n"
            "        return [t for t in x if random.random() < 0.8]\n",
            flagged=["random.random()"],
            fixed=None,
            path="pkg/masker.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/preprocessing.py",
                    "import keras\n\n\n"
                    "class PreprocessingLayer(keras.layers.Layer):\n"
                    "    def _use_tf_workflow(self):\n"
                    "        return not self._allow_python_workflow\n",
                ),
            ),
            note="the inherited helper returns a setting: `call` is traced with the Python path in it",
            name="inherited-helper-returns-setting",
        ),
        Good(
            "import random\n"
            "import tensorflow as tf\n"
            "from pkg.base import BaseModel\n\n"
            "class Picker(BaseModel):\n"
            "    def call(self, x):\n"
            "        return x * random.uniform(0.9, 1.1)\n",
            path="pkg/picker.py",
            project=(
                ("pkg/__init__.py", ""),
                ("pkg/base.py", "class BaseModel:\n    def __call__(self, x):\n        return self.call(x)\n"),
            ),
            note="the index knows the project's `BaseModel` is no Keras class, whatever its name",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def jitter(x):\n"
            "    return x + np.random.normal()\n\n"
            "AUGMENTATIONS = {\"jitter\": jitter}\n\n"
            "def augment(x, name=\"jitter\"):\n"
            "    return tf.constant(AUGMENTATIONS[name](x))\n",
            note="a dict of functions called eagerly",
            name="dict-functions-called-eagerly",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def speckle(image):\n"
            "    return image * np.random.uniform(0.9, 1.1)\n\n\n"
            "def keep(image):\n"
            "    return tf.identity(image)\n\n\n"
            "DISTORTIONS = {\"speckle\": speckle, \"keep\": keep}\n",
            flagged=["np.random.uniform(0.9, 1.1)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def speckle(image):\n"
            "    return image * tf.random.uniform([], 0.9, 1.1)\n\n\n"
            "def keep(image):\n"
            "    return tf.identity(image)\n\n\n"
            "DISTORTIONS = {\"speckle\": speckle, \"keep\": keep}\n",
            path="pkg/distort.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/train.py",
                    "import tensorflow as tf\n\nfrom pkg.distort import DISTORTIONS\n\n\n"
                    "@tf.function\n"
                    "def distorted(images, kind):\n"
                    "    return DISTORTIONS[kind](images)\n",
                ),
            ),
            note="a dict of functions imported from this module and called from another module's tf.function: "
            "its functions are traced",
            name="dict-functions-called-another-module",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def speckle(image):\n"
            "    return image * np.random.uniform(0.9, 1.1)\n\n\n"
            "DISTORTIONS = {\"speckle\": speckle}\n",
            path="pkg/distort.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/prepare.py",
                    "import numpy as np\n\nimport pkg.distort as distort\n\n\n"
                    "def prepared(images, kind):\n"
                    "    return distort.DISTORTIONS[kind](np.asarray(images))\n",
                ),
            ),
            note="another module calls the dict's functions eagerly",
            name="dict-functions-called-eagerly-elsewhere",
        ),
        Bad(
            "import numpy as np\n\n\n"
            "def jitter(x, scale):\n"
            "    return x + scale * np.random.normal()\n",
            flagged=["np.random.normal()"],
            path="pkg/augment.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/data.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.augment import jitter\n\n\n"
                    "def make_dataset():\n"
                    "    return tf.data.Dataset.range(8).map(functools.partial(jitter, scale=0.1))\n",
                ),
            ),
            note="another module passes the function through functools.partial to Dataset.map",
        ),
        Good(
            "import numpy as np\n\n\n"
            "def jitter(x, scale):\n"
            "    return x + scale * np.random.normal()\n",
            path="pkg/augment.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/data.py",
                    "import functools\n\nimport tensorflow as tf\n\nfrom pkg.augment import jitter\n\n\n"
                    "def make_arrays(xs):\n"
                    "    return [tf.constant(v) for v in map(functools.partial(jitter, scale=0.1), xs)]\n",
                ),
            ),
            note="Python's own `map` calls the partial eagerly",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def make_jitter(scale):\n"
            "    def jitter(x):\n"
            "        return x + scale * np.random.normal()\n"
            "    return jitter\n\n\n"
            "def noisy(dataset):\n"
            "    return dataset.map(make_jitter(0.1))\n",
            flagged=["np.random.normal()"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def make_jitter(scale):\n"
            "    def jitter(x):\n"
            "        return x + scale * tf.random.normal([])\n"
            "    return jitter\n\n\n"
            "def noisy(dataset):\n"
            "    return dataset.map(make_jitter(0.1))\n",
            note="Dataset.map gets the function a factory of this file returns",
            name="dataset-map-gets-function-factory",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def block_pattern(n_rows, n_cols, k):\n"
            "    rows = []\n"
            "    for _ in range(n_rows):\n"
            "        row = np.zeros(n_cols)\n"
            "        row[np.random.choice(n_cols, size=k, replace=False)] = 1.0\n"
            "        rows.append(row)\n"
            "    return rows\n\n\n"
            "@tf.function\n"
            "def sparse_scores(q_blocks, k_blocks):\n"
            "    pattern = block_pattern(len(q_blocks), len(k_blocks), 2)\n"
            "    out = []\n"
            "    for i, q in enumerate(q_blocks):\n"
            "        picked = [tf.matmul(q, k, transpose_b=True) for j, k in enumerate(k_blocks) if pattern[i][j] == 1]\n"
            "        out.append(tf.concat(picked, axis=-1))\n"
            "    return out\n",
            note="a random sparsity pattern that only Python tests read: it picks which matmuls the graph holds, "
            "so it is fixed per trace by design and `tf.random` cannot stand in for it",
            name="random-pattern-picks-ops",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    np.random.seed(0)\n"
            "    return x + np.random.uniform()\n",
            note="reseeded with a fixed seed just before the draw: eager calls draw the same value too",
            name="seeded-before-draw",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def jitter(x, seed=None):\n"
            "    if seed:\n"
            "        np.random.seed(seed)\n"
            "    return x + np.random.uniform()\n",
            flagged=["np.random.uniform()"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def jitter(x, seed=None):\n"
            "    if seed:\n"
            "        np.random.seed(seed)\n"
            "    return x + tf.random.uniform([])\n",
            note="seeded only when asked: without a seed each eager call draws anew",
            name="seeded-only-when-asked",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def shuffled_rows(x):\n"
            "    order = np.random.permutation(4)\n"
            "    return tf.gather(x, order)\n",
            flagged=["np.random.permutation(4)"],
            note="a random permutation that enters the graph as data (gather indices) is frozen like any draw",
            name="permutation-gathered-as-data",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def maybe_flip(img):\n"
            "    if np.random.rand() < 0.5:\n"
            "        return tf.image.flip_left_right(img)\n"
            "    return img\n",
            flagged=["np.random.rand()"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def maybe_flip(img):\n"
            "    if tf.random.uniform([]) < 0.5:\n"
            "        return tf.image.flip_left_right(img)\n"
            "    return img\n",
            note="a scalar coin flip in a Python `if` picks one branch per trace; on a `tf.random` value "
            "AutoGraph makes the `if` a `tf.cond`",
            name="coin-flip-decides-branch",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def make_jitter(scale):\n"
            "    offset = np.random.normal()\n\n"
            "    def jitter(x):\n"
            "        return x + scale * offset\n"
            "    return jitter\n\n\n"
            "def noisy(dataset):\n"
            "    return dataset.map(make_jitter(0.1))\n",
            note="the factory runs eagerly: one offset per factory call, on purpose",
        ),
        Good(
            "import logging\n"
            "import random\n"
            "import time\n\n"
            "import tensorflow as tf\n\n\n"
            "def retry(read, tries=3, delay=1.0):\n"
            "    for _ in range(tries):\n"
            "        try:\n"
            "            return read()\n"
            "        except OSError as err:\n"
            "            delay = delay + random.uniform(0, 0.5)\n"
            "            logging.warning(\"%s, retrying in %s seconds\", err, delay)\n"
            "            time.sleep(delay)\n"
            "            delay *= 2\n\n\n"
            "@tf.function\n"
            "def load(x):\n"
            "    retry(lambda: None)\n"
            "    return x + 1\n",
            note="the draw only sets how long trace-time Python waits, and what it logs: no value of the graph is "
            "made from it (a retry's jitter; the twentieth batch, tensorflow-datasets)",
        ),
        Bad(
            "import logging\n"
            "import random\n\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    scale = random.uniform(0.9, 1.1)\n"
            "    logging.info(\"scale %s\", scale)\n"
            "    return x * scale\n",
            flagged=["random.uniform(0.9, 1.1)"],
            fixed="import logging\n"
            "import random\n\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def jitter(x):\n"
            "    scale = tf.random.uniform([], 0.9, 1.1)\n"
            "    logging.info(\"scale %s\", scale)\n"
            "    return x * scale\n",
            note="the near miss: the draw is logged but also scales the result, so the graph holds it",
            name="draw-logged-and-used",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "def probe(x):\n"
            "    name = \"probe_\" + str(np.random.randint(0, 1e8))\n"
            "    return tf.identity(x, name=name)\n\n\n"
            "@tf.function\n"
            "def logdet(x):\n"
            "    return tf.math.log(probe(x))\n",
            note="the draw only becomes text, a unique name per trace (as `uuid.uuid4()` gives): no number of the "
            "graph is made from it (the twenty-fifth batch: a unique `tf.RegisterGradient` name, malaya-speech)",
            name="draw-names-a-gradient",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def rotate(img):\n"
            "    k = np.random.randint(4)\n"
            "    tf.debugging.assert_less(k, 4, message=\"bad rotation %s\" % k)\n"
            "    return tf.image.rot90(img, k)\n",
            flagged=["np.random.randint(4)"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def rotate(img):\n"
            "    k = tf.random.uniform([], 0, 4, tf.int32)\n"
            "    tf.debugging.assert_less(k, 4, message=\"bad rotation %s\" % k)\n"
            "    return tf.image.rot90(img, k)\n",
            note="the near miss: the draw makes a message's text, but it also sets the rotation, so the graph holds it",
            name="draw-named-and-used",
        ),
    )

    oracle = Oracle(
        symptom=EagerMismatch(),
        note="`outputs` says whether 20 calls gave more than one distinct value.",
        runs={
            "bad-augment": _VARIES.format(call="augment(tf.ones([2]))"),
            "bad-rotate": _VARIES.format(call="rotate(tf.reshape(tf.range(4.0), [2, 2, 1]))[0, 0]"),
            "helper-called-from-tf-function": _VARIES.format(call="step(tf.ones([2]))"),
            "clock-read-once-at-trace": _VARIES.format(call="stamp(tf.zeros([], tf.float64))"),
            "clock-timing-printed-at-trace": Run(
                "outputs = [augment(tf.ones([1, 2, 2, 1])) for _ in range(3)]",
                symptom=SideEffects(marker="augmented in"),
            ),
            "good-augment": _VARIES.format(call="augment(tf.ones([2]))"),
            "drawn-eagerly-outside-traced-function": _VARIES.format(call="augment(tf.ones([2]))"),
            "tf-py-function-target-runs": _VARIES.format(call="augment(tf.ones([2]))"),
            "seeding-not-drawing": _VARIES.format(call="augment(tf.ones([2]))"),
            "function-reached-through-dict-functions": _VARIES.format(call="augment(tf.ones([2]))"),
            "branches-tf-switch-case-tf": _VARIES.format(call="augment(tf.ones([2]), tf.constant(0))"),
            "keras-traces-call-fit-predict": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = tf.keras.Sequential([Jitter()])\nvalues", 1
            ),
            "model-that-sets-run-eagerly": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = Jitter()\nvalues", 1
            ),
            "compile-forces-eager-for-this-mode": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = Jitter(\"stochastic_eager\")\nmodel.compile()\nvalues", 1
            ),
            "compile-forces-eager-other-mode": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = Jitter(\"stochastic\")\nmodel.compile()\nvalues", 1
            ),
            "seeded-before-draw": _VARIES.format(call="jitter(tf.constant(0.0))"),
            "draw-logged-and-used": _VARIES.format(call="jitter(tf.constant(1.0))"),
            "draw-names-a-gradient": _VARIES.format(call="logdet(tf.constant([2.0, 3.0]))"),
            "draw-named-and-used": _VARIES.format(call="rotate(tf.reshape(tf.range(4.0), [2, 2, 1]))[0, 0]"),
            "seeded-only-when-asked": _VARIES.format(call="jitter(tf.constant(0.0))"),
            "permutation-gathered-as-data": _VARIES.format(call="shuffled_rows(tf.range(4.0)) * tf.range(4.0)"),
            "coin-flip-decides-branch": _VARIES.format(
                call="maybe_flip(tf.reshape(tf.range(4.0), [1, 2, 2]))[0, 0]"
            ),
            "dict-functions-called-eagerly": _VARIES.format(call="augment(np.ones([2]))"),
            "own-helper-proves-eager": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = tf.keras.Sequential([Jitter()])\nvalues", 1
            ),
            "own-helper-returns-setting": _VARIES.format(call="model.predict(tf.ones([1, 2]), verbose=0)").replace(
                "values", "model = tf.keras.Sequential([Jitter()])\nvalues", 1
            ),
            # tf.data traces its function even in the eager run: there the function is called on each
            # element in Python instead, which is what the code means
            "dataset-map-gets-function-factory": "if tf.config.functions_run_eagerly():\n"
            "    values = [float(make_jitter(0.1)(tf.constant(0.0))) for _ in range(20)]\n"
            "else:\n"
            "    values = [float(v) for v in noisy(tf.data.Dataset.from_tensors(0.0).repeat(20))]\n"
            "outputs = len(set(values)) > 1",
        },
    )

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        qualname = ctx.qualname(node.func)
        if qualname is None:
            return
        kind = _kind(qualname)
        if kind is None:
            return
        if kind == "random" and ctx.function is not None and (
            _decides_structure_only(ctx, node, qualname)
            or _seeded_before(ctx, node, qualname)
            or _only_waited_or_shown(ctx, node)
        ):
            return
        shown = ctx.source.segment(node.func)
        who = function_label(ctx.function)
        if kind == "clock" and _reaches_graph(ctx, node):
            message = (
                f"`{shown}()` reads the clock once, while {who} is traced ({graph.describe()}); the value is "
                "baked into the graph, so every later call sees the same time. Use `tf.timestamp()`, or measure "
                "outside the traced function."
            )
        elif kind == "clock":
            # the value is not shown to reach a TensorFlow op: a trace-time `print` or log of a duration
            message = (
                f"`{shown}()` reads the clock once per trace of {who} ({graph.describe()}), not on every call: a "
                "time measured with it measures the tracing, not each call. Use `tf.timestamp()`, or measure "
                "outside the traced function."
            )
        else:
            message = (
                f"`{shown}(...)` draws a random value once, while {who} is traced ({graph.describe()}); the "
                "result is baked into the graph as a constant, so every later call gets the same value. Use "
                "`tf.random.*` (or a `tf.random.Generator`)."
            )
        related: List[Related] = list(ctx.graph_related())
        severity = traced_severity(graph, Severity.WARNING)
        self.report(node, message, fix=self._fix(node, qualname), related=related, severity=severity)

    def _fix(self, node: ast.Call, qualname: str):
        ctx = self.ctx
        if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
            return None
        alias = tf_module_name(ctx.facts, ctx.function)
        if alias is None:
            return None
        args = [ctx.source.segment(a) for a in node.args]
        if qualname == "numpy.random.randint":
            if not all(isinstance(a, ast.Constant) and type(a.value) is int for a in node.args):
                return None
            if len(args) == 1:
                args = ["0"] + args
            if len(args) != 2:
                return None
            text = f"{alias}.random.uniform([], {args[0]}, {args[1]}, {alias}.int32)"
        else:
            found = SCALAR_FIXES.get(qualname)
            if found is None:
                return None
            op, allowed = found
            if len(args) != allowed and not (allowed == 2 and not args):
                return None
            text = f"{alias}.random.{op}({', '.join(['[]'] + args)})"
        span = ctx.span(node)

        def fix() -> Optional[Fix]:
            return Fix(f"Draw with `{text}`", (Edit(span, text),), FixSafety.UNSAFE)

        return fix


# -- does a clock read reach the graph? ----------------------------------------------------------
#
# A clock value that only a trace-time `print`, log or string reads is not in the graph: the harm is that
# the timing measures the tracing. The graph holds it (every call sees the same time) only where it is shown
# to flow, through Python arithmetic, conversions and names bound only from it, into a TensorFlow call, an
# operation with a tensor, or the return value of the traced function.

_NUMBER_BUILTINS = frozenset({"float", "int", "round", "abs", "min", "max", "str"})
_TIME_METHODS = frozenset({"timestamp", "total_seconds", "strftime", "isoformat", "format"})
_NOT_OPS = ("tensorflow.compat.v1.logging.", "tensorflow.get_logger", "tensorflow.print_function")


def _reaches_graph(ctx, node: ast.Call) -> bool:
    info = ctx.function
    if info is None:
        return False
    an = analysis_for(ctx.facts, ctx.is_test_file)
    return _flows_into_graph(ctx, an, info, [node], 0)


def _flows_into_graph(ctx, an: ModuleAnalysis, info: FunctionInfo, seeds: List[ast.AST], depth: int) -> bool:
    tensors = tensors_for(ctx.facts)
    work: List[ast.AST] = list(seeds)
    seen_names: set = set()
    steps = 0
    while work and steps < 200:
        steps += 1
        child = work.pop()
        while True:
            parent = an.parent(child)
            if parent is None:
                break
            if isinstance(parent, ast.BinOp):
                other = parent.right if child is parent.left else parent.left
                if tensors.infer(other, info).is_tensor:
                    return True  # Python number op tensor: a TensorFlow op on the constant
                child = parent
                continue
            if isinstance(parent, (ast.UnaryOp, ast.FormattedValue, ast.JoinedStr, ast.List, ast.Tuple)) or (
                isinstance(parent, ast.IfExp) and child is not parent.test
            ):
                child = parent
                continue
            if isinstance(parent, ast.keyword):
                call = an.parent(parent)
                if not isinstance(call, ast.Call):
                    break
                parent, child = call, parent
            if isinstance(parent, ast.Attribute) and child is parent.value:
                call = an.parent(parent)
                if isinstance(call, ast.Call) and call.func is parent and parent.attr in _TIME_METHODS:
                    child = call  # `.timestamp()`, `"{}".format(t)`: a value made from it
                    continue
                break
            if isinstance(parent, ast.Call) and child is not parent.func:
                qual = ctx.facts.qualname(parent.func, info) or ""
                if qual.startswith(("tensorflow.", "keras.")) and not qual.startswith(_NOT_OPS):
                    return True
                func = parent.func
                if isinstance(func, ast.Name) and func.id in _NUMBER_BUILTINS and an.is_builtin(func.id, info):
                    child = parent
                    continue
                if isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant):
                    child = parent
                    continue
                break  # `print`, a logger, any other call: not shown to reach an op
            if isinstance(parent, (ast.Assign, ast.AugAssign)) and child is parent.value:
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id not in seen_names and _bound_only_from(
                        an, info, target.id, seen_names, seeds
                    ):
                        seen_names.add(target.id)
                        work.extend(
                            n for n in an.scope_walk(info.node)
                            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == target.id
                        )
                break
            if isinstance(parent, ast.Return):
                graph = info.graph
                if graph is not None and graph.origin is info:
                    return True  # the traced function returns it: the same value on every call
                if depth < 2 and graph is not None and graph.reason == "called":
                    sites = [s.node for s in info.callers
                             if s.caller is not None and s.caller.graph is not None and not s.is_reference]
                    for site in sites:
                        caller = next(s.caller for s in info.callers if s.node is site)
                        if _flows_into_graph(ctx, an, caller, [site], depth + 1):
                            return True
                break
            break
    return False


_SLEEPS = frozenset({"time.sleep"})


def _only_waited_or_shown(ctx, node: ast.Call) -> bool:
    """The draw only sets how long trace-time Python waits, what it prints or logs (the jitter of a retry's
    back-off), or the text of a name (`"PyFuncGrad" + str(np.random.randint(1e8))`, a unique name per trace as
    `uuid.uuid4()` gives): through Python arithmetic and the names it is bound to, every use ends in
    `time.sleep`, `print`, a log call, `str(...)`, an f-string or `+`/`%` with a string literal. No number of
    the graph is made from it, so nothing is frozen into it."""
    info = ctx.function
    an = analysis_for(ctx.facts, ctx.is_test_file)
    effects = effects_for(ctx.facts)
    tensors = tensors_for(ctx.facts)
    work: List[ast.AST] = [node]
    seen_names: set = set()
    ended = False
    for _ in range(200):
        if not work:
            return ended
        child = work.pop()
        while True:
            parent = an.parent(child)
            if isinstance(parent, ast.BinOp):
                other = parent.right if child is parent.left else parent.left
                if isinstance(parent.op, (ast.Add, ast.Mod)) and _text(other):
                    ended = True  # text made from it: a name
                    break
                if tensors.infer(other, info).is_tensor:
                    return False
                child = parent
                continue
            if isinstance(parent, ast.FormattedValue):
                ended = True  # an f-string's text
                break
            if isinstance(parent, ast.UnaryOp):
                child = parent
                continue
            if isinstance(parent, ast.Call) and child is not parent.func:
                if effects.output_kind(parent, info) is not None or (ctx.facts.qualname(parent.func, info) or "") in _SLEEPS:
                    ended = True
                    break
                func = parent.func
                if isinstance(func, ast.Name) and func.id == "str" and an.is_builtin("str", info):
                    ended = True  # text made from it: a name
                    break
                if isinstance(func, ast.Name) and func.id in _NUMBER_BUILTINS and an.is_builtin(func.id, info):
                    child = parent
                    continue
                return False
            if isinstance(parent, (ast.Assign, ast.AugAssign)) and child is parent.value:
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                if not all(isinstance(target, ast.Name) for target in targets):
                    return False
                for target in targets:
                    if target.id in seen_names:
                        continue
                    seen_names.add(target.id)
                    work.extend(
                        n for n in an.scope_walk(info.node)
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id == target.id
                    )
                break
            return False  # a test, a return, a subscript, a store elsewhere: it may shape the graph
    return False


def _text(node: ast.AST) -> bool:
    """A string literal or an f-string."""
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _bound_only_from(an: ModuleAnalysis, info: FunctionInfo, name: str, names: set, seeds: List[ast.AST]) -> bool:
    """Every binding of `name` in `info` is `name = <expr>` or `name op= <expr>` whose value is made from the
    clock read (holds it, or reads `name` itself or a name already known to hold it): then every read of
    `name` holds a value made from the clock read (`t = t / 60` keeps it)."""
    known = names | {name}
    for node in an.scope_walk(info.node):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            parent = an.parent(node)
            if isinstance(parent, ast.AugAssign) and parent.target is node:
                continue
            if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and parent.targets[0] is node):
                return False
            if not any(
                any(sub is seed for seed in seeds)
                or (isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in known)
                for sub in ast.walk(parent.value)
            ):
                return False  # bound to something else too
        if isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            return False
    return True


# -- draws that only choose which ops are built ---------------------------------------------------
#
# An array-valued draw (a permutation, `choice(..., size=k)`, `random.sample`) whose elements are only
# tested by Python `if`s or iterated by Python loops picks which ops the graph holds: a random sparsity
# pattern. It has to be fixed while tracing and `tf.random.*` cannot stand in for it, so freezing it is the
# design. A scalar draw in an `if` (a coin flip) is not exempt: `tf.cond` on a `tf.random` value replaces it.

# Calls that pass a pattern on unchanged (their result is made of its elements).
_PASS_THROUGH = frozenset({"enumerate", "zip", "list", "tuple", "sorted", "reversed", "set", "int", "bool"})
_PASS_THROUGH_METHODS = frozenset({"tolist", "copy", "astype", "flatten", "ravel", "nonzero", "item"})


def _array_draw(node: ast.Call, qualname: str) -> Optional[object]:
    """What holds the draw's array: the call itself, or the name an in-place shuffle reorders."""
    tail = qualname.rsplit(".", 1)[1]
    sized = any(k.arg == "size" and not (isinstance(k.value, ast.Constant) and k.value.value is None)
                for k in node.keywords)
    if qualname.startswith("numpy.random."):
        if tail == "shuffle":
            return node.args[0].id if node.args and isinstance(node.args[0], ast.Name) else None
        if sized or tail == "permutation" or (tail == "choice" and len(node.args) >= 2):
            return node
        if tail in ("rand", "randn") and node.args or (tail == "randint" and len(node.args) >= 3):
            return node
        return None
    if tail == "shuffle":
        return node.args[0].id if node.args and isinstance(node.args[0], ast.Name) else None
    if tail == "sample" or (tail == "choices" and any(k.arg == "k" for k in node.keywords)):
        return node
    return None


def _decides_structure_only(ctx, node: ast.Call, qualname: str) -> bool:
    seed = _array_draw(node, qualname)
    if seed is None:
        return False
    an = analysis_for(ctx.facts, ctx.is_test_file)
    return _structural(ctx.facts, an, ctx.function, [seed], 0)


def _structural(facts, an: ModuleAnalysis, info: FunctionInfo, seeds: List[object], depth: int) -> bool:
    """Every use of the values grown from `seeds` in `info` (names, or expressions) is a Python test, a
    Python loop's iterable, an index of a Python store, `len`, or a return whose every traced caller
    uses the result so."""
    work: List[object] = list(seeds)
    names = set()
    returned = False
    loads: Optional[dict] = None
    while work:
        item = work.pop()
        if isinstance(item, str):
            if item in names:
                continue
            names.add(item)
            if loads is None:
                loads = {}
                for sub in ast.walk(info.node):
                    if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                        loads.setdefault(sub.id, []).append(sub)
            work.extend(loads.get(item, ()))
            continue
        outcome = _climb(an, item, work)  # type: ignore[arg-type]
        if outcome is None:
            return False
        returned = returned or outcome == "return"
    if not returned:
        return True
    return _callers_structural(facts, an, info, depth)


def _climb(an: ModuleAnalysis, expr: ast.AST, work: List[object]) -> Optional[str]:
    child = expr
    while True:
        parent = an.parent(child)
        if parent is None:
            return None
        if isinstance(parent, ast.Subscript):
            if child is parent.value:
                if not isinstance(parent.ctx, ast.Load):
                    return "ok"  # a write into the pattern
                child = parent
                continue
            if isinstance(parent.ctx, ast.Store):  # `mask[idx] = 1.0`: the stored-into array is random now
                base = _base_name(parent.value)
                if base is None:
                    return None
                work.append(base)
                return "ok"
            return None  # indexes something else with a random index: it picks data
        if isinstance(parent, (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp)):
            child = parent
            continue
        if isinstance(parent, ast.Attribute) and child is parent.value:
            call = an.parent(parent)
            if not (isinstance(call, ast.Call) and call.func is parent):
                return None
            if parent.attr in ("append", "extend", "insert"):  # growing the pattern itself
                return "ok"
            if parent.attr in _PASS_THROUGH_METHODS:
                child = call
                continue
            return None
        if isinstance(parent, ast.Call):
            if child is parent.func:
                return None
            func = parent.func
            if isinstance(func, ast.Name) and func.id == "len":
                return "ok"
            if isinstance(func, ast.Name) and func.id in _PASS_THROUGH and child in parent.args:
                child = parent
                continue
            if (isinstance(func, ast.Attribute) and func.attr in ("append", "extend")
                    and isinstance(func.value, ast.Name) and child in parent.args):
                work.append(func.value.id)
                return "ok"
            return None
        if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and child is parent.test:
            return "ok"
        if isinstance(parent, ast.comprehension) and child in parent.ifs:
            return "ok"
        if isinstance(parent, ast.For) and child is parent.iter:
            target = parent.target
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "enumerate"
                    and isinstance(target, ast.Tuple) and len(target.elts) == 2):
                target = target.elts[1]  # the index is not random
            work.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
            return "ok"
        if isinstance(parent, ast.Assign) and child is parent.value:
            for target in parent.targets:
                if isinstance(target, ast.Subscript):
                    base = _base_name(target.value)
                    if base is None:
                        return None
                    work.append(base)
                elif isinstance(target, (ast.Name, ast.Tuple, ast.List)):
                    work.extend(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
                else:
                    return None
            return "ok"
        if isinstance(parent, ast.Expr):
            return "ok"
        if isinstance(parent, ast.Return):
            return "return"
        return None


def _base_name(expr: ast.AST) -> Optional[str]:
    while isinstance(expr, ast.Subscript):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _callers_structural(facts, an: ModuleAnalysis, info: FunctionInfo, depth: int) -> bool:
    """A returned pattern: each traced call site assigns it to names used only structurally."""
    graph = info.graph
    if depth >= 3 or graph is None or graph.reason != "called" or graph.external is not None:
        return False
    link = facts.link
    if link is not None and (info.qualname in link.incoming or link.callers.get(info.qualname)):
        return False  # called from other modules too: their uses are not seen here
    sites = [s for s in info.callers if s.caller is not None and s.caller.graph is not None and not s.eager]
    if not sites or any(s.is_reference for s in sites):
        return False
    return all(_structural(facts, an, site.caller, [site.node], depth + 1) for site in sites)


def _seeded_before(ctx, node: ast.Call, qualname: str) -> bool:
    """A statement `np.random.seed(<fixed seed>)` (`random.seed(...)` for Python's generator) runs before
    the draw in the same function, in a block that holds it: every call, eager or traced, reseeds and draws
    the same value, so freezing it changes nothing. A seed from a call (`time.time()`) or from entropy
    (`seed()`) is not fixed."""
    if qualname.startswith("numpy.random."):
        seed = "numpy.random.seed"
    elif qualname.startswith("random."):
        seed = "random.seed"
    else:
        return False
    an = analysis_for(ctx.facts, ctx.is_test_file)
    for child, parent in an.climb(node, ctx.function.node):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(parent, name, None)
            if not isinstance(block, list) or not any(stmt is child for stmt in block):
                continue
            for stmt in block:
                if stmt is child:
                    break
                call = stmt.value if isinstance(stmt, ast.Expr) else None
                if (
                    isinstance(call, ast.Call)
                    and len(call.args) == 1
                    and not call.keywords
                    and isinstance(call.args[0], (ast.Constant, ast.Name, ast.Attribute))
                    and ctx.qualname(call.func) == seed
                ):
                    return True
        if parent is ctx.function.node:
            break
    return False
