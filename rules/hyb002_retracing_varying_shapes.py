"""HYB002 retracing-varying-shapes."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from hybridlint.analysis import (
    RELAX_SHAPES_KEYWORDS,
    ModuleAnalysis,
    analysis_for,
    definition_related,
    may_compile_with_xla,
    parameter_names,
    shorten,
    tf_function_callee,
)
from hybridlint.facts import TF, TF_FUNCTION_NAMES, FunctionInfo, TfFunctionUse
from hybridlint.loops import LoopsFacts, loops_facts, target_names
from hybridlint.oracle import Counted, Oracle, Run, traces
from hybridlint.rule import Bad, Fix, FixSafety, Good, Related, Rule, Severity
from hybridlint.source import Edit, Span

EVIDENCE = (
    "TensorFlow's retracing warning names this cause, and graphs over-specialised on input shapes are one of "
    "the largest groups in the MSR'22 study's labelled tf.function fixes (12 of 159, and 6 more that added an "
    "`input_signature`)."
)
# Calls whose result has the shape of their first argument (or of the value they convert).
SHAPE_PRESERVING = frozenset(
    "tensorflow." + n
    for n in "constant convert_to_tensor cast identity expand_dims squeeze stop_gradient image.convert_image_dtype".split()
) | frozenset("numpy." + n for n in "array asarray ascontiguousarray float32 float64 int32 int64".split())
SHAPE_PRESERVING_METHODS = frozenset({"astype", "copy", "numpy", "to_numpy", "values"})
# Calls that build an array or tensor whose shape is given by these arguments ("*" = all positional).
SHAPE_MAKERS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {}
for _name in ("zeros", "ones", "random.normal", "random.uniform", "random.truncated_normal", "random.stateless_normal"):
    SHAPE_MAKERS["tensorflow." + _name] = (("0",), ("shape",))
SHAPE_MAKERS["tensorflow.fill"] = (("0",), ("dims",))
SHAPE_MAKERS["tensorflow.eye"] = (("0", "1"), ("num_rows", "num_columns"))
SHAPE_MAKERS["tensorflow.range"] = (("*",), ("start", "limit", "delta"))
for _name in ("zeros", "ones", "empty", "full"):
    SHAPE_MAKERS["numpy." + _name] = (("0",), ("shape",))
for _name in ("random.rand", "random.randn", "arange"):
    SHAPE_MAKERS["numpy." + _name] = (("*",), ("start", "stop", "step"))
for _name in ("random.normal", "random.uniform", "random.randint"):
    SHAPE_MAKERS["numpy." + _name] = (("2",), ("size",))
SHAPE_MAKERS["numpy.random.random"] = (("0",), ("size",))
SHAPE_MAKERS["numpy.linspace"] = (("2",), ("num",))
# tf.data methods that keep the batching of the dataset they are called on.
DATASET_PASSTHROUGH = frozenset(
    "shuffle prefetch cache take skip filter map with_options shard repeat apply enumerate concatenate "
    "take_while ignore_errors".split()
)
DATASET_UNBATCHING = frozenset({"unbatch", "ragged_batch", "rebatch", "window", "flat_map", "interleave", "sparse_batch"})
DATASET_ROOTS = ("tensorflow.data.", "tensorflow_datasets.load", "tensorflow_datasets.builder")
ITERATION_WRAPPERS = frozenset({"iter", "tqdm", "tqdm.tqdm", "tqdm.auto.tqdm", "tqdm.notebook.tqdm"})
STATIC_SHAPE_ATTRIBUTES = frozenset({"shape", "ndim", "get_shape", "as_list", "dims"})
OPAQUE_SAFE_PREFIXES = ("tensorflow.", "math.", "typing.", "functools.", "builtins.")


_EMBEDDING = "embedding = lambda t: tf.cast(t, tf.float32) * 2.0\nids = tf.range(100)\n"


@dataclass(frozen=True)
class Variation:
    severity: Severity
    reason: str  # completes "`arg` ..."
    node: ast.AST  # where the variation comes from, for related information
    origin: str  # what the related information says
    remedy: str = ""  # for the info cases: how to avoid the one extra trace
    preview: bool = False  # decided on weaker evidence (the value may not change): preview only


@dataclass
class _Dataset:
    batching: Optional[str]  # "padded", "bucket", "batch" or None (fixed or not batched)
    call: Optional[ast.Call]
    infinite: bool = False


class RetracingVaryingShapes(Rule):
    code = "HYB002"
    name = "retracing-varying-shapes"
    severity = Severity.WARNING
    preview = True
    needs_traced_code = True
    fix_safety = FixSafety.UNSAFE  # safe when no static shape is read; see fix_safety_doc
    summary = "A tf.function called in a loop with tensors whose shapes change between calls: a retrace per shape"

    what_it_does = (
        "Flags calls of a tf.function (a decorated def or method, `g = tf.function(f)`, "
        "`self.step = tf.function(self._step)`, or a local `step = tf.function(f)`) made in a loop, when the "
        "function has no `input_signature` and no `reduce_retracing=True` (`experimental_relax_shapes=True`), "
        "and an argument changes shape from one iteration to the next: a slice whose bound depends on the "
        "loop (`ids[:n]`, `x[start:end]`); an array or tensor built with a loop-dependent shape "
        "(`tf.zeros([n, 3])`, `np.random.rand(n)`); a variable that grows on every iteration "
        "(`seq = tf.concat([seq, tok], 1)`, a list appended to and converted with `tf.constant`); the items "
        "of a Python list whose elements visibly differ in shape; or the elements of a tf.data dataset that "
        "is `padded_batch`-ed (each batch padded to its own longest element) or bucketed by sequence length. "
        "\"Changes on every iteration\" means shown to: a loop variable, a value computed from one, a value "
        "carried from the previous iteration (`n += 1`, `seq = f(seq)`), a random draw. A bound or size only "
        "recomputed in the loop by some other call may not change, so that case is preview. Two weaker "
        "cases add at most one trace and are hints in the preview tier: a fixed-width slice of a manual "
        "batching loop (`x[i:i + bs]`, or bounds computed apart whose difference does not change: `a = int(bs * j)`, "
        "`b = int(bs * j + bs)`, `x[a:b]`; its last batch may be shorter; not a loop over `n // bs` whole windows), "
        "and a dataset `.batch(n)`-ed "
        "without `drop_remainder=True`; neither is reported in a loop at module level (a script runs it once: one "
        "extra trace in the whole run). Calls inside traced code are skipped (they run once per trace), and "
        "test files are not checked (a test that calls a function with several shapes is testing exactly "
        "that). The "
        "related information points at the tf.function's definition."
    )
    why_bad = (
        "tf.function specialises each trace to the shapes of its tensor arguments, so every new shape "
        "traces and compiles a new graph: with a loop-dependent length that is one trace per iteration, "
        "usually much slower than running eagerly, and every graph is kept in memory. TensorFlow logs "
        "\"5 out of the last 5 calls ... triggered tf.function retracing\" and names \"passing tensors with "
        "different shapes\" as a cause. In the MSR'22 study's 159 labelled tf.function fix commits, "
        "*Graph overly specialized on input shapes* has 12 fixes, all of them changing a tf.function "
        "parameter (11 with the cause *Tensor dynamic shapes*: the `experimental_relax_shapes`/"
        "`reduce_retracing` switch this rule's fix sets), and 6 more fixes added an `input_signature` for "
        "*Unspecified input signature*. Measured on TensorFlow 2.21: `f(x[:n])` for 9 values of `n` traces 9 "
        "times, and 2 times with `reduce_retracing=True`; four `padded_batch` batches trace 4 times."
    )
    use_instead = (
        "Give the function `reduce_retracing=True` (TensorFlow then traces a shape-generic graph after the "
        "second shape), or an `input_signature` with `None` for the dimensions that vary "
        "(`tf.TensorSpec([None], tf.int32)`); or feed fixed shapes (pad to a few bucket sizes, "
        "`drop_remainder=True`)."
    )
    fix_safety_doc = (
        "Safe: adds `reduce_retracing=True` to the decorator or the `tf.function(...)` call (a bare "
        "`@tf.function` becomes `@tf.function(reduce_retracing=True)`; an explicit `False` becomes `True`; "
        "with `target-tensorflow` older than 2.9 the keyword is `experimental_relax_shapes`; when the project "
        "declares no minimum TensorFlow, the fix is labelled unsafe, since `reduce_retracing` is a `TypeError` "
        "before TensorFlow 2.9). Results stay "
        "the same and only the number of traces changes — provided no code reads the varying dimensions "
        "statically, since the generic trace sees them as `None`. So the fix is labelled unsafe when the "
        "function, or a function it calls that is defined in this file, reads a static shape (`.shape`, "
        "`.get_shape()`, `.ndim`, `.as_list()`, `len()`, `int_shape`), when it calls functions imported from "
        "other modules that may do so, or when it has `jit_compile=True` (XLA compiles each generic shape "
        "differently). Not offered for the one-extra-trace hints (with only two shapes, `reduce_retracing` "
        "saves nothing) or for decorators made by a factory (`jit = tf.function(...)`; `@jit`), whose change "
        "would affect other functions."
    )
    references = (
        "https://www.tensorflow.org/guide/function#controlling_retracing",
        "https://www.tensorflow.org/api_docs/python/tf/function",
        "https://www.tensorflow.org/api_docs/python/tf/data/Dataset#padded_batch",
    )
    examples = (
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(embedding(ids), axis=0)\n\n"
            "for n in range(1, 64):\n"
            "    encode(ids[:n])\n",
            flagged=["ids[:n]"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(embedding(ids), axis=0)\n\n"
            "for n in range(1, 64):\n"
            "    encode(ids[:n])\n",
            name="bad-encode",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function(jit_compile=False)\n"
            "def next_logits(model, seq):\n"
            "    return model(seq)[:, -1]\n\n"
            "def generate(model, seq, steps):\n"
            "    for _ in range(steps):\n"
            "        tok = tf.argmax(next_logits(model, seq), -1)[:, None]\n"
            "        seq = tf.concat([seq, tf.cast(tok, seq.dtype)], axis=1)\n"
            "    return seq\n",
            flagged=[("seq", 3)],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(jit_compile=False, reduce_retracing=True)\n"
            "def next_logits(model, seq):\n"
            "    return model(seq)[:, -1]\n\n"
            "def generate(model, seq, steps):\n"
            "    for _ in range(steps):\n"
            "        tok = tf.argmax(next_logits(model, seq), -1)[:, None]\n"
            "        seq = tf.concat([seq, tf.cast(tok, seq.dtype)], axis=1)\n"
            "    return seq\n",
            note="a decode loop: the sequence grows by one token per step",
            name="decode-loop-sequence-grows-one",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "def loss(batch):\n"
            "    return tf.reduce_mean(tf.cast(batch, tf.float32))\n\n"
            "step = tf.function(loss)\n"
            "dataset = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.int32))\n"
            "dataset = dataset.shuffle(100).padded_batch(32)\n"
            "for epoch in range(10):\n"
            "    for batch in dataset:\n"
            "        step(batch)\n",
            flagged=[("batch", 4)],
            fixed="import tensorflow as tf\n\n"
            "def loss(batch):\n"
            "    return tf.reduce_mean(tf.cast(batch, tf.float32))\n\n"
            "step = tf.function(loss, reduce_retracing=True)\n"
            "dataset = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.int32))\n"
            "dataset = dataset.shuffle(100).padded_batch(32)\n"
            "for epoch in range(10):\n"
            "    for batch in dataset:\n"
            "        step(batch)\n",
            note="padded_batch pads each batch to its own longest element",
            name="padded-batch-pads-each-batch",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def predict(x):\n"
            "    return tf.reshape(x, [x.shape[0], -1])\n\n"
            "sequences = [np.zeros([5, 3]), np.zeros([8, 3]), np.zeros([2, 3])]\n"
            "for seq in sequences:\n"
            "    predict(seq)\n",
            flagged=[("seq", 3)],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def predict(x):\n"
            "    return tf.reshape(x, [x.shape[0], -1])\n\n"
            "sequences = [np.zeros([5, 3]), np.zeros([8, 3]), np.zeros([2, 3])]\n"
            "for seq in sequences:\n"
            "    predict(seq)\n",
            note="per-item loop; the fix is unsafe here: `x.shape[0]` is None in the shape-generic trace, "
            "and TF 2.21 then raises TypeError in `tf.reshape`",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def fit(self, x, batch_size):\n"
            "        for i in range(0, len(x), batch_size):\n"
            "            self.step(x[i:i + batch_size])\n",
            flagged=["x[i:i + batch_size]"],
            preview=True,
            note="a manual batching loop: only the last batch may be shorter (one extra trace: a hint, in preview)",
            name="manual-batching-loop-only-last",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Trainer:\n"
            "    @tf.function\n"
            "    def step(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def fit(self, x, width):\n"
            "        count = len(x) // width\n"
            "        for i in range(count):\n"
            "            self.step(x[i * width:(i + 1) * width])\n",
            note="a loop over `n // width` windows takes whole windows only",
            name="whole-windows-only",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "class Model:\n"
            "    @tf.function\n"
            "    def predict_chunk(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def in_chunks(self, x, batch_size):\n"
            "        out = []\n"
            "        for j in range(int(np.ceil(len(x) / batch_size))):\n"
            "            a = int(batch_size * j)\n"
            "            b = int(batch_size * j + batch_size)\n"
            "            chunk = tf.convert_to_tensor(x[a:b], dtype=tf.float32)\n"
            "            out.append(self.predict_chunk(chunk))\n"
            "        return out\n",
            flagged=[("chunk", 4)],
            preview=True,
            note="bounds computed apart, whose difference `b - a` is `batch_size` on every iteration: only the "
            "last chunk may be shorter (one extra trace: a hint, in preview)",
            name="chunk-bounds-apart-last-shorter",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "class Model:\n"
            "    @tf.function\n"
            "    def predict_chunk(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def in_chunks(self, x, batch_size):\n"
            "        out = []\n"
            "        for j in range(len(x) // batch_size):\n"
            "            a = int(batch_size * j)\n"
            "            b = int(batch_size * (j + 1))\n"
            "            out.append(self.predict_chunk(x[a:b]))\n"
            "        return out\n",
            note="bounds computed apart whose difference is `batch_size`, over `n // batch_size` whole chunks: "
            "one length throughout",
            name="chunk-bounds-apart-whole",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "class Model:\n"
            "    @tf.function\n"
            "    def predict_chunk(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def in_chunks(self, x, batch_size):\n"
            "        out = []\n"
            "        for j in range(len(x) // batch_size):\n"
            "            a = int(batch_size * j)\n"
            "            b = int(batch_size * j + j + 1)\n"
            "            out.append(self.predict_chunk(x[a:b]))\n"
            "        return out\n",
            flagged=["x[a:b]"],
            fixed="import tensorflow as tf\n\n"
            "class Model:\n"
            "    @tf.function(reduce_retracing=True)\n"
            "    def predict_chunk(self, x):\n"
            "        return tf.reduce_sum(x)\n\n"
            "    def in_chunks(self, x, batch_size):\n"
            "        out = []\n"
            "        for j in range(len(x) // batch_size):\n"
            "            a = int(batch_size * j)\n"
            "            b = int(batch_size * j + j + 1)\n"
            "            out.append(self.predict_chunk(x[a:b]))\n"
            "        return out\n",
            note="bounds computed apart whose difference, `j + 1`, grows with the loop: a new length every iteration",
            name="chunk-bounds-apart-width-grows",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(images):\n"
            "    return tf.reduce_mean(images)\n\n"
            "def fit(images):\n"
            "    ds = tf.data.Dataset.from_tensor_slices(images).batch(64)\n"
            "    for batch in ds:\n"
            "        train_step(batch)\n",
            flagged=[("batch", 2)],
            preview=True,
            note="the last batch may be smaller: an extra trace, again on a later call whose data leave another "
            "remainder (a hint, in preview)",
            name="last-batch-may-smaller-at",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(images):\n"
            "    return tf.reduce_mean(images)\n\n"
            "if __name__ == \"__main__\":\n"
            "    ds = tf.data.Dataset.from_tensor_slices(images).batch(100)\n"
            "    for epoch in range(10):\n"
            "        for batch in ds:\n"
            "            train_step(batch)\n",
            note="a script's loop runs once: a smaller last batch costs at most one extra trace in the whole run",
            name="script-loop-last-batch",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def unroll(x):\n"
            "    return tf.reduce_sum(x, axis=0)\n\n"
            "def test_num_steps_polymorphism():\n"
            "    for num_steps in [1, 2, 4]:\n"
            "        assert unroll(tf.ones([num_steps, 3])).shape == (3,)\n",
            path="tests/test_unroll.py",
            note="a test calling a function with several shapes is testing exactly that",
            name="test-shape-polymorphism",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(embedding(ids), axis=0)\n\n"
            "@tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])\n"
            "def encode_signed(ids):\n"
            "    return tf.reduce_sum(embedding(ids), axis=0)\n\n"
            "for n in range(1, 64):\n"
            "    encode(ids[:n])\n"
            "    encode_signed(ids[:n])\n",
            note="reduce_retracing or an input_signature with a None dimension",
            name="reduce-retracing-input-signature-with",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def train_step(images):\n"
            "    return tf.reduce_mean(images)\n\n"
            "@tf.function\n"
            "def score(image):\n"
            "    return tf.reduce_max(image)\n\n"
            "ds = tf.data.Dataset.from_tensor_slices(images).batch(64, drop_remainder=True)\n"
            "for batch in ds:\n"
            "    train_step(batch)\n"
            "for i in range(100):\n"
            "    score(images[i])\n",
            note="fixed batches, and indexing (not slicing) keeps the shape",
            name="fixed-batches-indexing-not-slicing",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(ids)\n\n"
            "@tf.function\n"
            "def outer(ids):\n"
            "    for n in range(1, 4):\n"
            "        encode(ids[:n])\n"
            "    return ids\n",
            note="inside traced code the loop runs once per trace",
            name="inside-traced-code-loop-runs",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return x * 2\n\n"
            "for i in range(len(x)):\n"
            "    step(x[i:i + 1])\n"
            "for start in range(0, len(x) - 8, 8):\n"
            "    step(x[start:start + 8])\n",
            note="fixed-width windows that never run past the end",
            name="fixed-width-windows-that-never",
        ),
        Bad(
            "from pkg.text import encode\n\n"
            "for n in range(1, 64):\n"
            "    encode(ids[:n])\n",
            flagged=["ids[:n]"],
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/text.py",
                    "import tensorflow as tf\n\n\n@tf.function\ndef encode(ids):\n"
                    "    return tf.reduce_sum(embedding(ids), axis=0)\n",
                ),
            ),
            note="a tf.function imported from another module; the fix belongs to that module's decorator",
        ),
        Good(
            "from pkg.text import encode\n\n"
            "for n in range(1, 64):\n"
            "    encode(ids[:n])\n",
            path="pkg/train.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/text.py",
                    "import tensorflow as tf\n\n\n@tf.function(reduce_retracing=True)\ndef encode(ids):\n"
                    "    return tf.reduce_sum(embedding(ids), axis=0)\n",
                ),
            ),
            note="the imported tf.function generalises shapes",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(ids, axis=-1)\n\n"
            "def grow(ids, steps):\n"
            "    n = 8\n"
            "    for _ in range(steps):\n"
            "        encode(ids[:, :n])\n"
            "        n += 8\n",
            flagged=["ids[:, :n]"],
            fixed="import tensorflow as tf\n\n"
            "@tf.function(reduce_retracing=True)\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(ids, axis=-1)\n\n"
            "def grow(ids, steps):\n"
            "    n = 8\n"
            "    for _ in range(steps):\n"
            "        encode(ids[:, :n])\n"
            "        n += 8\n",
            note="a bound carried from the previous iteration (`n += 8`) changes on every iteration",
            name="bound-carried-from-previous-iteration",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(ids, axis=-1)\n\n"
            "import math\n\n"
            "def run(batches, config):\n"
            "    for batch in batches:\n"
            "        max_len = math.ceil(min(config.max_len, 128) / 8) * 8\n"
            "        encode(batch[:, :max_len])\n",
            note="a bound recomputed in the loop from values that do not change: the same length every time",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def encode(ids):\n"
            "    return tf.reduce_sum(ids, axis=-1)\n\n"
            "def run(ids, sampler, steps):\n"
            "    for _ in range(steps):\n"
            "        n = sampler.next_length()\n"
            "        encode(ids[:, :n])\n",
            flagged=["ids[:, :n]"],
            preview=True,
            note="a bound recomputed by a call that may or may not give a new length: preview, and says \"may\"",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n"
            "\n"
            "@tf.function\n"
            "def train_step(batch):\n"
            "    return tf.reduce_mean(batch)\n"
            "\n"
            "def train(x, steps, bs):\n"
            "    start = 0\n"
            "    for step in range(steps):\n"
            "        end = start + bs\n"
            "        start = np.random.randint(0, len(x) - bs)\n"
            "        train_step(x[start:end])\n",
            flagged=["x[start:end]"],
            fixed="import numpy as np\n"
            "import tensorflow as tf\n"
            "\n"
            "@tf.function(reduce_retracing=True)\n"
            "def train_step(batch):\n"
            "    return tf.reduce_mean(batch)\n"
            "\n"
            "def train(x, steps, bs):\n"
            "    start = 0\n"
            "    for step in range(steps):\n"
            "        end = start + bs\n"
            "        start = np.random.randint(0, len(x) - bs)\n"
            "        train_step(x[start:end])\n",
            note="`end` is `start + bs` only until `start` moves on: at the slice the bounds differ by a new "
            "amount on every iteration",
            name="bound-read-after-its-base-moved",
        ),
        Good(
            "import tensorflow as tf\n"
            "\n"
            "@tf.function\n"
            "def train_step(batch):\n"
            "    return tf.reduce_mean(batch)\n"
            "\n"
            "def train(x, bs):\n"
            "    start, end = 0, bs\n"
            "    for step in range(len(x) // bs):\n"
            "        train_step(x[start:end])\n"
            "        start = end\n"
            "        end = start + bs\n",
            note="`end = start + bs` after the slice is read in the next iteration, where `start` still holds "
            "(`start = end` comes before it): every slice has width `bs`, and `range(len(x) // bs)` stops "
            "before a short one",
            name="bounds-advanced-after-the-slice",
        ),
    )

    # Real TensorFlow (tests/oracle): each new input shape is one more trace; with the fix, TensorFlow traces a
    # shape-generic graph after the second shape.
    oracle = Oracle(
        symptom=traces("encode", 3),
        runs={
            "bad-encode": Run("outputs = encode(ids[:5])", setup=_EMBEDDING),
            "bound-read-after-its-base-moved": Run(
                "np.random.seed(0)\ntrain(np.arange(100.0), 6, 10)\noutputs = train_step(np.arange(10.0))",
                symptom=traces("train_step", 3),
            ),
            "bounds-advanced-after-the-slice": Run(
                "train(tf.range(100.0), 10)\noutputs = train_step(tf.range(10.0))", symptom=traces("train_step", 2)
            ),
            "decode-loop-sequence-grows-one": Run(
                "outputs = generate(model, tf.zeros([2, 1], tf.int64), 6)",
                setup="model = lambda s: tf.one_hot(s % 5, 5)\n",
                symptom=traces("next_logits", 3),
            ),
            "padded-batch-pads-each-batch": Run(
                "outputs = step(tf.ones([32, 5], tf.int32))",
                setup="tf.keras.utils.set_random_seed(0)\n"
                "def gen():\n"
                "    for i in range(96):\n"
                "        yield list(range(i + 1))\n",
                symptom=traces("step", 3),
            ),
            "manual-batching-loop-only-last": Run(
                "t = Trainer()\nt.fit(tf.range(10), 4)\noutputs = t.step(tf.ones([4]))",
                symptom=Counted("t.step.experimental_get_tracing_count()", 2, "traces of `t.step`"),
            ),
            "last-batch-may-smaller-at": Run("fit(tf.ones([130, 2]))\noutputs = train_step(tf.ones([64, 2]))",
                   symptom=traces("train_step", 2)),
            "reduce-retracing-input-signature-with": Run("outputs = [encode(ids[:5]), encode_signed(ids[:5])]", setup=_EMBEDDING),
            "fixed-batches-indexing-not-slicing": Run(
                "outputs = [train_step(tf.ones([64, 2])), score(tf.ones([2]))]",
                setup="images = tf.ones([130, 2])\n",
                symptom=Counted(
                    "train_step.experimental_get_tracing_count() + score.experimental_get_tracing_count()",
                    3,
                    "traces of `train_step` and `score` together",
                ),
            ),
            "inside-traced-code-loop-runs": Run(
                "outer(ids)\nfirst = encode.experimental_get_tracing_count()\n"
                "for _ in range(3):\n    outer(ids)\noutputs = outer(ids)",
                setup="ids = tf.range(10)\n",
                symptom=Counted(
                    "encode.experimental_get_tracing_count() - first", 1, "new traces of `encode` after the first call"
                ),
            ),
            "fixed-width-windows-that-never": Run("outputs = step(x[:8])", setup="x = tf.range(20.0)\n", symptom=traces("step", 3)),
            "chunk-bounds-apart-last-shorter": Run(
                "m = Model()\nm.in_chunks(np.arange(10.0), 4)\noutputs = m.predict_chunk(tf.ones([4]))",
                symptom=Counted("m.predict_chunk.experimental_get_tracing_count()", 2, "traces of `m.predict_chunk`"),
            ),
            "chunk-bounds-apart-whole": Run(
                "m = Model()\nm.in_chunks(tf.range(12.0), 4)\noutputs = m.predict_chunk(tf.ones([4]))",
                symptom=Counted("m.predict_chunk.experimental_get_tracing_count()", 2, "traces of `m.predict_chunk`"),
            ),
            "chunk-bounds-apart-width-grows": Run(
                "m = Model()\nm.in_chunks(tf.range(40.0), 4)\noutputs = m.predict_chunk(tf.ones([4]))",
                symptom=Counted("m.predict_chunk.experimental_get_tracing_count()", 3, "traces of `m.predict_chunk`"),
            ),
            "bound-carried-from-previous-iteration": Run("grow(tf.ones([2, 64]), 6)\noutputs = encode(tf.ones([2, 8]))", symptom=traces("encode", 3)),
        },
        note="The per-item loop is not run: its fix is the unsafe case, where `x.shape[0]` becomes None in the "
        "shape-generic trace and `tf.reshape` raises. `fixed-width-windows-that-never` traces twice by design "
        "(one shape per loop).",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.an: ModuleAnalysis = analysis_for(ctx.facts, ctx.is_test_file)

    # -- the check -------------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        ctx, an = self.ctx, self.an
        scope = ctx.function
        if not ctx.loops or an.traced(scope) or ctx.is_test_file:
            return  # a test that calls a function with several shapes is testing exactly that
        target, use = tf_function_callee(node, ctx.facts, an, scope)
        if target is None or use is None or _controls_retracing(use):
            return
        if isinstance(use.node, ast.Call) and any(k.arg is None for k in use.node.keywords):
            return  # `**options` may hold an input_signature
        facts = loops_facts(self.an, self.ctx.loops, scope)
        best: Optional[Tuple[ast.expr, Variation]] = None
        for arg in list(node.args) + [k.value for k in node.keywords]:
            if isinstance(arg, ast.Starred):
                continue
            variation = self._varies(arg, scope, facts, 0)
            if variation is None:
                continue
            if best is None or _strength(variation) < _strength(best[1]):
                best = (arg, variation)
            if variation.severity is Severity.WARNING and not variation.preview:
                break
        if best is None:
            return
        arg, variation = best
        if variation.severity is Severity.HINT and scope is None:
            return  # a script's loop runs once: at most one extra trace in the whole run
        callee = shorten(ctx.source.segment(node.func))
        shown = shorten(ctx.source.segment(arg))
        related = [definition_related(target, ctx.source, f"`{target.name}` is defined here, without "
                                      "`input_signature` or `reduce_retracing`")]
        if use is not target.decorator and hasattr(use.node, "lineno"):
            related.append(Related(ctx.span(use.node), f"`{target.name}` is wrapped by tf.function here"))
        if hasattr(variation.node, "lineno") and variation.node is not arg:
            related.append(Related(ctx.span(variation.node), variation.origin))
        if variation.severity is Severity.WARNING and variation.preview:
            message = (
                f"`{callee}` may be traced again on every iteration: `{shown}` {variation.reason}, and "
                f"`{target.name}` has no `input_signature` or `reduce_retracing`."
            )
            fix = None
        elif variation.severity is Severity.WARNING:
            message = (
                f"`{callee}` is traced again for every new input shape: `{shown}` {variation.reason}, and "
                f"`{target.name}` has no `input_signature` or `reduce_retracing`. {EVIDENCE}"
            )
            fix = self._fix_factory(target, use)
        else:
            message = (
                f"`{callee}` may trace an extra graph: `{shown}` {variation.reason}, and each call of "
                f"`{scope.name}` whose data leave a new remainder traces once more. {variation.remedy}, or give "
                f"`{target.name}` an `input_signature` with a `None` batch dimension, if those traces are costly."
            )
            fix = None
        self.report(arg, message, fix=fix, related=related, severity=variation.severity, preview=variation.preview)

    # -- does an argument's shape vary? -------------------------------------------------------------

    def _varies(self, expr: ast.expr, scope, loops: LoopsFacts, depth: int) -> Optional[Variation]:
        if depth > 6:
            return None
        facts = self.ctx.facts
        if isinstance(expr, ast.Subscript):
            found = self._slice_varies(expr, scope, loops)
            if found is not None:
                return found
            element = self._item_of_varying_list(expr, scope, loops)
            if element is not None:
                return element
            return self._varies(expr.value, scope, loops, depth + 1)
        if isinstance(expr, ast.Name):
            return self._name_varies(expr, scope, loops, depth)
        if isinstance(expr, (ast.List, ast.Tuple)):
            for elt in expr.elts:
                found = self._varies(elt, scope, loops, depth + 1)
                if found is not None:
                    return found
            return None
        if isinstance(expr, ast.BinOp):
            return self._varies(expr.left, scope, loops, depth + 1) or self._varies(
                expr.right, scope, loops, depth + 1
            )
        if isinstance(expr, ast.Call):
            qual = facts.qualname(expr.func, scope)
            if qual in SHAPE_MAKERS:
                name = self._shape_argument_varies(expr, qual, loops, loops.mentions)
                if name is not None:
                    return Variation(
                        Severity.WARNING,
                        f"gets its shape from `{name}`, which changes on every iteration",
                        expr,
                        "the shape changes here",
                    )
                name = self._shape_argument_varies(expr, qual, loops, loops.mentions_recomputed)
                if name is not None:
                    return Variation(
                        Severity.WARNING,
                        f"gets its shape from `{name}`, which is recomputed in the loop and may change",
                        expr,
                        "the shape is computed here",
                        preview=True,
                    )
                return None
            source: Optional[ast.expr] = None
            if qual in SHAPE_PRESERVING and expr.args:
                source = expr.args[0]
            elif (
                qual is None
                and isinstance(expr.func, ast.Attribute)
                and expr.func.attr in SHAPE_PRESERVING_METHODS
            ):
                source = expr.func.value
            if source is not None:
                found = self._varies(source, scope, loops, depth + 1)
                if found is not None:
                    shown = shorten(self.ctx.source.segment(source))
                    return Variation(found.severity, f"is made from `{shown}`, which {found.reason}", found.node,
                                     found.origin, found.remedy, found.preview)
        return None

    def _slice_varies(self, expr: ast.Subscript, scope, loops: LoopsFacts) -> Optional[Variation]:
        parts = expr.slice.elts if isinstance(expr.slice, ast.Tuple) else [expr.slice]
        tail: Optional[Variation] = None
        for part in parts:
            if not isinstance(part, ast.Slice):
                continue
            lower = loops.mentions(part.lower) if part.lower is not None else None
            upper = loops.mentions(part.upper) if part.upper is not None else None
            if lower is None and upper is None:
                name = loops.mentions_recomputed(part.lower) or loops.mentions_recomputed(part.upper)
                if name is not None and tail is None:
                    tail = Variation(
                        Severity.WARNING,
                        f"is a slice whose bound `{name}` is recomputed in the loop, so its length may change "
                        "between iterations",
                        expr,
                        "the bound is recomputed here",
                        preview=True,
                    )
                continue
            if (lower is None) != (upper is None):
                name = lower or upper
                return Variation(
                    Severity.WARNING,
                    f"is a slice whose bound `{name}` changes on every iteration, so its length does too",
                    expr,
                    "the shape changes here",
                )
            width = loops.fixed_width(part.lower, part.upper, expr)  # type: ignore[arg-type]
            if width is None:
                return Variation(
                    Severity.WARNING,
                    f"is a slice between bounds that both change on every iteration (`{lower}`, `{upper}`), and "
                    "nothing shows that their difference stays the same, so its length may change too",
                    expr,
                    "the shape changes here",
                )
            if loops.nevershorten(width):
                continue
            tail = Variation(
                Severity.HINT,
                "has the same length on every iteration except possibly the last, which stops at the end of "
                "the data and can be shorter",
                expr,
                "the last slice may be shorter",
                "Skip or pad the short last batch",
                preview=True,
            )
        return tail

    def _shape_argument_varies(self, call: ast.Call, qual: str, loops: LoopsFacts, mentions) -> Optional[str]:
        positions, keywords = SHAPE_MAKERS[qual]
        args: List[ast.expr] = []
        for index, arg in enumerate(call.args):
            if "*" in positions or str(index) in positions:
                args.append(arg)
        args.extend(k.value for k in call.keywords if k.arg in keywords)
        for arg in args:
            name = mentions(arg)
            if name is not None:
                return name
        return None

    def _name_varies(self, name: ast.Name, scope, loops: LoopsFacts, depth: int) -> Optional[Variation]:
        growth = loops.growth(name.id)
        if growth is not None:
            node, how = growth
            return Variation(Severity.WARNING, f"grows on every iteration ({how})", node, "it grows here")
        element = self._loop_element(name.id, scope, loops)
        if element is not None:
            return element
        source = loops.unpacked_from(name.id)
        if source is not None and source.id != name.id:
            found = self._varies(source, scope, loops, depth + 1)
            if found is not None:
                return Variation(found.severity, f"is unpacked from `{source.id}`, which {found.reason}",
                                 found.node, found.origin, found.remedy, found.preview)
        # A local computed in the loop from something that varies (`chunk = x[:n]`).
        values = loops.assigned_in_loop(name.id)
        if len(values) == 1 and values[0] is not None:
            found = self._varies(values[0], scope, loops, depth + 1)
            if found is not None:
                value = shorten(self.ctx.source.segment(values[0]))
                return Variation(found.severity, f"is assigned `{value}` in the loop, and that {found.reason}",
                                 found.node, found.origin, found.remedy, found.preview)
        return None

    def _loop_element(self, name: str, scope, loops: LoopsFacts) -> Optional[Variation]:
        """`name` is the item of a loop over differently shaped things, or a dataset's batch."""
        for facts in loops.loops:
            source = facts.element_source(name)
            if source is None:
                continue
            iterable, loop = source
            variation = self._iterable_varies(iterable, scope, loop, 0)
            if variation is not None:
                return variation
        return None

    def _iterable_varies(self, iterable: ast.expr, scope, loop: ast.AST, depth: int) -> Optional[Variation]:
        if depth > 4:
            return None
        an, ctx = self.an, self.ctx
        items = _varying_items(iterable, ctx.facts, scope, an, ctx.source)
        if items is not None:
            return Variation(Severity.WARNING, f"is an item of a list whose items differ in shape ({items})",
                             iterable, "the items are made here")
        if isinstance(iterable, ast.Name) and not (scope is not None and iterable.id in parameter_names(scope)):
            home = scope if scope is not None and an.is_local_name(iterable.id, scope) else None
            values = an.assignments(home).get(iterable.id, [])
            if len(values) == 1 and values[0] is not None and not _is_dataset_chain(values[0]):
                found = self._iterable_varies(values[0], home, loop, depth + 1)
                if found is not None:
                    return found
        dataset = self._dataset(iterable, scope, (loop.lineno, loop.col_offset), 0)  # type: ignore[attr-defined]
        if dataset is None or dataset.batching is None or dataset.call is None:
            return None
        call = dataset.call
        if dataset.batching == "padded":
            return Variation(
                Severity.WARNING,
                "is a batch of a `padded_batch`-ed dataset, padded to the longest element of each batch, so its "
                "shape changes from batch to batch",
                call,
                "the dataset is padded per batch here",
            )
        if dataset.batching == "bucket":
            return Variation(
                Severity.WARNING,
                "is a batch of a dataset bucketed by sequence length, so its shape changes from batch to batch",
                call,
                "the dataset is bucketed here",
            )
        return Variation(
            Severity.HINT,
            "is a batch of a dataset `.batch()`-ed without `drop_remainder=True`, whose last batch may be smaller",
            call,
            "the dataset is batched here",
            "Use `drop_remainder=True`",
            preview=True,
        )

    def _item_of_varying_list(self, expr: ast.Subscript, scope, loops: LoopsFacts) -> Optional[Variation]:
        """`xs[i]` with `i` changing in the loop and `xs` a list of differently shaped items."""
        if isinstance(expr.slice, ast.Slice) or loops.mentions(expr.slice) is None:
            return None
        base = expr.value
        if not isinstance(base, ast.Name):
            return None
        an = self.an
        home = scope if scope is not None and an.is_local_name(base.id, scope) else None
        values = an.assignments(home).get(base.id, [])
        if len(values) != 1 or values[0] is None:
            return None
        items = _varying_items(values[0], self.ctx.facts, home, an, self.ctx.source)
        if items is None:
            return None
        return Variation(Severity.WARNING, f"is an item of a list whose items differ in shape ({items})",
                         values[0], "the items are made here")

    # -- tf.data datasets --------------------------------------------------------------------------

    def _dataset(self, expr: ast.expr, scope, before: Tuple[int, int], depth: int) -> Optional[_Dataset]:
        """How a tf.data dataset expression is batched; None when it is not known to be a dataset."""
        if depth > 12:
            return None
        facts, an = self.ctx.facts, self.an
        if isinstance(expr, ast.Call):
            func = expr.func
            qual = facts.qualname(func, scope)
            if qual is not None:
                if qual.startswith(DATASET_ROOTS):
                    return _Dataset(None, None)
                if qual in ITERATION_WRAPPERS or qual.endswith(".tqdm"):
                    return self._dataset(expr.args[0], scope, before, depth + 1) if expr.args else None
                return None
            if isinstance(func, ast.Name) and func.id in ("iter", "tqdm") and expr.args:
                return self._dataset(expr.args[0], scope, before, depth + 1)
            maker, _ = facts.resolve_callable(func, scope, facts.enclosing_class(scope))
            if maker is not None and not isinstance(maker.node, ast.Lambda):
                return self._returned_dataset(maker, depth)
            if not isinstance(func, ast.Attribute):
                return None
            method = func.attr
            inner = self._dataset(func.value, scope, before, depth + 1)
            if method in ("padded_batch", "bucket_by_sequence_length"):
                inner = inner or _Dataset(None, None)
            if inner is None:
                return None
            if method == "batch":
                drop = _argument(expr, 1, "drop_remainder")
                if drop is not None:
                    return _Dataset(None, None, inner.infinite)
                return _Dataset(None if inner.infinite else "batch", expr, inner.infinite)
            if method == "padded_batch":
                shapes = _argument(expr, 1, "padded_shapes")
                if shapes is not None and _static_shapes(shapes):
                    drop = _argument(expr, 3, "drop_remainder")
                    batching = None if drop is not None or inner.infinite else "batch"
                    return _Dataset(batching, expr, inner.infinite)
                return _Dataset("padded", expr, inner.infinite)
            if method == "bucket_by_sequence_length":
                return _Dataset("bucket", expr, inner.infinite)
            if method in DATASET_UNBATCHING:
                return _Dataset(None, None, inner.infinite)
            if method == "repeat":
                count = _argument(expr, 0, "count")
                infinite = count is None or (isinstance(count, ast.Constant) and count.value in (None, -1))
                return _Dataset(inner.batching, inner.call, inner.infinite or infinite)
            if method == "apply" and expr.args and isinstance(expr.args[0], ast.Call):
                applied = facts.qualname(expr.args[0].func, scope) or ""
                if applied.endswith("bucket_by_sequence_length"):
                    return _Dataset("bucket", expr, inner.infinite)
                if applied.endswith(("unbatch", "dense_to_ragged_batch", "dense_to_sparse_batch")):
                    return _Dataset(None, None, inner.infinite)
            if method in DATASET_PASSTHROUGH:
                return inner
            return None
        if isinstance(expr, ast.Name):
            if scope is not None and expr.id in parameter_names(scope):
                return None
            home = scope if scope is not None and an.is_local_name(expr.id, scope) else None
            values = an.assignments(home).get(expr.id, [])
            if not values or any(v is None for v in values):
                return None
            if home is None and scope is not None:
                value = values[-1]  # a function usually runs after the module: it sees the last binding
            else:
                earlier = [v for v in values if (v.lineno, v.col_offset) < before]  # type: ignore[union-attr]
                if not earlier:
                    return None
                value = max(earlier, key=lambda v: (v.lineno, v.col_offset))  # type: ignore[union-attr]
            return self._dataset(value, home, (value.lineno, value.col_offset), depth + 1)  # type: ignore[arg-type]
        return None

    def _returned_dataset(self, maker: FunctionInfo, depth: int) -> Optional[_Dataset]:
        """What a file-local function returns, when every `return` gives a dataset batched the same way."""
        returns = [n for n in self.an.scope_walk(maker.node) if isinstance(n, ast.Return)]
        found: Optional[_Dataset] = None
        for ret in returns:
            if ret.value is None:
                return None
            end = (ret.lineno, ret.col_offset)
            dataset = self._dataset(ret.value, maker, end, depth + 1)
            if dataset is None or (found is not None and found.batching != dataset.batching):
                return None
            found = dataset
        return found

    # -- the fix ---------------------------------------------------------------------------------

    def _fix_factory(self, target: FunctionInfo, use: TfFunctionUse):
        ctx = self.ctx
        node = use.node
        if target.external is not None:
            return None  # the decorator to edit is in another file
        if not isinstance(node, ast.Call) and ctx.facts.qualname(node, target.parent) not in TF_FUNCTION_NAMES:
            return None  # `@jit` from `jit = tf.function(...)`: editing it would change every user
        keyword = "reduce_retracing" if ctx.settings.supports_tensorflow(2, 9) else "experimental_relax_shapes"

        def fix() -> Optional[Fix]:
            edit = self._keyword_edit(node, keyword)
            if edit is None:
                return None
            unsafe = self._why_unsafe(target, use)
            if not unsafe and keyword == "reduce_retracing" and not ctx.settings.requires_tensorflow(2, 9):
                unsafe = "needs TensorFlow ≥ 2.9; the project declares no minimum"
            title = f"Add `{keyword}=True`" + (f" (unsafe: {unsafe})" if unsafe else "")
            return Fix(title, (edit,), FixSafety.UNSAFE if unsafe else FixSafety.SAFE)

        return fix

    def _keyword_edit(self, node: ast.AST, keyword: str) -> Optional[Edit]:
        source = self.ctx.source
        if not isinstance(node, ast.Call):
            span = source.span_of(node)
            return Edit(Span(span.end_line, span.end_col, span.end_line, span.end_col), f"({keyword}=True)")
        for kw in node.keywords:
            if kw.arg in RELAX_SHAPES_KEYWORDS:
                # only an explicit literal False gets here (anything else controls retracing already)
                return Edit(source.span_of(kw.value), "True")
        items: List[ast.AST] = list(node.args) + list(node.keywords)
        if items:
            last = max(items, key=lambda n: (n.end_lineno, n.end_col_offset))  # type: ignore[attr-defined]
            span = source.span_of(last)
            return Edit(Span(span.end_line, span.end_col, span.end_line, span.end_col), f", {keyword}=True")
        span = source.span_of(node)
        if source.text_of(Span(span.end_line, span.end_col - 1, span.end_line, span.end_col)) != ")":
            return None
        point = Span(span.end_line, span.end_col - 1, span.end_line, span.end_col - 1)
        return Edit(point, f"{keyword}=True")

    def _why_unsafe(self, target: FunctionInfo, use: TfFunctionUse) -> Optional[str]:
        if may_compile_with_xla(use.keywords):
            return "XLA compiles the shape-generic graph differently"
        return self._shape_reader(target, set(), 0)

    def _shape_reader(self, info: FunctionInfo, seen: Set[int], depth: int) -> Optional[str]:
        """Why `info` (or what it calls) may read a static shape; None when it visibly does not."""
        if id(info.node) in seen:
            return None
        seen.add(id(info.node))
        if depth > 4:
            return "the call chain is too deep to check"
        facts, an = self.ctx.facts, self.an
        for node in an.scope_walk(info.node, into_nested=True):
            if isinstance(node, ast.Attribute) and node.attr in STATIC_SHAPE_ATTRIBUTES:
                qual = facts.qualname(node, info)
                if qual is None or not qual.startswith(TF + "."):
                    return f"`{info.name}` reads a static shape (`.{node.attr}`)"
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id == "len" and an.is_builtin("len", info):
                    return f"`{info.name}` calls `len()`"
                qual = facts.qualname(func, info)
                if qual is not None:
                    if qual.endswith("int_shape"):
                        return f"`{info.name}` reads a static shape (`int_shape`)"
                    if not qual.startswith(OPAQUE_SAFE_PREFIXES) and qual != TF and not qual.startswith("numpy."):
                        return f"`{info.name}` calls `{qual}`, which this file cannot check"
                    continue
                callee, _ = facts.resolve_callable(func, info, facts.enclosing_class(info))
                if callee is not None:
                    why = self._shape_reader(callee, seen, depth + 1)
                    if why is not None:
                        return why
        return None


