"""HYB023 python-random-or-clock-in-graph."""

from __future__ import annotations

import ast
from typing import List, Optional

from hybridlint.analysis import function_label, tf_module_name, traced_severity
from hybridlint.oracle import EagerMismatch, Oracle
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit

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
CLOCKS = frozenset(
    {
        "time.time",
        "time.time_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.process_time",
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
        "GRU and LSTM layers do, wants exactly one value per trace), nor code in a `tf.py_function` target or "
        "under `if tf.executing_eagerly():`, nor code of a Keras model under the test for which its own "
        "`compile` override passes `run_eagerly=True` (`if self.mode == \"eager\":` when `compile` sets "
        "`run_eagerly` exactly in that mode, the mode set only in `__init__`)."
    )
    why_bad = (
        "These are Python calls: they run once, while the function is traced, and their result enters the "
        "graph as a constant. Every later call replays the same \"random\" number or timestamp, so "
        "augmentation stops augmenting, dropout-like noise is fixed, and timings measure nothing. There is no "
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
            "def make_jitter(scale):\n"
            "    offset = np.random.normal()\n\n"
            "    def jitter(x):\n"
            "        return x + scale * offset\n"
            "    return jitter\n\n\n"
            "def noisy(dataset):\n"
            "    return dataset.map(make_jitter(0.1))\n",
            note="the factory runs eagerly: one offset per factory call, on purpose",
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
            "dict-functions-called-eagerly": _VARIES.format(call="augment(np.ones([2]))"),
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
        shown = ctx.source.segment(node.func)
        who = function_label(ctx.function)
        if kind == "clock":
            message = (
                f"`{shown}()` reads the clock once, while {who} is traced ({graph.describe()}); the value is "
                "baked into the graph, so every later call sees the same time. Use `tf.timestamp()`, or measure "
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
