"""HYB028 py-function-in-graph."""

from __future__ import annotations

import ast
import re
import sys
from typing import List, Optional, Set

from hybridlint.analysis import function_label, parameter_names, shorten
from hybridlint.effects import ATTRIBUTE_WRITE, MUTATION, SELF, effects_for
from hybridlint.facts import PY_FUNCTION_NAMES, ClassInfo, FunctionInfo, rebound
from hybridlint.oracle import NotObservable, Oracle
from hybridlint.rule import Bad, Good, Related, Rule, Severity


# Calls that read or decode files in formats no TensorFlow op reads (arbitrary audio and image formats,
# NumPy, pickle, HDF5, MATLAB files): Python that wraps one is the escape hatch TensorFlow intends, with
# no op to prefer. TensorFlow's own readers (`tf.io.read_file`, `tf.io.gfile`) are not here.
_READERS = frozenset(
    {
        "open",
        "io.open",
        "gzip.open",
        "bz2.open",
        "lzma.open",
        "codecs.open",
        "numpy.load",
        "numpy.loadtxt",
        "numpy.genfromtxt",
        "numpy.fromfile",
        "pickle.load",
        "joblib.load",
        "librosa.load",
        "librosa.core.load",
        "librosa.stream",
        "scipy.io.wavfile.read",
        "scipy.io.loadmat",
        "wave.open",
        "audioread.audio_open",
        "torchaudio.load",
        "PIL.Image.open",
        "cv2.imread",
        "cv2.imdecode",
        "cv2.VideoCapture",
        "imageio.imread",
        "imageio.v2.imread",
        "imageio.v3.imread",
        "imageio.get_reader",
        "skimage.io.imread",
        "matplotlib.pyplot.imread",
        "tifffile.imread",
        "nibabel.load",
        "SimpleITK.ReadImage",
        "pydicom.dcmread",
        "h5py.File",
    }
)
# Whole libraries whose purpose is reading or decoding media files.
_READER_MODULES = ("soundfile.", "pydub.", "audioread.", "av.", "decord.")
# General numeric, image and signal libraries (and the standard library) whose work TensorFlow ops
# largely cover. Python that calls into any other library (a voice-activity detector, a Kaldi archive
# reader, an MP3 decoder, a tokenizer) runs code no TensorFlow op has.
_COVERED_LIBRARIES = frozenset(
    {
        "numpy", "scipy", "math", "cmath", "statistics", "random", "cv2", "PIL", "skimage", "librosa",
        "sklearn", "pandas", "numba", "jax", "torch", "tensorflow", "keras", "tf_keras", "tensorflow_addons",
        "tensorflow_io", "tensorflow_text", "tensorflow_probability", "tensorflow_hub", "absl", "six",
        "builtins", "os", "sys", "re", "json", "time", "collections", "itertools", "functools", "operator",
        "struct", "io", "string", "typing", "copy", "logging", "warnings",
    }
) | frozenset(getattr(sys, "stdlib_module_names", ()))
# Words that name reading a file or archive entry in a callee's name (`load_mat`, `mp3_read_file_f32`,
# `imread`, `read_csv`, `open_dataset`).
_READ_WORD = re.compile(r"(?:^|_|\d|im)(?:read|load|open)(?:$|_|\d|[a-z]*$)")
_PROTO_BUILDERS = frozenset(
    {
        "tensorflow.train.Example",
        "tensorflow.train.SequenceExample",
        "tensorflow.compat.v1.train.Example",
        "tensorflow.compat.v1.train.SequenceExample",
    }
)
_MAX_DEPTH = 3
# The oracle's run of the agent examples: two environments that count their steps.
_AGENT_RUN = (
    "class Env:\n"
    "    def reset(self):\n"
    "        return np.zeros(2, np.float32)\n"
    "    def step(self, action):\n"
    "        return np.ones(2, np.float32) * (action + 1), 1.0\n"
    "agent = Agent([Env(), Env()], lambda s: tf.concat([s, -s], axis=-1))\n"
    "outputs = agent.train_step().numpy().tolist()"
)


def _reader(qual: Optional[str]) -> bool:
    return qual is not None and (qual in _READERS or qual.startswith(_READER_MODULES))


def _from_parameter(expr: Optional[ast.expr], info: FunctionInfo) -> bool:
    """`expr` is a parameter of `info`, perhaps decoded (`path.decode("utf-8")`, `p.numpy().decode()`,
    `str(p)`, `os.fsdecode(p)`): the path or key the wrapped Python was given."""
    while expr is not None:
        if isinstance(expr, ast.Name):
            return expr.id in parameter_names(info)
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr in ("decode", "numpy", "item", "tobytes") and not expr.args[1:]:
                expr = func.value
                continue
            if isinstance(func, (ast.Name, ast.Attribute)) and (getattr(func, "id", None) or func.attr) in ("str", "bytes", "fsdecode"):
                expr = expr.args[0] if len(expr.args) == 1 else None
                continue
        return False
    return False