# -- helpers ---------------------------------------------------------------------------------------


def _strength(variation: Variation) -> Tuple[bool, int]:
    """Sort key: shown variations before preview ones, then by severity."""
    return (variation.preview, int(variation.severity))


def _controls_retracing(use: TfFunctionUse) -> bool:
    if use.has_input_signature:
        return True
    for name in RELAX_SHAPES_KEYWORDS:
        value = use.keywords.get(name)
        if value is not None and not (isinstance(value, ast.Constant) and value.value is False):
            return True
    return False


def _argument(call: ast.Call, index: int, keyword: str) -> Optional[ast.expr]:
    for kw in call.keywords:
        if kw.arg == keyword:
            if isinstance(kw.value, ast.Constant) and kw.value.value is False and keyword == "drop_remainder":
                return None
            return kw.value
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        value = call.args[index]
        if isinstance(value, ast.Constant) and value.value is False and keyword == "drop_remainder":
            return None
        return value
    return None


def _static_shapes(expr: ast.expr) -> bool:
    """A literal `padded_shapes` whose every dimension is a positive int."""
    if isinstance(expr, (ast.List, ast.Tuple)):
        return all(_static_shapes(e) for e in expr.elts)
    if isinstance(expr, ast.Dict):
        return all(_static_shapes(v) for v in expr.values)
    if isinstance(expr, ast.Call) and expr.args:
        return _static_shapes(expr.args[0])  # tf.TensorShape([...])
    return isinstance(expr, ast.Constant) and type(expr.value) is int and expr.value >= 0


