"""The oracle worker: runs rule examples with real TensorFlow and reports what happened.

Run by the TensorFlow interpreter (`.venv-tf/bin/python` or $HYBRIDLINT_TF_PYTHON), which has no
hybridlint installed: this file uses only the standard library and TensorFlow. It starts TensorFlow
once and then runs every case it is sent.

Protocol: one JSON object on stdin, `{"cases": [case, ...], "timeout": seconds}`, where a case is
`{"id", "code", "setup", "driver", "mode": "graph"|"eager", "values": [expr, ...], "at_import": bool}`.
On stdout, one JSON object per line: `{"kind": "hello", "tensorflow": version, "keras": version}` (or
`{"kind": "unavailable", "reason": ...}` when TensorFlow does not import), then
`{"kind": "result", "id": ..., <observation>}` per case, then `{"kind": "done"}`.
An observation has `error`, `outputs`, `values`, `stdout`, `stderr`, `log` and `seconds`.

Each case runs in a fresh namespace, from real files (AutoGraph reads the source of the functions it
converts), with seeds reset so the eager and graph runs of an example build the same weights.
Everything the case writes to file descriptors 1 and 2 is captured, so `tf.print` (written by
TensorFlow's C++ runtime) is seen as well as Python's `print`.
"""

import contextlib
import ctypes
import json
import logging
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep C++ start-up chatter out of captured stderr


class CaseTimeout(Exception):
    pass


