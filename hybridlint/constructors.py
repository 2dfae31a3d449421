"""What TensorFlow and Keras constructors create: one table for the tensor-ness analysis and every rule.

Names are qualified names as `ModuleFacts.qualname` gives them: `keras.*` and `tf_keras.*` are spelled
`tensorflow.keras.*`. Which Keras a call means (2 or 3) is not in the name; `keras_major` decides it from the
import spelling and the `target-keras` / `target-tensorflow` settings.
"""

from __future__ import annotations

import ast
from typing import Dict, Optional

from .facts import ModuleFacts, dotted_parts

# Calls that make a `tf.Variable`.
VARIABLE_CONSTRUCTORS = frozenset(
    {
        "tensorflow.Variable",
        "tensorflow.compat.v1.Variable",
        "tensorflow.compat.v1.get_variable",
        "tensorflow.keras.backend.variable",
    }
)
# `tf.random.Generator` constructors: each call makes a new generator with its own state variable.
GENERATOR_CONSTRUCTORS = frozenset(
    {
        "tensorflow.random.Generator",
        "tensorflow.random.Generator.from_seed",
        "tensorflow.random.Generator.from_non_deterministic_state",
        "tensorflow.random.Generator.from_key_counter",
        "tensorflow.random.experimental.Generator",
        "tensorflow.random.experimental.Generator.from_seed",
        "tensorflow.random.experimental.Generator.from_non_deterministic_state",
    }
)
# Every call that creates a variable (a tf.Variable, or an object that owns one).
CREATES_VARIABLE = VARIABLE_CONSTRUCTORS | GENERATOR_CONSTRUCTORS

KERAS_MODEL_CONSTRUCTORS = frozenset(
    "tensorflow.keras." + n
    for n in (
        "Model Sequential models.Model models.Sequential models.load_model models.clone_model "
        "models.model_from_json models.model_from_yaml models.model_from_config saving.load_model "
        "experimental.SequenceFeatures Sequential.from_config Model.from_config"
    ).split()
)
# Namespaces whose classes are Keras layers (losses and metrics are called like layers: they give tensors).
KERAS_LAYER_KINDS = {
    "tensorflow.keras.layers.": "Keras layer",
    "tensorflow.keras.losses.": "Keras loss",
    "tensorflow.keras.metrics.": "Keras metric",
}
KERAS_LAYER_NAMESPACES = tuple(KERAS_LAYER_KINDS)
KERAS_OPTIMIZER_PREFIXES = ("tensorflow.keras.optimizers.", "tensorflow.optimizers.", "tensorflow_addons.optimizers.")
KERAS_METRIC_PREFIXES = ("tensorflow.keras.metrics.", "tensorflow.metrics.")

# Layers that own no variables in any Keras (reshaping, pooling, merging, activations, fixed preprocessing).
WEIGHT_FREE_LAYERS = frozenset(
    (
        "Flatten ActivityRegularization Activation ReLU LeakyReLU ELU Softmax ThresholdedReLU "
        "Reshape Permute RepeatVector Lambda Masking Identity Input InputLayer InputSpec "
        "Cropping1D Cropping2D Cropping3D ZeroPadding1D ZeroPadding2D ZeroPadding3D "
        "UpSampling1D UpSampling2D UpSampling3D Concatenate Add Subtract Multiply Average Maximum Minimum "
        "Dot Rescaling Resizing CenterCrop CategoryEncoding UnitNormalization"
    ).split()
)
# Weight-free in Keras 2; in Keras 3 (tf.keras from TF 2.16) each owns a seed-generator variable. The
# `Random*` preprocessing layers belong here too (`seeded_layer`).
SEEDED_LAYERS = frozenset(
    "Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D GaussianNoise GaussianDropout AlphaDropout".split()
)
# Keras layers that wrap another layer and own only its variables.
WRAPPER_LAYERS = frozenset({"RNN", "TimeDistributed"})
# Methods by which a Keras layer creates its variables.
KERAS_WEIGHT_METHODS = frozenset({"add_weight", "add_variable"})
# Keras `Model` methods that run their own loop; Keras raises for them inside a tf.function
# (`_disallow_inside_tf_function`).
KERAS_LOOP_METHODS = frozenset(
    "fit predict evaluate train_on_batch test_on_batch predict_on_batch fit_generator evaluate_generator "
    "predict_generator".split()
)
# Keras base classes that own no variables until the subclass creates some.
ABSTRACT_LAYER_BASES = frozenset({"Layer", "AbstractRNNCell", "Wrapper"})


def is_class_name(part: str) -> bool:
    """`Dense`, `_Private`; not `dense`, not `CONSTANT`."""
    stripped = part.lstrip("_")
    return bool(stripped) and stripped[0].isupper() and not stripped.isupper()