def _is_dataset_chain(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)


def _literal_shape(expr: ast.expr, facts, scope) -> Optional[Tuple[int, ...]]:
    """The shape of an array or tensor built from literals (`np.zeros([5, 3])`, `tf.constant([1, 2])`)."""
    if not isinstance(expr, ast.Call):
        return None
    qual = facts.qualname(expr.func, scope)
    if qual in SHAPE_MAKERS and not qual.endswith(("arange", "range", "linspace", "eye")) and expr.args:
        positions, keywords = SHAPE_MAKERS[qual]
        shape_arg = None
        if "*" in positions:
            dims = expr.args
            if all(isinstance(d, ast.Constant) and type(d.value) is int for d in dims):
                return tuple(d.value for d in dims)  # type: ignore[attr-defined]
            return None
        index = int(positions[0])
        if len(expr.args) > index:
            shape_arg = expr.args[index]
        if isinstance(shape_arg, ast.Constant) and type(shape_arg.value) is int:
            return (shape_arg.value,)
        if isinstance(shape_arg, (ast.List, ast.Tuple)) and all(
            isinstance(d, ast.Constant) and type(d.value) is int for d in shape_arg.elts
        ):
            return tuple(d.value for d in shape_arg.elts)  # type: ignore[attr-defined]
        return None
    if qual in ("tensorflow.constant", "numpy.array", "numpy.asarray", "tensorflow.convert_to_tensor") and expr.args:
        return _nested_list_shape(expr.args[0])
    return None


