"""Python side-effect summaries (rules.md §3.5): what a traced function changes outside its own call."""

from __future__ import annotations

import ast
import textwrap

from hybridlint import effects as effects_module
from hybridlint.effects import (
    ATTRIBUTE_WRITE,
    CLOSURE,
    GLOBAL,
    GLOBAL_WRITE,
    MUTATION,
    NONLOCAL,
    NONLOCAL_WRITE,
    PARAMETER,
    PRINT,
    SELF,
    effects_for,
)
from hybridlint.facts import ModuleFacts


def analyse(code: str):
    facts = ModuleFacts(ast.parse(textwrap.dedent(code)))
    analysis = effects_for(facts)

    def summary(qualname: str, transitive: bool = False):
        info = next(f for f in facts.functions if f.qualname == qualname)
        found = analysis.transitive(info) if transitive else analysis.local(info)
        return sorted((e.kind, e.root, e.name) for e in found)

    return facts, analysis, summary


def test_print_and_mutations_of_state_outside_the_call():
    _, _, summary = analyse(
        """
        import tensorflow as tf
        history = []
        stats = {}

        class Model(tf.Module):
            @tf.function
            def step(self, x, log):
                print("x", x)
                history.append(x)
                stats["last"] = x
                del stats["old"]
                self.seen.add(1)
                log.entries.append(x)
                return x
        """
    )
    assert summary("Model.step") == [
        (MUTATION, GLOBAL, "history"),
        (MUTATION, GLOBAL, "stats"),
        (MUTATION, GLOBAL, "stats"),
        (MUTATION, PARAMETER, "log.entries"),
        (MUTATION, SELF, "self.seen"),
        (PRINT, "output", "print"),
    ]


def test_rebinding_globals_nonlocals_and_writing_attributes():
    _, _, summary = analyse(
        """
        import tensorflow as tf
        counter = 0

        def make():
            total = 0
            items = []

            @tf.function
            def step(x, obj):
                global counter
                nonlocal total
                counter += 1
                total = total + 1
                items.append(x)
                obj.last = x
                setattr(obj, "count", 1)
                return x
            return step
        """
    )
    assert summary("make.step") == [
        (ATTRIBUTE_WRITE, PARAMETER, "obj.count"),
        (ATTRIBUTE_WRITE, PARAMETER, "obj.last"),
        (GLOBAL_WRITE, GLOBAL, "counter"),
        (MUTATION, CLOSURE, "items"),
        (NONLOCAL_WRITE, NONLOCAL, "total"),
    ]


def test_local_state_imports_and_shadowed_print_are_not_effects():
    _, _, summary = analyse(
        """
        import sys
        import tensorflow as tf
        from rich import print

        @tf.function
        def step(x):
            parts = []
            parts.append(x)
            table = {}
            table["k"] = x
            sys.path.append("lib")
            print(x)
            return tf.stack(parts)
        """
    )
    assert summary("step") == []


def test_a_local_alias_of_outside_state_is_that_state():
    _, _, summary = analyse(
        """
        import tensorflow as tf

        class Tracker(tf.Module):
            def __init__(self):
                self.log = []

            @tf.function
            def step(self, x):
                log = self.log
                log.append(x)
                return x
        """
    )
    assert summary("Tracker.step") == [(MUTATION, SELF, "log")]


def test_effects_flow_through_calls_seen_from_the_caller():
    _, analysis, summary = analyse(
        """
        import tensorflow as tf
        history = []

        def add_to(bucket, value):
            bucket.append(value)

        def shout(x):
            print(x)

        class M(tf.Module):
            def _record(self, x):
                self.count = 1

            @tf.function
            def __call__(self, x):
                local = []
                add_to(local, x)
                add_to(history, x)
                shout(x)
                self._record(x)
                return x
        """
    )
    assert summary("add_to") == [(MUTATION, PARAMETER, "bucket")]
    assert summary("M.__call__") == []
    assert summary("M.__call__", transitive=True) == [
        (ATTRIBUTE_WRITE, SELF, "self.count"),
        (MUTATION, GLOBAL, "history"),
        (PRINT, "output", "print"),
    ]