def builds_keras_model(qual: str) -> bool:
    return qual in KERAS_MODEL_CONSTRUCTORS or (
        qual.startswith("tensorflow.keras.applications.") and is_class_name(qual.rsplit(".", 1)[-1])
    )


FUNCTIONAL_MODEL_CONSTRUCTORS = frozenset({"tensorflow.keras.Model", "tensorflow.keras.models.Model"})


def functional_model_call(qual: str, call: ast.Call) -> bool:
    """`Model(inputs, outputs)`: a functional model over tensors that exist already; it makes no layer,
    so no variable, of its own (what its arguments construct is another call)."""
    if qual not in FUNCTIONAL_MODEL_CONSTRUCTORS:
        return False
    keywords = {k.arg for k in call.keywords}
    return len(call.args) >= 2 or (bool(call.args) and "outputs" in keywords) or {"inputs", "outputs"} <= keywords


def builds_keras_layer(qual: str) -> bool:
    """A Keras layer, loss or metric class (calling the object gives tensors)."""
    return qual.startswith(KERAS_LAYER_NAMESPACES) and is_class_name(qual.rsplit(".", 1)[-1])


def keras_layer_kind(qual: str) -> Optional[str]:
    """"Keras layer", "Keras loss" or "Keras metric" for a public class of those namespaces."""
    last = qual.rsplit(".", 1)[-1]
    if not (builds_keras_layer(qual) and last[:1].isupper()):
        return None
    return next(kind for prefix, kind in KERAS_LAYER_KINDS.items() if qual.startswith(prefix))


def builds_keras_object(qual: str) -> bool:
    """Any Keras class: a layer, model, optimizer, metric, callback... (it may own state)."""
    return qual.startswith("tensorflow.keras.") and qual.rsplit(".", 1)[-1][:1].isupper()


def seeded_layer(qual: str) -> bool:
    last = qual.rsplit(".", 1)[-1]
    return qual.startswith("tensorflow.keras.layers.") and (last in SEEDED_LAYERS or last.startswith("Random"))


def keras_kind(qual: str) -> Optional[str]:
    """"layer", "seeded layer", "model", "optimizer" or "metric" for a Keras constructor that owns (or, for a
    seeded layer, owns in Keras 3) variables; None for anything else."""
    parts = qual.split(".")
    last = parts[-1]
    if builds_keras_model(qual):
        return "model"
    if qual.startswith(KERAS_OPTIMIZER_PREFIXES):
        if "schedules" in parts:
            return None
        return "optimizer" if last[:1].isupper() or last == "get" else None
    if not last[:1].isupper():
        return None
    if qual.startswith("tensorflow.keras.layers."):
        if last in WEIGHT_FREE_LAYERS or "Pool" in last:
            return None
        return "seeded layer" if seeded_layer(qual) else "layer"
    if qual.startswith(KERAS_METRIC_PREFIXES):
        return "metric"
    return None


# -- which Keras: 2 or 3 -----------------------------------------------------------------------------

TF_KERAS = "tf_keras"  # Keras 2 always: the `tf_keras` package, TensorFlow's internal `tensorflow.python.keras`
TF_DOT_KERAS = "tf.keras"  # Keras 2 before TF 2.16, Keras 3 from it
KERAS = "keras"  # the standalone package: Keras 2 below 3.0
KERAS_2_PREFIXES = ("tf_keras", "tensorflow.python.keras", "keras.api._v2")
# Modules that exist only in Keras 3: a module importing one is written for Keras 3.
KERAS_3_ONLY = ("keras.ops", "keras.random")


# Functions of the Keras 2 backend module (`keras.backend` / `tf.keras.backend`) that Keras 3 removed
# (its `keras.backend` keeps only config helpers such as `floatx`, `epsilon`, `clear_session`): a
# module calling one runs only on Keras 2.
KERAS_2_ONLY_BACKEND = frozenset(
    """dot batch_dot bias_add int_shape ndim placeholder get_value set_value batch_get_value batch_set_value
    learning_phase set_learning_phase get_session set_session in_train_phase in_test_phase switch rnn gradients
    function variable eval count_params batch_flatten permute_dimensions l2_normalize conv1d conv2d pool2d
    moving_average_update update update_add update_sub cast_to_floatx repeat_elements resize_images
    spatial_2d_padding temporal_padding print_tensor stop_gradient sum mean max min concatenate reshape
    expand_dims squeeze shape cast softmax sigmoid relu square sqrt exp log abs maximum minimum transpose stack
    zeros ones zeros_like ones_like tile gather one_hot categorical_crossentropy binary_crossentropy
    sparse_categorical_crossentropy clip pow equal not_equal greater less argmax argmin random_normal
    random_uniform dropout constant arange flatten std var prod all any sign round cumsum tanh softplus elu
    map_fn foldl foldr""".split()
)
_KERAS_2_BACKENDS = ("keras.backend", "tensorflow.keras.backend", "tensorflow.compat.v2.keras.backend")