def _no_op_call(facts, info: FunctionInfo, node: ast.Call) -> Optional[str]:
    """What makes this call something no TensorFlow op does, or None."""
    func = node.func
    if isinstance(func, ast.Name) and func.id == "open" and not rebound("open", info) and "open" not in facts.imports:
        return "open"
    if isinstance(func, ast.Attribute) and func.attr == "SerializeToString" and not node.args:
        return "a protocol buffer serialised with SerializeToString"
    qual = facts.qualname(func, info)
    if qual is None and isinstance(func, ast.Attribute):
        # a method of an object the module made from an imported class (`self.client = rpc.Client(...)`)
        owner = facts.type_of(func.value, info)
        qual = f"{owner}.{func.attr}" if isinstance(owner, str) else None
    if qual is None:
        return None
    if _reader(qual) or qual in _PROTO_BUILDERS:
        return qual
    if qual.startswith("tensorflow."):
        return None
    last = qual.rsplit(".", 1)[-1]
    if node.args and _READ_WORD.search(last.lower()) and _from_parameter(node.args[0], info):
        return qual  # reads the file or archive entry the wrapped Python was given
    root = qual.split(".", 1)[0]
    link = facts.link
    own = link.module.split(".", 1)[0] if link is not None and link.module else None
    imported_roots = {name.split(".", 1)[0] for name in facts.imports.values() if name}
    if "." in qual and root not in _COVERED_LIBRARIES and root != own and (
        root in imported_roots or root in _local_import_roots(info)
    ):
        return qual  # a library whose work no TensorFlow op does
    return None


def _local_import_roots(info: FunctionInfo) -> Set[str]:
    """The top-level modules the function imports in its own body (`from ctc_decoders import ...`)."""
    roots: Set[str] = set()
    for node in ast.walk(info.node):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".", 1)[0])
    return roots


def _kept_attributes(facts, cls: ClassInfo) -> Set[str]:
    """The attributes of `self` that the object keeps and changes between calls: a method of `cls` (or of a
    base class of this module) other than `__init__` changes them in place or counts them up
    (`self.states[i] = ...`, `self.buffers[i].append(...)`, `self.steps += 1`), and none but `__init__` binds
    them afresh (`self.msg = np.zeros(...)` at the start of each decoding makes a scratch array of that call,
    not state kept between calls)."""
    memo = facts.kept("_hyb028_kept_attributes", dict)
    found = memo.get(id(cls))
    if found is None:
        changed: Set[str] = set()
        rebound: Set[str] = set()
        effects = effects_for(facts)
        for klass in facts.mro(cls)[0]:
            for name, method in klass.methods.items():
                if name == "__init__" or isinstance(method.node, ast.Lambda):
                    continue
                for effect in effects.local(method):
                    parts = effect.name.split(".")
                    if effect.root != SELF or len(parts) < 2:
                        continue
                    if effect.kind == MUTATION or (effect.kind == ATTRIBUTE_WRITE and effect.method == "augassign"):
                        changed.add(parts[1])
                    elif effect.kind == ATTRIBUTE_WRITE and len(parts) == 2:
                        rebound.add(parts[1])
        found = memo[id(cls)] = changed - rebound
    return found


def _self_name(info: FunctionInfo) -> Optional[str]:
    """The name of the object in method `info` (its first parameter), or, for a function nested in a
    method, of the method's object when nothing in between binds the name again."""
    inner: List[FunctionInfo] = []
    scope: Optional[FunctionInfo] = info
    while scope is not None and scope.cls is None:
        inner.append(scope)
        scope = scope.parent
    if scope is None or isinstance(scope.node, ast.Lambda):
        return None
    positional = scope.node.args.posonlyargs + scope.node.args.args
    if not positional or any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in scope.node.decorator_list):
        return None
    me = positional[0].arg
    return None if any(me in s.locals or me in parameter_names(s) for s in inner) else me


def _object_state(facts, info: FunctionInfo, cls: Optional[ClassInfo]) -> Optional[str]:
    """The Python state its object keeps between calls (`_kept_attributes`) that method `info` reads or
    changes (`np.array(self.states)`, `self.states[i] = new_state`, `self.buffers[i].sample()`), as a clause,
    or None: an environment's latest observations, a replay buffer, a counter, which only Python holds."""
    me = _self_name(info)
    if cls is None or me is None:
        return None
    kept = _kept_attributes(facts, cls)
    if not kept:
        return None
    for node in ast.walk(info.node):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == me and node.attr in kept:
            return f"uses `{me}.{node.attr}`, Python state its object keeps between calls"
    return None


def reads_files(facts, info: FunctionInfo, depth: int = 0, seen: Optional[Set[int]] = None) -> Optional[str]:
    """What `info` does that no TensorFlow op does (itself, through functions of its module, or through
    a function of another module whose index note says so), or None: a file or media reader, a library
    other than the general numeric ones, a protocol buffer built and serialised, Python state its object
    keeps between calls (`_object_state`). A py_function it calls counts as a call of the Python it wraps."""
    if info.external is not None:
        note = info.external.notes.get(PyFunctionInGraph.code)
        return note if isinstance(note, str) else None
    seen = set() if seen is None else seen
    if id(info) in seen or depth > _MAX_DEPTH:
        return None
    seen.add(id(info))
    cls = facts.enclosing_class(info)
    found = _object_state(facts, info, cls)
    if found is not None:
        return found
    body = info.node.body if isinstance(info.node.body, list) else [info.node.body]
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # a nested def counts where it is called
        stack.extend(ast.iter_child_nodes(node))
        if not isinstance(node, ast.Call):
            continue
        found = _no_op_call(facts, info, node)
        if found is not None:
            return found
        callees = [node.func]
        if facts.qualname(node.func, info) in PY_FUNCTION_NAMES:
            wrapped = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "func"), None)
            callees += [wrapped] if wrapped is not None else []
        for callee in callees:
            target, _ = facts.resolve_callable(callee, info, cls, external=True)
            if target is not None and target is not info:
                found = reads_files(facts, target, depth + 1, seen)
                if found is not None:
                    return found
    return None


