"""Settings end to end: initializationOptions, didChangeConfiguration / workspace/configuration,
[tool.hybridlint] in the workspace's pyproject.toml (watched), and bad settings reported."""

from __future__ import annotations

import pytest
from lsp_support import Doc, by_code, capability, configure, pulls, wait_for
from lsprotocol import types
from pygls.uris import from_fs_path

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

DEPRECATED = (
    "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return tf.nn.relu(x)\n"
)


def _mark(doc: Doc) -> int:
    return len(doc.client.published)  # type: ignore[attr-defined]


async def _diagnostics_after_change(doc: Doc, predicate, mark: int):
    """The diagnostics after a settings change (sent after `mark`). A pull right after the change
    must already satisfy `predicate`: the server answers it with the new settings. A push client
    gets a publication made with them (one made before the server read the change may come first:
    the test cannot tell them apart), and none made with the old settings after it."""
    if pulls(doc.client):
        diagnostics = await doc.diagnostics()
        assert predicate(diagnostics), diagnostics
        return diagnostics
    published = doc.client.published  # type: ignore[attr-defined]
    index = -1 + await wait_for(  # (+1: index 0 must count as found)
        lambda: next((i + 1 for i in range(mark, len(published)) if published[i].uri == doc.uri and predicate(published[i].diagnostics)), None)
    )
    # A round trip: everything the server published before answering it is in hand.
    await doc.hover(types.Position(line=0, character=0))
    later = [p for p in published[index:] if p.uri == doc.uri]
    assert all(predicate(p.diagnostics) for p in later), [[(d.code, d.severity) for d in p.diagnostics] for p in later]
    return list(published[index].diagnostics)


async def test_configuration_changes_select_ignore_and_severity(client):
    doc = Doc(client, "model.py", DEPRECATED)
    (diag,) = by_code(await doc.diagnostics(), "HYB025")
    assert diag.severity == types.DiagnosticSeverity.Information
    mark = _mark(doc)
    configure(client, {"severity": {"HYB025": "error"}})
    await _diagnostics_after_change(
        doc, lambda ds: [d.severity for d in by_code(ds, "HYB025")] == [types.DiagnosticSeverity.Error], mark
    )
    mark = _mark(doc)
    configure(client, {"ignore": ["HYB025"]})
    await _diagnostics_after_change(doc, lambda ds: not by_code(ds, "HYB025"), mark)
    mark = _mark(doc)
    configure(client, {"select": ["HYB025"]})
    diagnostics = await _diagnostics_after_change(doc, lambda ds: by_code(ds, "HYB025"), mark)
    assert {d.code for d in diagnostics} == {"HYB025"}


@pytest.mark.init_options({"select": ["NOPE"]})
async def test_bad_initialization_options_are_shown_not_fatal(client):
    doc = Doc(client, "model.py", DEPRECATED)
    messages = await wait_for(lambda: [m for m in client.messages if "`select`" in m.message])
    assert messages[0].type == types.MessageType.Error and "'NOPE'" in messages[0].message
    assert by_code(await doc.diagnostics(), "HYB025")  # the defaults keep working


@pytest.mark.init_options({"settings": {"unsafeFixes": "yes", "colour": "blue", "ignore": ["HYB025"]}})
async def test_unknown_and_mistyped_keys_are_named_and_the_rest_applies(some_client):
    client = some_client
    doc = Doc(client, "model.py", DEPRECATED)
    assert by_code(await doc.diagnostics(), "HYB025") == []  # the good key applies
    messages = await wait_for(lambda: [m.message for m in client.messages if "setting ignored" in m.message])
    await wait_for(lambda: len([m for m in client.messages if "setting ignored" in m.message]) == 2)
    messages = [m.message for m in client.messages if "setting ignored" in m.message]
    assert any("`unsafeFixes` must be true or false" in m for m in messages)
    assert any("unknown setting `colour`" in m for m in messages)


@pytest.mark.init_options({"fixAll": False, "unsafeFixes": False})
async def test_fix_all_and_unsafe_fixes_can_be_turned_off(some_client):
    client = some_client
    doc = Doc(client, "model.py", DEPRECATED)
    diagnostics = await doc.diagnostics()
    assert await doc.code_actions(doc.range_of("def step"), [], only=["source.fixAll.hybridlint"]) == []
    titles = []
    for diag in diagnostics:
        titles += [a.title for a in await doc.code_actions(diag.range, [diag])]
    assert any(t.startswith("hybridlint (HYB025)") for t in titles)
    assert not any(t.endswith("(unsafe)") for t in titles)