def uses_keras_2_backend(facts: ModuleFacts) -> bool:
    """The module calls a Keras-2-only backend function (`K.dot`, `K.int_shape`, ...): it runs only on
    Keras 2, whatever `tf.keras` resolves to elsewhere."""
    return facts.kept("_keras_2_backend", lambda: _find_keras_2_backend(facts))


def _find_keras_2_backend(facts: ModuleFacts) -> bool:
    raw = _raw_imports(facts)
    for name, path in raw.items():
        if path.rsplit(".", 1)[0] in _KERAS_2_BACKENDS and path.rsplit(".", 1)[-1] in KERAS_2_ONLY_BACKEND:
            return True  # `from tensorflow.keras.backend import int_shape`
    for node in ast.walk(facts.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr not in KERAS_2_ONLY_BACKEND:
                continue
            parts = dotted_parts(node.func.value)
            if parts and parts[0] in raw and ".".join([raw[parts[0]]] + parts[1:]) in _KERAS_2_BACKENDS:
                return True
    return False


def _raw_imports(facts: ModuleFacts) -> Dict[str, str]:
    """name → the module path as written in the import (before `keras`/`tf_keras` are both read as
    `tensorflow.keras`), over every import of the module; kept on the facts."""
    return facts.kept("_raw_imports", lambda: _read_raw_imports(facts.tree))


def _read_raw_imports(tree: ast.Module) -> Dict[str, str]:
    found: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    found[head] = head
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = node.module + "." + alias.name
    return found


def keras_flavour(expr: ast.AST, facts: ModuleFacts) -> Optional[str]:
    """Which Keras a name like `tf.keras.layers.Dropout` / `layers.Dropout` comes from, by its import:
    TF_KERAS, TF_DOT_KERAS, KERAS, or None when it is not a Keras name or the import is not seen."""
    parts = dotted_parts(expr)
    if not parts:
        return None
    raw = _raw_imports(facts).get(parts[0])
    if raw is None:
        return None
    dotted = ".".join([raw] + parts[1:])
    if dotted.startswith(KERAS_2_PREFIXES):
        return TF_KERAS
    if dotted == "keras" or dotted.startswith("keras."):
        return KERAS
    if dotted.startswith(("tensorflow.keras", "tensorflow.compat.v2.keras")):
        return TF_DOT_KERAS
    return None


def keras_major(expr: ast.AST, facts: ModuleFacts, settings) -> Optional[int]:
    """2 or 3 when the Keras that `expr` (a Keras name) means is known; None when it depends on the
    installation. `tf_keras` is Keras 2; otherwise `target-keras`, then `target-tensorflow` for `tf.keras`
    (Keras 3 from TF 2.16), then a Keras-3-only import in the module (`keras.ops`) or a call of a
    Keras-2-only backend function (`K.dot`, `K.int_shape`) decide."""
    flavour = keras_flavour(expr, facts)
    if flavour is None:
        return None
    if flavour == TF_KERAS:
        return 2
    target_keras = getattr(settings, "target_keras", None)
    if target_keras is not None:
        return target_keras[0]
    target_tf = getattr(settings, "target_tensorflow", None)
    if flavour == TF_DOT_KERAS and target_tf is not None:
        return 3 if target_tf >= (2, 16) else 2
    if flavour == KERAS and any(raw.startswith(KERAS_3_ONLY) for raw in _raw_imports(facts).values()):
        return 3
    if uses_keras_2_backend(facts):
        return 2
    return None


def keras_3_evidence(expr: ast.AST, facts: ModuleFacts, settings) -> str:
    """Why `keras_major` says the Keras that `expr` means is Keras 3, for messages."""
    if getattr(settings, "target_keras", None) is not None:
        return settings.describe_target("keras")
    if keras_flavour(expr, facts) == TF_DOT_KERAS and getattr(settings, "target_tensorflow", None) is not None:
        return "tf.keras with " + settings.describe_target("tensorflow")
    return "the module imports a Keras 3 API"


def standalone_keras_name(expr: ast.AST, facts: ModuleFacts) -> str:
    """The name as the module imports it ("keras.layers.Layer") when `expr` names something of the
    standalone `keras` package (`keras_flavour` KERAS); "" otherwise."""
    if keras_flavour(expr, facts) != KERAS:
        return ""
    parts = dotted_parts(expr)
    return ".".join([_raw_imports(facts)[parts[0]]] + list(parts[1:]))