def _given_by_caller(facts, expr: ast.expr, scope: Optional[FunctionInfo], own: bool = True) -> bool:
    """`expr` is a callable the caller supplies, unknown here: a parameter of a function around `scope`
    (`def insert_pyfunc(func, ...)`; of `scope` itself only when `own`), an attribute of `self` that
    `__init__` sets from one of its parameters (`self.skip_py_fn = skip_py_fn`), or a method of an object
    given either way (`self.model.predict` for a fitted model the user passes in)."""
    if isinstance(expr, ast.Attribute) and not (isinstance(expr.value, ast.Name) and expr.value.id == "self"):
        owner = expr.value
        if isinstance(owner, ast.Name) or (
            isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id == "self"
        ):
            return _given_by_caller(facts, owner, scope, own)
        return False
    if isinstance(expr, ast.Name):
        s = scope
        while s is not None:
            if expr.id in parameter_names(s):
                return own or s is not scope
            if expr.id in s.locals:
                return False  # bound in the function: not a parameter
            s = s.parent
        return False
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        cls = facts.enclosing_class(scope)
        init = facts.method_of(cls, "__init__") if cls is not None else None
        if init is None or isinstance(init.node, ast.Lambda):
            return False
        given = parameter_names(init) - {"self"}
        sources = {
            node.value.id
            for node in ast.walk(init.node)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id in given
            and any(
                isinstance(t, ast.Attribute) and t.attr == expr.attr and isinstance(t.value, ast.Name) and t.value.id == "self"
                for t in node.targets
            )
        }
        return len(sources) == 1 and not _passed_here(facts, cls, init, sources.pop())
    return False


def _passed_here(facts, cls, init: FunctionInfo, parameter: str) -> bool:
    """This module makes an instance of `cls` and passes `parameter` (`cls(tokenizer=..., model=...)` in a
    factory classmethod): what the attribute holds is then this module's choice, not only the user's."""
    params = [a.arg for a in init.node.args.posonlyargs + init.node.args.args][1:]
    position = params.index(parameter) if parameter in params else None
    for node in ast.walk(facts.tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id not in (cls.name, "cls"):
            continue
        if any(k.arg == parameter or k.arg is None for k in node.keywords):
            return True
        if position is not None and (len(node.args) > position or any(isinstance(a, ast.Starred) for a in node.args)):
            return True
    return False


def _runs_caller_callable(facts, wrapped: Optional[ast.expr], scope: Optional[FunctionInfo]) -> bool:
    """The wrapped Python is a callable the caller supplies, or a function of this module that calls one
    (`def string_fn(token): return self.skip_py_fn(token.numpy().decode())`), or a name bound only to
    such functions (`py_fn = string_fn if ... else int_fn`): what it does is the caller's, unknown here,
    and wrapping an arbitrary user function is what the py_function is for."""
    if wrapped is None:
        return False
    if _given_by_caller(facts, wrapped, scope):
        return True
    choices: List[ast.expr] = [wrapped]
    if isinstance(wrapped, ast.Name):
        s = scope
        while s is not None and wrapped.id not in s.locals:
            s = s.parent
        if s is not None and not isinstance(s.node, ast.Lambda):
            values = [
                node.value
                for node in ast.walk(s.node)
                if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == wrapped.id for t in node.targets)
            ]
            if values:
                choices = []
                for value in values:
                    choices.extend([value.body, value.orelse] if isinstance(value, ast.IfExp) else [value])
                scope = s
    cls = facts.enclosing_class(scope)
    for choice in choices:
        target, _ = facts.resolve_callable(choice, scope, cls)
        if target is None or target.external is not None or isinstance(target.node, ast.Lambda):
            return False
        if not any(
            isinstance(node, ast.Call) and _given_by_caller(facts, node.func, target, own=False)
            for node in ast.walk(target.node)
        ):
            return False
    return True


def _outputs(call: ast.Call) -> Optional[ast.expr]:
    """The `Tout` argument of a py_function call (the third positional one)."""
    for keyword in call.keywords:
        if keyword.arg == "Tout":
            return keyword.value
    return call.args[2] if len(call.args) > 2 else None


def _returns_nothing(tout: Optional[ast.expr]) -> bool:
    """`Tout=[]` (or `()`, `None`): the wrapped Python returns nothing, so it runs for a side effect."""
    if isinstance(tout, (ast.List, ast.Tuple)):
        return not tout.elts
    return isinstance(tout, ast.Constant) and tout.value is None


def _input_pipeline(graph) -> bool:
    """Traced only as (or from) a tf.data transformation: an input pipeline, which is not saved with a
    model and runs on the host."""
    if graph.external is not None:
        return graph.external.reason == "dataset"
    if graph.reason == "dataset":
        return True
    origin = graph.origin.graph if graph.origin is not None else None
    return graph.reason == "called" and origin is not None and origin.reason == "dataset" and origin.external is None


def _costs(graph) -> str:
    if _input_pipeline(graph):
        return "it holds the GIL, so the pipeline's parallel calls (`num_parallel_calls`) run it one at a time"
    return "it holds the GIL, is not saved in a SavedModel and does not run on TPUs or remote workers"