def test_a_helper_closing_over_the_callers_locals_changes_nothing_outside():
    _, _, summary = analyse(
        """
        import tensorflow as tf

        @tf.function
        def step(x):
            acc = []

            def add(v):
                acc.append(v)

            add(x)
            return tf.add_n(acc)
        """
    )
    assert summary("step.add") == [(MUTATION, CLOSURE, "acc")]
    assert summary("step", transitive=True) == []


def test_eager_only_blocks_are_marked():
    facts, analysis, _ = analyse(
        """
        import tensorflow as tf
        log = []

        @tf.function
        def step(x):
            with tf.init_scope():
                log.append("traced")
            if tf.executing_eagerly():
                print(x)
            log.append(x)
            return x
        """
    )
    info = next(f for f in facts.functions if f.name == "step")
    marks = sorted((e.kind, e.eager) for e in analysis.local(info))
    assert marks == [(MUTATION, False), (MUTATION, True), (PRINT, True)]


def test_describe_says_what_changes():
    facts, analysis, _ = analyse(
        """
        import tensorflow as tf
        history = []
        n = 0

        @tf.function
        def step(x):
            global n
            n += 1
            history.append(x)
            return x
        """
    )
    info = next(f for f in facts.functions if f.name == "step")
    texts = sorted(e.describe() for e in analysis.local(info))
    assert texts == ["mutates the global `history` with `.append(...)`", "rebinds the global `n`"]


def test_recursion_ends_and_summaries_are_cached(monkeypatch):
    walks = []
    original = effects_module._BodyWalker.run

    def counting(self):
        walks.append(self.info.name)
        return original(self)

    monkeypatch.setattr(effects_module._BodyWalker, "run", counting)
    _, _, summary = analyse(
        """
        import tensorflow as tf
        seen = []

        def ping(x):
            seen.append(x)
            return pong(x)

        def pong(x):
            print(x)
            return ping(x)

        @tf.function
        def start(x):
            return ping(x)
        """
    )
    assert walks == []
    assert summary("start", transitive=True) == [(MUTATION, GLOBAL, "seen"), (PRINT, "output", "print")]
    assert summary("start", transitive=True) == [(MUTATION, GLOBAL, "seen"), (PRINT, "output", "print")]
    assert sorted(walks) == ["ping", "pong", "start"]


def test_effects_after_an_eager_guard_are_eager():
    facts, analysis, _ = analyse(
        """
        import tensorflow as tf

        log = []

        @tf.function
        def step(x):
            log.append(x)
            ok = tf.executing_eagerly() and print(x)
            if not tf.executing_eagerly():
                return x
            log.append("eager")
            return x
        """
    )
    info = next(f for f in facts.functions if f.name == "step")
    marks = sorted((e.kind, e.eager) for e in analysis.local(info))
    assert marks == [(MUTATION, False), (MUTATION, True), (PRINT, True)]


def test_output_calls_and_loggers_are_one_shared_answer():
    """`EffectAnalysis.output_kind` / `is_logger`: the builtin print, logging modules' functions, stream
    writes, and loggers however they are bound; not a shadowed `print`, an imported name or an unknown
    object's `info`."""
    from hybridlint.effects import effects_for

    tree = ast.parse(
        textwrap.dedent(
            """
            import logging
            import sys
            import tensorflow as tf
            from absl import logging as absl_logging
            from reporting import out as imported

            out = logging.getLogger(__name__)

            class Trainer:
                def __init__(self):
                    self._log = tf.get_logger()
                    self.meter = object()

                def step(self, x):
                    print(x)
                    logging.info("%s", x)
                    absl_logging.warning("x")
                    sys.stdout.write("x")
                    out.info("x")
                    self._log.debug("x")
                    logging.getLogger("a").error("x")
                    imported.info("x")
                    self.meter.info("x")
                    x.info("x")

            def shadowed(print):
                print("x")
            """
        )
    )
    facts = ModuleFacts(tree)
    effects = effects_for(facts)

    def kinds(qualname):
        info = next(f for f in facts.functions if f.qualname == qualname)
        statements = [s.value for s in info.node.body if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)]
        return [effects.output_kind(call, info) for call in statements]

    assert kinds("Trainer.step") == ["print", "log", "log", "log", "log", "log", "log", None, None, None]
    assert kinds("shadowed") == [None]