def _nested_list_shape(expr: ast.expr) -> Optional[Tuple[int, ...]]:
    if isinstance(expr, (ast.List, ast.Tuple)):
        if not expr.elts:
            return (0,)
        inner = [_nested_list_shape(e) for e in expr.elts]
        if any(i is None for i in inner) or len(set(inner)) != 1:
            return None
        return (len(expr.elts),) + inner[0]  # type: ignore[operator]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float, bool)):
        return ()
    return None


def _varying_items(expr: ast.expr, facts, scope, an: ModuleAnalysis, source) -> Optional[str]:
    """A description when `expr` is a list whose items visibly differ in shape."""
    if isinstance(expr, (ast.List, ast.Tuple)):
        shapes = []
        for elt in expr.elts:
            shape = _literal_shape(elt, facts, scope)
            if shape is not None and shape not in shapes:
                shapes.append(shape)
        if len(shapes) >= 2:
            return ", ".join(str(s) for s in shapes[:3]) + (", …" if len(shapes) > 3 else "")
        return None
    if isinstance(expr, (ast.ListComp, ast.GeneratorExp)):
        names = {n for g in expr.generators for n in target_names(g.target)}
        element = expr.elt
        for node in ast.walk(element):
            if isinstance(node, ast.Subscript):
                parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                for part in parts:
                    if isinstance(part, ast.Slice) and any(
                        isinstance(n, ast.Name) and n.id in names
                        for bound in (part.lower, part.upper)
                        if bound is not None
                        for n in ast.walk(bound)
                    ):
                        return f"`{shorten(source.segment(node))}` for each `{sorted(names)[0]}`"
            if isinstance(node, ast.Call):
                qual = facts.qualname(node.func, scope)
                if qual in SHAPE_MAKERS:
                    positions, keywords = SHAPE_MAKERS[qual]
                    args = [a for i, a in enumerate(node.args) if "*" in positions or str(i) in positions]
                    args += [k.value for k in node.keywords if k.arg in keywords]
                    if any(isinstance(n, ast.Name) and n.id in names for a in args for n in ast.walk(a)):
                        return f"`{shorten(source.segment(node))}` for each `{sorted(names)[0]}`"
    return None