class PyFunctionInGraph(Rule):
    code = "HYB028"
    name = "py-function-in-graph"
    severity = Severity.INFO
    preview = True
    visits_graph_code_only = True
    reads_index = frozenset({"effects"})  # the side effects of its classes' methods (`effects_for`: `_kept_attributes`)
    summary = "`tf.py_function`/`tf.numpy_function` in traced code runs Python on every step"
    needs_traced_code = True  # reports only in code that runs as a graph

    what_it_does = (
        "Reports `tf.py_function`, `tf.numpy_function` and `tf.compat.v1.py_func` calls in code that runs as a "
        "graph, and calls from traced code of a function in this file decorated with one of them "
        "(`@tf.py_function(Tout=...)`). Information only: these are the sanctioned escape hatch for Python "
        "that cannot be expressed in TensorFlow ops. It stays silent where the wrapped Python does what no "
        "TensorFlow op does, so that there is no op to prefer: it returns nothing (`Tout=[]`: a Python side "
        "effect on every call, such as appending to a history list; printing excepted, which `tf.print` "
        "does), it reads or decodes files in formats TensorFlow has no op for (`open`, `np.load`, "
        "`librosa.load`, `soundfile`, `PIL.Image.open`, `cv2.imread`, ..., or any call named for reading, "
        "loading or opening whose first argument is the path or key the wrapped function was given, such as "
        "`kaldiio.load_mat(key.decode())`), it builds and serialises a protocol buffer (`tf.train.Example(...)"
        ".SerializeToString()`, the TFRecord guide's own pattern), or it calls into a library other than the "
        "general numeric, image and signal ones whose work TensorFlow ops cover (NumPy, SciPy, OpenCV, Pillow, "
        "scikit-image, librosa, scikit-learn, pandas, the standard library): a voice-activity detector, an MP3 "
        "decoder, a tokenizer, imported at module level or in the function itself, or it uses Python state its "
        "object keeps between calls: an attribute of `self` that a method of the class other than `__init__` "
        "changes in place or counts up (`self.states[i] = new_state`, `self.buffers[i].append(...)`, `self.steps "
        "+= 1`) and that no method but `__init__` binds afresh (a scratch array each call starts anew does not "
        "count): stepping the environments an agent keeps, reading their latest observations, sampling its replay "
        "buffer. It finds these in the "
        "wrapped function itself or in the functions it calls (a py_function it calls counts as a call of the "
        "Python it wraps), also in other modules of the project. It is silent, too, where the wrapped Python is a callable the caller supplies "
        "(a parameter of a function around the call, `def insert_pyfunc(func, ...)`, or an attribute `__init__` sets "
        "from its parameter, `self.skip_py_fn = skip_py_fn`, when this module never passes that parameter itself) or a "
        "function of this module that calls one: what it does is not known here, and wrapping any Python function is "
        "what the py_function is for."
    )
    why_bad = (
        "The wrapped Python runs eagerly on every call, holding the GIL, so it is slower than TensorFlow ops "
        "and serialises parallel work (tf.data map parallelism, multiple devices). The graph only references "
        "the Python function, so a SavedModel does not contain it and cannot be served without the original "
        "code, and it does not work on TPUs or remote workers under a distribution strategy. The TF API docs "
        "list these limits. In a `tf.data` input pipeline only the first cost applies (the pipeline is not "
        "saved with a model and runs on the host), and the message then names only it. The study counts 57 of its 159 labelled fix commits as performance fixes; this "
        "rule does not claim a study category of its own."
    )
    use_instead = (
        "TensorFlow ops where they exist (`tf.io.read_file`, `tf.io.parse_tensor`, `tf.strings.*`, "
        "`tf.image.*`, `tf.numpy`-style ops in `tf.experimental.numpy`). Keep `tf.py_function` where Python "
        "really is needed, and mark it with `# noqa: HYB028`."
    )
    fix_safety_doc = "No fix: replacing Python code with TensorFlow ops needs a person."
    references = (
        "https://www.tensorflow.org/api_docs/python/tf/py_function",
        "https://www.tensorflow.org/api_docs/python/tf/numpy_function",
    )
    examples = (
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def standardize(image):\n"
            "    return ((image - image.mean()) / image.std()).astype(np.float32)\n\n"
            "@tf.function\n"
            "def preprocess(image):\n"
            "    return tf.numpy_function(standardize, [image], tf.float32)\n",
            flagged=["tf.numpy_function(standardize, [image], tf.float32)"],
            note="NumPy arithmetic that `tf.image.per_image_standardization` does as an op",
            name="numpy-arithmetic-with-tf-op",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def augment(image):\n"
            "    return tf.numpy_function(np.fliplr, [image], tf.float32)\n\n"
            "dataset = tf.data.Dataset.from_tensor_slices(np.zeros([4, 8, 8], np.float32)).map(augment)\n",
            flagged=["tf.numpy_function(np.fliplr, [image], tf.float32)"],
            note="traced by a tf.data transformation",
            name="traced-tf-data-transformation",
        ),
        Bad(
            "import tensorflow as tf\n\n"
            "@tf.py_function(Tout=tf.string)\n"
            "def describe(x):\n"
            "    return str(x.numpy())\n\n"
            "@tf.function\n"
            "def step(x):\n"
            "    return describe(x)\n",
            flagged=[("describe(x)", 1)],
            note="decorator form",
            name="decorator-form",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "class Normalizer:\n"
            "    def standardize(self, image):\n"
            "        return ((image - image.mean()) / image.std()).astype(np.float32)\n\n"
            "class Loader(Normalizer):\n"
            "    @tf.function\n"
            "    def parse(self, image):\n"
            "        return tf.numpy_function(self.standardize, [image], tf.float32)\n\n"
            "loader = Loader()\n"
            "images = loader.parse(tf.constant([[1.0, 2.0], [3.0, 4.0]]))\n",
            flagged=["tf.numpy_function(self.standardize, [image], tf.float32)"],
            note="a method inherited from a base class: NumPy arithmetic that an op does",
            name="inherited-numpy-arithmetic",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def load(path):\n"
            "    return tf.io.parse_tensor(tf.io.read_file(path), tf.float32)\n",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "def flip(image):\n"
            "    return tf.numpy_function(np.fliplr, [image], tf.float32)\n\n"
            "flipped = flip(tf.zeros([8, 8]))\n",
            note="eager code: the Python function just runs",
            name="eager-code-python-function-just",
        ),
        Good(
            "import librosa\n"
            "import tensorflow as tf\n\n"
            "def load_audio(path):\n"
            "    def read(p):\n"
            "        wave, _ = librosa.load(p.decode(\"utf-8\"), sr=16000)\n"
            "        return wave\n"
            "    return tf.numpy_function(read, [path], tf.float32)\n\n"
            "dataset = tf.data.Dataset.list_files(\"clips/*.mp3\").map(load_audio)\n",
            note="the wrapped Python decodes audio files of any format: no TensorFlow op does, so there is "
            "no op to prefer",
            name="decodes-media-files",
        ),
        Good(
            "import librosa\n"
            "import tensorflow as tf\n\n"
            "class AudioDataset:\n"
            "    def read(self, path):\n"
            "        wave, _ = librosa.load(path.decode(\"utf-8\"), sr=16000)\n"
            "        return wave\n\n"
            "class ClipDataset(AudioDataset):\n"
            "    @tf.function\n"
            "    def parse(self, path):\n"
            "        return tf.numpy_function(self.read, [path], tf.float32)\n",
            note="the audio decoding is in a method the class inherits: found through the base class",
            name="decodes-media-files-inherited",
        ),
        Good(
            "import librosa\n"
            "import tensorflow as tf\n\n"
            "class AudioDataset:\n"
            "    def read(self, path):\n"
            "        wave, _ = librosa.load(path, sr=16000)\n"
            "        return wave\n\n"
            "class SliceDataset(AudioDataset):\n"
            "    def read(self, path):\n"
            "        return super().read(path.decode(\"utf-8\"))\n\n"
            "    @tf.function\n"
            "    def parse(self, path):\n"
            "        return tf.numpy_function(self.read, [path], tf.float32)\n",
            note="an override that hands the path to the base class's reader through `super()`",
            name="decodes-media-files-through-super",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n"
            "@tf.function\n"
            "def load(path):\n"
            "    return tf.py_function(lambda p: np.load(p.numpy().decode()), [path], tf.float32)\n",
            note="reads a `.npy` file, a format no TensorFlow op reads",
            name="reads-npy-file",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "history = []\n\n"
            "@tf.function\n"
            "def loss_and_record(x):\n"
            "    loss = tf.reduce_sum(x * x)\n"
            "    tf.py_function(history.append, inp=[loss], Tout=[])\n"
            "    return loss\n",
            note="`Tout=[]`: the Python runs for its side effect on every call, which is what the "
            "py_function is for; no TensorFlow op appends to a Python list",
            name="side-effect-on-every-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from pkg.audio import load_wav\n\n"
            "def parse(path):\n"
            "    def read(p):\n"
            "        return load_wav(p.decode(\"utf-8\"))\n"
            "    return tf.numpy_function(read, [path], tf.float32)\n\n"
            "dataset = tf.data.Dataset.list_files(\"clips/*.flac\").map(parse)\n",
            path="pkg/data.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/audio.py",
                    "import soundfile as sf\n\n\n"
                    "def load_wav(path):\n"
                    "    wave, _ = sf.read(path, dtype=\"float32\")\n"
                    "    return wave\n",
                ),
            ),
            note="the file reader is in another module (the project index notes it)",
            name="decodes-media-files-other-module",
        ),
        Good(
            "import pandas as pd\n"
            "import tensorflow as tf\n\n\n"
            "def read_table(path):\n"
            "    return pd.read_parquet(path.decode(\"utf-8\")).to_numpy(\"float32\")\n\n\n"
            "def load(path):\n"
            "    return tf.numpy_function(read_table, [path], tf.float32)\n\n\n"
            "dataset = tf.data.Dataset.list_files(\"tables/*.parquet\").map(load)\n",
            note="a call named for reading, given the path the wrapped function received: it reads a file",
            name="reads-file-given-by-path",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "def serialize(image, label):\n"
            "    feature = {\n"
            "        \"image\": tf.train.Feature(bytes_list=tf.train.BytesList(value=[image.numpy().tobytes()])),\n"
            "        \"label\": tf.train.Feature(int64_list=tf.train.Int64List(value=[int(label.numpy())])),\n"
            "    }\n"
            "    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()\n\n\n"
            "def tf_serialize(image, label):\n"
            "    return tf.reshape(tf.py_function(serialize, (image, label), tf.string), ())\n\n\n"
            "dataset = tf.data.Dataset.from_tensor_slices((tf.zeros([2, 4]), tf.constant([0, 1]))).map(tf_serialize)\n",
            note="builds and serialises a `tf.train.Example`, as the TFRecord guide does: no op builds one",
            name="serializes-example-proto",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n"
            "from rpc import client\n\n\n"
            "class Augmenter:\n"
            "    def __init__(self):\n"
            "        self.workers = client.Client(\"tcp://localhost:6555\")\n\n"
            "    def remote(self, images):\n"
            "        self.workers.send(images.tobytes())\n"
            "        return np.frombuffer(self.workers.recv(), np.uint8).reshape(images.shape)\n\n"
            "    @tf.function\n"
            "    def augment(self, images):\n"
            "        return tf.numpy_function(self.remote, [images], tf.uint8)\n",
            note="sends the batch to worker processes through a client the class made from another library: "
            "no op does that",
            name="calls-client-of-other-library",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n"
            "import webrtcvad\n\n\n"
            "def speech_frames(frames, rate):\n"
            "    detector = webrtcvad.Vad(2)\n"
            "    return np.array([detector.is_speech(f.tobytes(), int(rate)) for f in frames])\n\n\n"
            "def add_decisions(frames):\n"
            "    return tf.numpy_function(speech_frames, [frames, 16000], tf.bool)\n\n\n"
            "def with_vad(ds):\n"
            "    return ds.map(add_decisions)\n",
            note="calls a library (a voice-activity detector) whose work no TensorFlow op does",
            name="calls-special-purpose-library",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class Decoder:\n"
            "    def __init__(self, vocabulary):\n"
            "        self.vocabulary = vocabulary\n\n"
            "    def _beam_search(self, logits):\n"
            "        from ctc_decoders import ctc_beam_search_decoder\n"
            "        return ctc_beam_search_decoder(logits, self.vocabulary, 16)\n\n"
            "    @tf.function\n"
            "    def recognize(self, logits):\n"
            "        return tf.numpy_function(self._beam_search, [logits], tf.string)\n",
            note="the same, with the library imported inside the wrapped function",
            name="calls-library-imported-in-function",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "class PythonFilter(tf.keras.layers.Layer):\n"
            "    def __init__(self, keep_fn, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.keep_fn = keep_fn\n\n"
            "    def call(self, tokens):\n"
            "        def string_fn(token):\n"
            "            return self.keep_fn(token.numpy().decode(\"utf-8\"))\n\n"
            "        def int_fn(token):\n"
            "            return self.keep_fn(token.numpy())\n\n"
            "        py_fn = string_fn if tokens.dtype == tf.string else int_fn\n"
            "        return tf.map_fn(\n"
            "            lambda t: tf.py_function(py_fn, [t], tf.bool), tokens, fn_output_signature=tf.bool\n"
            "        )\n",
            note="the wrapped Python only hands each token to a callable the user gave the layer: what it does is "
            "the user's, unknown here, and running any Python function is what the py_function is for",
            name="forwards-to-user-callable",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class StopwordFilter(tf.keras.layers.Layer):\n"
            "    def __init__(self, stopwords, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.stopwords = set(stopwords)\n\n"
            "    def keep(self, word):\n"
            "        return word not in self.stopwords\n\n"
            "    def call(self, tokens):\n"
            "        def string_fn(token):\n"
            "            return self.keep(token.numpy().decode(\"utf-8\"))\n\n"
            "        def int_fn(token):\n"
            "            return self.keep(token.numpy())\n\n"
            "        py_fn = string_fn if tokens.dtype == tf.string else int_fn\n"
            "        return tf.map_fn(\n"
            "            lambda t: tf.py_function(py_fn, [t], tf.bool), tokens, fn_output_signature=tf.bool\n"
            "        )\n",
            flagged=["tf.py_function(py_fn, [t], tf.bool)"],
            note="the near miss: the wrapped Python calls the layer's own method, whose work is known (a lookup "
            "that a `tf.lookup` table does)",
            name="forwards-to-own-method",
        ),
        Bad(
            "import tensorflow as tf\n\n\n"
            "class PythonFilter(tf.keras.layers.Layer):\n"
            "    def __init__(self, keep_fn, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.keep_fn = keep_fn\n\n"
            "    @classmethod\n"
            "    def alphabetic(cls):\n"
            "        return cls(keep_fn=str.isalpha)\n\n"
            "    def call(self, tokens):\n"
            "        def keep(token):\n"
            "            return self.keep_fn(token.numpy().decode(\"utf-8\"))\n\n"
            "        return tf.map_fn(lambda t: tf.py_function(keep, [t], tf.bool), tokens, fn_output_signature=tf.bool)\n",
            flagged=["tf.py_function(keep, [t], tf.bool)"],
            note="the near miss: the module itself makes the layer with a callable it chose (`str.isalpha`), so what "
            "the wrapped Python runs is not only the user's",
            name="callable-chosen-by-module",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class EstimatorLayer(tf.keras.layers.Layer):\n"
            "    def __init__(self, estimator, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.estimator = estimator\n\n"
            "    def call(self, inputs):\n"
            "        def predict(x):\n"
            "            return np.asarray(self.estimator.predict(x), dtype=np.float32).reshape(-1, 1)\n\n"
            "        return tf.numpy_function(predict, [inputs], tf.float32)\n",
            note="the wrapped Python calls a method of an object the user gave the layer (a fitted scikit-learn "
            "estimator): what it does is the user's, and no TensorFlow op runs it",
            name="calls-method-of-user-object",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class TableLayer(tf.keras.layers.Layer):\n"
            "    def __init__(self, values, **kwargs):\n"
            "        super().__init__(**kwargs)\n"
            "        self.table = np.asarray(values, dtype=np.float32)\n\n"
            "    def call(self, inputs):\n"
            "        def lookup(i):\n"
            "            return self.table.take(i)\n\n"
            "        return tf.numpy_function(lookup, [inputs], tf.float32)\n",
            flagged=["tf.numpy_function(lookup, [inputs], tf.float32)"],
            note="the near miss: the layer makes the array itself from the numbers it is given, and indexing it is "
            "work `tf.gather` does in the graph",
            name="calls-method-of-own-array",
        ),
        Good(
            "import tensorflow as tf\n\n\n"
            "@tf.function\n"
            "def apply_python(func, x):\n"
            "    return tf.py_function(func, [x], tf.float32)\n",
            note="an API that wraps whatever function its caller passes: the wrapped Python is not known here",
            name="wraps-function-parameter",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "import pkg.vad as vad\n\n\n"
            "def add_decisions(frames):\n"
            "    return tf.numpy_function(vad.speech_frames, [frames, 16000], tf.bool)\n\n\n"
            "def with_vad(ds):\n"
            "    return ds.map(add_decisions)\n",
            path="pkg/steps.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/vad.py",
                    "import numpy as np\n"
                    "import tensorflow as tf\n"
                    "import webrtcvad\n\n\n"
                    "def speech_frames(frames, rate):\n"
                    "    detector = webrtcvad.Vad(2)\n"
                    "    return np.array([detector.is_speech(f.tobytes(), int(rate)) for f in frames])\n\n\n"
                    "def to_tensor(frames):\n"
                    "    return tf.constant(frames)\n",
                ),
            ),
            note="the wrapped function is another module's, passed by name: the project index notes its library",
            name="calls-special-purpose-library-other-module",
        ),
        Bad(
            "import numpy as np\n"
            "import scipy.ndimage\n"
            "import tensorflow as tf\n\n\n"
            "def rotate(image):\n"
            "    return scipy.ndimage.rotate(image, 15, reshape=False).astype(np.float32)\n\n\n"
            "def augment(image):\n"
            "    return tf.numpy_function(rotate, [image], tf.float32)\n\n\n"
            "dataset = tf.data.Dataset.from_tensor_slices(np.zeros([2, 8, 8], np.float32)).map(augment)\n",
            flagged=["tf.numpy_function(rotate, [image], tf.float32)"],
            note="SciPy image arithmetic, which TensorFlow ops cover: still reported, and in an input pipeline "
            "the message names only the GIL",
            name="scipy-arithmetic-in-pipeline",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from pkg.audio import AudioDataset\n\n\n"
            "class ClipDataset(AudioDataset):\n"
            "    @tf.function\n"
            "    def parse(self, path):\n"
            "        return tf.numpy_function(self.read, [path], tf.float32)\n",
            path="pkg/data.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/audio.py",
                    "import soundfile as sf\n\n\n"
                    "class AudioDataset:\n"
                    "    def read(self, path):\n"
                    "        wave, _ = sf.read(path.decode(\"utf-8\"), dtype=\"float32\")\n"
                    "        return wave\n",
                ),
            ),
            note="the method that decodes audio is inherited from a base class of another module",
            name="decodes-media-files-inherited-other-module",
        ),
        Good(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Agent:\n"
            "    def __init__(self, envs, model):\n"
            "        self.envs = envs\n"
            "        self.model = model\n"
            "        self.states = [env.reset() for env in envs]\n\n"
            "    def get_states(self):\n"
            "        return np.array(self.states, np.float32)\n\n"
            "    def step_envs(self, actions):\n"
            "        rewards = []\n"
            "        for i, env in enumerate(self.envs):\n"
            "            self.states[i], reward = env.step(actions[i])\n"
            "            rewards.append(reward)\n"
            "        return np.array(rewards, np.float32)\n\n"
            "    @tf.function\n"
            "    def train_step(self):\n"
            "        states = tf.numpy_function(self.get_states, [], tf.float32)\n"
            "        actions = tf.argmax(self.model(states), axis=-1)\n"
            "        return tf.numpy_function(self.step_envs, [actions], tf.float32)\n",
            note="the wrapped methods step the environments the agent keeps and read their latest observations: "
            "`step_envs` changes `self.states` in place, and `get_states` reads it; no TensorFlow op reads or "
            "changes a Python object's state, so there is no op to prefer",
            name="keeps-python-state-of-object",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Agent:\n"
            "    def __init__(self, envs, model):\n"
            "        self.envs = envs\n"
            "        self.model = model\n"
            "        self.states = [env.reset() for env in envs]\n\n"
            "    def get_states(self):\n"
            "        return np.array(self.states, np.float32)\n\n"
            "    @tf.function\n"
            "    def train_step(self):\n"
            "        states = tf.numpy_function(self.get_states, [], tf.float32)\n"
            "        return tf.argmax(self.model(states), axis=-1)\n",
            flagged=["tf.numpy_function(self.get_states, [], tf.float32)"],
            note="the near miss: nothing changes `self.states` after `__init__`, so the array is the same on every "
            "call, which a constant in the graph holds",
            name="reads-state-set-once",
        ),
        Bad(
            "import numpy as np\n"
            "import tensorflow as tf\n\n\n"
            "class Decoder:\n"
            "    def _decode_np(self, llr):\n"
            "        self.scores = np.zeros(llr.shape[0], np.float32)\n"
            "        self._accumulate(llr)\n"
            "        return self.scores\n\n"
            "    def _accumulate(self, llr):\n"
            "        self.scores += llr.sum(axis=-1)\n\n"
            "    @tf.function\n"
            "    def decode(self, llr):\n"
            "        return tf.numpy_function(self._decode_np, [llr], tf.float32)\n",
            flagged=["tf.numpy_function(self._decode_np, [llr], tf.float32)"],
            note="the near miss: each call starts `self.scores` afresh, a scratch array of that call rather than state "
            "the object keeps between calls, and the NumPy arithmetic on it is work TensorFlow ops do",
            name="scratch-state-of-one-call",
        ),
        Good(
            "import tensorflow as tf\n\n"
            "from pkg.base import OffPolicy\n\n\n"
            "class DQN(OffPolicy):\n"
            "    @tf.function\n"
            "    def train_step(self):\n"
            "        states = tf.numpy_function(self.get_states, [], tf.float32)\n"
            "        return tf.argmax(self.model(states), axis=-1)\n",
            path="pkg/dqn.py",
            project=(
                ("pkg/__init__.py", ""),
                (
                    "pkg/base.py",
                    "from abc import ABC\n\n"
                    "import numpy as np\n\n\n"
                    "class BaseAgent(ABC):\n"
                    "    def __init__(self, envs, model):\n"
                    "        self.envs = envs\n"
                    "        self.model = model\n"
                    "        self.states = [env.reset() for env in envs]\n\n"
                    "    def get_states(self):\n"
                    "        return np.array(self.states, np.float32)\n\n"
                    "    def step_envs(self, actions):\n"
                    "        for i, env in enumerate(self.envs):\n"
                    "            self.states[i], _ = env.step(actions[i])\n\n\n"
                    "class OffPolicy(BaseAgent, ABC):\n"
                    "    def fill_buffers(self):\n"
                    "        self.step_envs(np.zeros(len(self.envs), np.int64))\n",
                ),
            ),
            note="the same through base classes of another module (the index notes what `get_states` reads); `ABC` "
            "among the bases adds no method",
            name="keeps-python-state-of-object-other-module",
        ),
    )

    oracle = Oracle(
        symptom=NotObservable(
            "the costs (Python on every step under the GIL, no SavedModel, no TPU or remote workers) need a "
            "saved model, a cluster or scale to show; the oracle checks that the examples run and agree"
        ),
        runs={
            "numpy-arithmetic-with-tf-op": "outputs = preprocess(tf.constant([[1.0, 2.0], [3.0, 4.0]]))",
            "traced-tf-data-transformation": "outputs = [e.numpy().tolist() for e in dataset.take(1)]",
            "decorator-form": "outputs = step(tf.constant(1.0))",
            "inherited-numpy-arithmetic": "outputs = images",
            "eager-code-python-function-just": "outputs = flipped",
            "serializes-example-proto": "outputs = [len(e.numpy()) > 0 for e in dataset]",
            "forwards-to-user-callable": "keep = PythonFilter(lambda word: word != 'a')\n"
            "outputs = tf.function(keep)(tf.constant(['a', 'b'])).numpy().tolist()",
            "forwards-to-own-method": "keep = StopwordFilter(['a'])\n"
            "outputs = tf.function(keep)(tf.constant(['a', 'b'])).numpy().tolist()",
            "callable-chosen-by-module": "keep = PythonFilter.alphabetic()\n"
            "outputs = tf.function(keep)(tf.constant(['a', '1'])).numpy().tolist()",
            "wraps-function-parameter": "outputs = apply_python(sorted, tf.constant([2.0, 1.0])).numpy().tolist()",
            # the side effect runs on each call, not once per trace
            "keeps-python-state-of-object": _AGENT_RUN,
            "reads-state-set-once": _AGENT_RUN,
            "scratch-state-of-one-call": "decoder = Decoder()\noutputs = decoder.decode(tf.ones([2, 3])).numpy().tolist()",
            "side-effect-on-every-call": "loss_and_record(tf.constant([1.0]))\nloss_and_record(tf.constant([2.0]))\n"
            "outputs = len(history)",
        },
    )

    @classmethod
    def summarize_function(cls, ctx, info: FunctionInfo) -> Optional[object]:
        """For py_function calls in other modules: the file or media reader this function calls."""
        return reads_files(ctx.facts, info)

    def _no_op_for(self, wrapped: Optional[ast.expr], target: Optional[FunctionInfo], tout: Optional[ast.expr]) -> bool:
        """The wrapped Python does what no TensorFlow op does, so there is no op to prefer: it returns
        nothing (a Python side effect on every call, such as appending to a history list; printing
        excepted, which `tf.print` does), or it reads or decodes files (`librosa.load`, `PIL.Image.open`,
        `open`)."""
        ctx = self.ctx
        facts = ctx.facts
        if _returns_nothing(tout):
            return not (isinstance(wrapped, ast.Name) and wrapped.id == "print" and not rebound("print", ctx.function))
        if _runs_caller_callable(facts, wrapped, ctx.function):
            return True
        if wrapped is not None:
            qual = facts.qualname(wrapped, ctx.function)
            if _reader(qual):
                return True
            if target is None and qual is not None and facts.link is not None:
                external = facts.link.function(qual)
                if external is not None and isinstance(external.notes.get(self.code), str):
                    return True
        return target is not None and reads_files(facts, target) is not None

    def visit_Call(self, node: ast.Call) -> None:
        ctx = self.ctx
        graph = ctx.graph
        if graph is None:
            return
        name = ctx.qualname(node.func)
        cls = ctx.facts.enclosing_class(ctx.function)
        if name in PY_FUNCTION_NAMES:
            wrapped = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "func"), None)
            target = None
            if wrapped is not None:
                target, _ = ctx.facts.resolve_callable(wrapped, ctx.function, cls, external=True)
            if self._no_op_for(wrapped, target, _outputs(node)):
                return
            shown = ctx.source.segment(node.func)
            what = f"`{shorten(ctx.source.segment(wrapped))}`" if wrapped is not None else "Python"
            self.report(
                node,
                f"`{shown}` runs {what} eagerly on every call of {function_label(ctx.function)} (traced: "
                f"{graph.describe()}): {_costs(graph)}. If TensorFlow ops can do this work, prefer them; if not, "
                "this is the intended escape hatch (mark it `# noqa: HYB028`).",
                related=ctx.graph_related(),
            )
            return
        target, _ = ctx.facts.resolve_callable(node.func, ctx.function, cls)
        decorator = ctx.facts.decorator_named(target, PY_FUNCTION_NAMES) if target is not None else None
        if decorator is None:
            return
        tout = _outputs(decorator) if isinstance(decorator, ast.Call) else None
        if self._no_op_for(None, target, tout):
            return
        related: List[Related] = [Related(ctx.span(decorator), f"`{target.name}` is wrapped in a py_function here")]
        self.report(
            node,
            f"`{target.name}` is a `{ctx.source.segment(decorator.func if isinstance(decorator, ast.Call) else decorator)}`: "
            f"calling it from {function_label(ctx.function)} (traced: {graph.describe()}) runs Python eagerly on every "
            f"call: {_costs(graph)}. If TensorFlow ops can do this work, prefer them.",
            related=related + list(ctx.graph_related()),
        )