def jsonable(value, depth=0):
    """Tensors, arrays and nests of them as plain JSON values."""
    if depth > 20:
        return {"unconvertible": type(value).__name__}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {str(k): jsonable(v, depth + 1) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [jsonable(v, depth + 1) for v in value]
    numpy = getattr(value, "numpy", None)
    if callable(numpy):
        try:
            return jsonable(numpy(), depth + 1)
        except Exception:  # a symbolic tensor leaked out of a graph
            return {"unconvertible": type(value).__name__}
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return jsonable(tolist(), depth + 1)
    item = getattr(value, "item", None)
    if callable(item):
        return jsonable(item(), depth + 1)
    return {"unconvertible": type(value).__name__}


def describe_error(error, phase):
    return {
        "type": type(error).__name__,
        "mro": [cls.__name__ for cls in type(error).__mro__[1:]],
        "message": str(error),
        "phase": phase,
    }


class Capture:
    """Redirects file descriptors 1 and 2 into files for the duration of a case."""

    def __init__(self, folder):
        self.folder = folder
        try:
            self.libc = ctypes.CDLL(None)
        except OSError:
            self.libc = None

    def _flush(self):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        if self.libc is not None:
            with contextlib.suppress(Exception):
                self.libc.fflush(None)

    @contextlib.contextmanager
    def __call__(self, result):
        paths = [os.path.join(self.folder, name) for name in ("out.txt", "err.txt")]
        files = [open(path, "wb") for path in paths]
        saved = [os.dup(1), os.dup(2)]
        self._flush()
        os.dup2(files[0].fileno(), 1)
        os.dup2(files[1].fileno(), 2)
        try:
            yield
        finally:
            self._flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
            for handle in files:
                handle.close()
            for key, path in zip(("stdout", "stderr"), paths):
                with open(path, "rb") as handle:
                    result[key] = handle.read().decode("utf-8", "replace")


class LogRecorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        with contextlib.suppress(Exception):
            self.lines.append(f"{record.levelname}: {record.getMessage()}")


def safe_name(case_id):
    return re.sub(r"[^A-Za-z0-9_]", "_", case_id)[:80] or "case"


def run_case(tf, case, folder, capture, timeout):
    result = {"error": None, "outputs": None, "values": {}, "log": []}
    base = os.path.join(folder, safe_name(case["id"]))
    sources = []
    for part in ("setup", "code", "driver"):
        path = f"{base}_{part}.py"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(case.get(part) or "")
        sources.append((part, path))

    namespace = {"__name__": "oracle_example", "__builtins__": __builtins__}
    recorder = LogRecorder()
    tf_logger = logging.getLogger("tensorflow")
    # A case may add logging handlers or swap sys.stdout; none of that may reach the next case.
    saved_handlers = {logger: list(logger.handlers) for logger in (tf_logger, logging.getLogger())}
    saved_streams = (sys.stdout, sys.stderr)
    tf_logger.addHandler(recorder)
    start = time.perf_counter()
    reset_state(tf)
    tf.config.run_functions_eagerly(case.get("mode") == "eager")
    try:
        with capture(result), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                for part, path in sources:
                    with open(path, encoding="utf-8") as handle:
                        text = handle.read()
                    phase = {"code": "module"}.get(part, part)
                    try:
                        compiled = compile(text, path, "exec")
                        with at_import(tf, case.get("at_import") and part == "code"):
                            exec(compiled, namespace)
                    except (Exception, SystemExit, CaseTimeout) as error:  # the example's own failure
                        result["error"] = describe_error(error, phase)
                        break
                for expr in case.get("values") or ():
                    try:
                        result["values"][expr] = {"value": jsonable(eval(expr, namespace))}
                    except Exception as error:
                        result["values"][expr] = {"error": f"{type(error).__name__}: {error}"}
                if "outputs" in namespace:
                    result["outputs"] = jsonable(namespace["outputs"])
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            result["log"] = list(recorder.lines) + [
                f"{w.category.__name__}: {w.message}" for w in caught
            ]
    finally:
        for logger, handlers in saved_handlers.items():
            logger.handlers[:] = handlers
        sys.stdout, sys.stderr = saved_streams
        tf.config.run_functions_eagerly(False)
        namespace.clear()
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def _on_alarm(signum, frame):
    raise CaseTimeout("the case ran past its time limit")


@contextlib.contextmanager
def at_import(tf, active):
    """While the example's module body runs, answer TensorFlow's "still in graph mode?" question as it
    is answered before the eager context exists (at a real program's import time)."""
    if not active:
        yield
        return
    from tensorflow.python.util import is_in_graph_mode

    saved = is_in_graph_mode.IS_IN_GRAPH_MODE
    is_in_graph_mode.IS_IN_GRAPH_MODE = lambda: True
    try:
        yield
    finally:
        is_in_graph_mode.IS_IN_GRAPH_MODE = saved


def reset_state(tf):
    with contextlib.suppress(Exception):
        from tensorflow.python.util import deprecation

        deprecation._PRINTED_WARNING.clear()  # warn-once memory: every case starts like a new process
    if "keras" in sys.modules:  # Keras's global names and seed state; skip its slow gc.collect()
        with contextlib.suppress(Exception):
            try:
                sys.modules["keras"].backend.clear_session(free_memory=False)
            except TypeError:
                sys.modules["keras"].backend.clear_session()
    random.seed(0)
    with contextlib.suppress(Exception):
        import numpy

        numpy.random.seed(0)
    tf.random.set_seed(0)


def main():
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # anything printed outside a case goes to stderr, never into the protocol

    def send(message):
        protocol.write(json.dumps(message, allow_nan=True) + "\n")
        protocol.flush()

    request = json.load(sys.stdin)
    try:
        import tensorflow as tf
    except Exception as error:  # no TensorFlow in this interpreter
        send({"kind": "unavailable", "reason": f"{type(error).__name__}: {error}"})
        return 0
    keras_version = None
    with contextlib.suppress(Exception):
        import keras

        keras_version = keras.__version__
    send({"kind": "hello", "tensorflow": tf.__version__, "keras": keras_version, "python": sys.version.split()[0]})
    timeout = float(request.get("timeout", 120))
    with tempfile.TemporaryDirectory(prefix="hybridlint-oracle-") as folder:
        capture = Capture(folder)
        for case in request.get("cases", ()):
            try:
                result = run_case(tf, case, folder, capture, timeout)
            except BaseException as error:  # the worker itself failed on this case: report, go on
                if isinstance(error, KeyboardInterrupt):
                    raise
                result = {"error": describe_error(error, "worker"), "worker_traceback": traceback.format_exc()}
            send(dict(result, kind="result", id=case["id"]))
    send({"kind": "done"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