async def test_pyproject_is_read_watched_and_reloaded(client):
    pyproject = client.root / "pyproject.toml"
    pyproject.write_text('[tool.hybridlint]\nignore = ["HYB025"]\n')
    doc = Doc(client, "pkg/model.py", DEPRECATED)
    assert by_code(await doc.diagnostics(), "HYB025") == []
    if capability(client, "workspace.did_change_watched_files.dynamic_registration"):
        registrations = await wait_for(lambda: client.registrations)
        assert registrations[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    refreshes = client.diagnostic_refresh_count
    mark = _mark(doc)
    pyproject.write_text('[tool.hybridlint]\nseverity = { HYB025 = "warning" }\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(pyproject)), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await _diagnostics_after_change(doc, lambda ds: by_code(ds, "HYB025"), mark)
    assert by_code(diagnostics, "HYB025")[0].severity == types.DiagnosticSeverity.Warning
    if pulls(client) and capability(client, "workspace.diagnostics.refresh_support"):
        assert client.diagnostic_refresh_count > refreshes


async def test_bad_pyproject_is_reported_by_key(some_client):
    client = some_client
    (client.root / "pyproject.toml").write_text('[tool.hybridlint]\nseverity = { HYB025 = "loud" }\n')
    doc = Doc(client, "model.py", DEPRECATED)
    assert by_code(await doc.diagnostics(), "HYB025")
    messages = await wait_for(lambda: [m for m in client.messages if "severity.HYB025" in m.message])
    assert "pyproject.toml" in messages[0].message and messages[0].type == types.MessageType.Error


async def test_per_file_ignores_and_exclude_match_like_the_cli(some_client):
    client = some_client
    (client.root / "pyproject.toml").write_text(
        '[tool.hybridlint]\nextend-exclude = ["generated/*"]\nper-file-ignores = { "tests/*" = ["HYB025"] }\n'
    )
    in_tests = Doc(client, "tests/test_model.py", DEPRECATED)
    generated = Doc(client, "generated/model.py", DEPRECATED)
    plain = Doc(client, "model.py", DEPRECATED)
    assert by_code(await in_tests.diagnostics(), "HYB025") == []
    assert await generated.diagnostics() == []
    assert by_code(await plain.diagnostics(), "HYB025")


def test_settings_payloads_are_read_the_way_editors_send_them():
    from hybridlint.server.settings import changed_section, editor_settings, unwrap

    assert unwrap({"settings": {"select": ["HYB0"]}}) == {"select": ["HYB0"]}
    assert unwrap({"hybridlint": {"ignore": ["HYB025"]}, "python": {}}) == {"ignore": ["HYB025"]}
    assert changed_section({"python": {"analysis": {}}}) is None  # about another tool: keep ours
    assert changed_section({"unsafeFixes": False}) == {"unsafeFixes": False}
    settings, problems = editor_settings({"unsafeFixes": False, "aliasModules": ["mylib.tf"], "enable": True})
    assert problems == [] and settings.unsafe_fixes is False
    assert dict(settings.engine) == {"alias-modules": ["mylib.tf"]}


TWO_RENAMES = (
    "import tensorflow as tf\n\n@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return x\n\n"
    "g = tf.function(step, experimental_compile=True)\n"
)


def _version_check(floor: str) -> str:
    return (
        "import tensorflow as tf\nfrom packaging import version\n\n"
        f"if version.parse(tf.__version__) < version.parse({floor!r}):\n    raise ImportError('TensorFlow too old')\n"
    )


def _renames(diagnostics) -> int:
    return len(by_code(diagnostics, "HYB025"))


async def test_a_changed_version_check_re_resolves_the_open_documents(client):
    """The TensorFlow floor a package checks at import stands for `target-tensorflow` (no requirement
    names TensorFlow here). Under 2.6 the `reduce_retracing` advice (2.9) is withheld; when the check's
    module changes on disk (a watched-file event), or is saved from the editor, every open document is
    analysed again with the new floor."""
    root = client.root
    (root / "requirements.txt").unlink()  # the version check decides only where no requirement does
    (root / "pyproject.toml").write_text("[tool.hybridlint]\n")
    check = root / "tfpkg" / "__init__.py"
    check.parent.mkdir()
    check.write_text(_version_check("2.6"))
    doc = Doc(client, "model.py", TWO_RENAMES)
    assert _renames(await doc.diagnostics()) == 1  # only `experimental_compile` (jit_compile: 2.5)
    if capability(client, "workspace.did_change_watched_files.dynamic_registration"):
        registrations = await wait_for(lambda: client.registrations)
        globs = [w["globPattern"] for r in registrations for w in r.register_options["watchers"]]  # as sent
        assert {"**/requirements*.txt", "**/setup.cfg", "**/pyproject.toml", "**/*.py"} <= set(globs)

    mark = _mark(doc)
    check.write_text(_version_check("2.9"))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(check)), type=types.FileChangeType.Changed)]
        )
    )
    await _diagnostics_after_change(doc, lambda ds: _renames(ds) == 2, mark)

    # The module open in the editor and saved there: no watched-file event needed.
    uri = from_fs_path(str(check))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=check.read_text())
        )
    )
    mark = _mark(doc)
    check.write_text(_version_check("2.6"))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    await _diagnostics_after_change(doc, lambda ds: _renames(ds) == 1, mark)


async def test_a_changed_requirements_file_re_resolves_the_open_documents(some_client):
    client = some_client
    root = client.root
    (root / "pyproject.toml").write_text("[tool.hybridlint]\n")
    requirements = root / "requirements-gpu.txt"
    requirements.write_text("tensorflow-gpu==2.6.0\n")
    doc = Doc(client, "model.py", TWO_RENAMES)
    assert _renames(await doc.diagnostics()) == 1
    mark = _mark(doc)
    requirements.write_text("tensorflow-gpu>=2.9\n")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=from_fs_path(str(requirements)), type=types.FileChangeType.Changed)]
        )
    )
    await _diagnostics_after_change(doc, lambda ds: _renames(ds) == 2, mark)
