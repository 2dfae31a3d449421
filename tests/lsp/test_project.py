"""Cross-module analysis in the server (issue 9): the project index of the workspace folder, built in
the background, updated on save and on watched-file events, and its findings' related information
pointing into the other files."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import List

import pytest
import pytest_lsp
from lsp_support import PREVIEW, SERVER, TIMEOUT, Doc, by_code, configure, make_client, pulls, wait_for, with_mode
from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

HELPERS = "def log_metrics(x):\n    print('loss', x)\n"
# The emoji makes the related range's column differ between position encodings.
MODEL = (
    "import tensorflow as tf\n"
    "from .helpers import log_metrics\n"
    "\n"
    "\n"
    "@tf.function\n"
    "def train_step(x, step):\n"
    "    tag = '😀'; log_metrics(tf.abs(x))\n"
    "    return x * 2\n"
)
TRAIN = (
    "import tensorflow as tf\n"
    "from pkg.model import train_step\n"
    "\n"
    "\n"
    "def train():\n"
    "    for step in range(100):\n"
    "        train_step(tf.ones([2]), step)\n"
)
# Traces `log_metrics` from a module the index learns about from a watched-file event.
LOOP = (
    "import tensorflow as tf\n"
    "from pkg.helpers import log_metrics\n"
    "\n"
    "\n"
    "@tf.function\n"
    "def evaluate(x):\n"
    "    log_metrics(tf.abs(x))\n"
)

# Client kinds: (pytest-lsp's capabilities, changes): a pushing client with progress and file
# watching, a pulling one without refresh, one with refresh, and one that supports no progress.
KINDS = {
    "visual-studio-code": ("visual-studio-code", {}),
    "neovim@v0.11": ("neovim@v0.11", {}),
    "pull-with-refresh": ("neovim@v0.11", {"refresh": True}),
    "no-progress": ("neovim@v0.7", {"progress": False}),
}


def capabilities(kind: str) -> types.ClientCapabilities:
    name, changes = KINDS[kind]
    caps = pytest_lsp.client_capabilities(name)
    if changes.get("refresh"):
        caps.workspace = caps.workspace or types.WorkspaceClientCapabilities()
        caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    if changes.get("progress") is False and caps.window is not None:
        caps.window.work_done_progress = False
    return caps


def write_project(root: Path) -> None:
    for rel, text in {
        "pkg/__init__.py": "",
        "pkg/helpers.py": HELPERS,
        "pkg/model.py": MODEL,
        "pkg/train.py": TRAIN,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


async def start(lsp_client: LanguageClient, request, kind: str, root: Path) -> None:
    marker = request.node.get_closest_marker("init_options")
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(kind),
            initialization_options=with_mode(marker.args[0] if marker else None, PREVIEW),
            root_uri=from_fs_path(str(root)),
            workspace_folders=[types.WorkspaceFolder(uri=from_fs_path(str(root)), name="ws")],
        )
    )
    lsp_client.client_name = kind  # type: ignore[attr-defined]
    lsp_client.preview_mode = PREVIEW  # type: ignore[attr-defined]
    lsp_client.encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]
    lsp_client.root = root  # type: ignore[attr-defined]


def _fixture(kinds: List[str]):
    @pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client), params=kinds)
    async def fixture(lsp_client: LanguageClient, request, tmp_path):
        write_project(tmp_path)
        await start(lsp_client, request, request.param, tmp_path)
        yield
        await lsp_client.shutdown_session()

    return fixture


client = _fixture(["visual-studio-code", "neovim@v0.11"])
refresh_client = _fixture(["pull-with-refresh"])
progress_client = _fixture(["visual-studio-code", "no-progress"])


class ProjectDoc(Doc):
    """A document of the project written by `write_project` (not a fresh folder per document)."""

    def __init__(self, client: LanguageClient, rel: str):
        self.client = client
        self.path = client.root / rel  # type: ignore[attr-defined]
        self.uri = from_fs_path(str(self.path))
        self.text = self.path.read_text(encoding="utf-8")
        self.version = 1
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=self.uri, language_id="python", version=1, text=self.text)
            )
        )


def on_disk(client: LanguageClient, rel: str) -> Doc:
    """A project file's text and position arithmetic, without opening it."""
    doc = Doc.__new__(Doc)
    doc.client = client
    doc.path = client.root / rel  # type: ignore[attr-defined]
    doc.uri = from_fs_path(str(doc.path))
    doc.text = doc.path.read_text(encoding="utf-8")
    return doc


async def diagnostics_until(doc: Doc, predicate, timeout: float = TIMEOUT) -> List[types.Diagnostic]:
    """The document's diagnostics once they satisfy `predicate`: pulled again and again by a pull
    client, the latest publication for a push client (the index arrives after the first ones)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if pulls(doc.client):
            diagnostics = await doc.diagnostics()
        else:
            diagnostics = list(doc.client.diagnostics.get(doc.uri, []))
        if predicate(diagnostics):
            return diagnostics
        assert loop.time() < deadline, f"diagnostics never satisfied the test: {diagnostics}"
        await asyncio.sleep(0.05)


def watched(client: LanguageClient, path: Path, kind: types.FileChangeType) -> None:
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=from_fs_path(str(path)), type=kind)])
    )


async def test_findings_point_into_the_other_module(client):
    helpers = ProjectDoc(client, "pkg/helpers.py")
    (printed,) = by_code(await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006")), "HYB006")
    assert printed.range == helpers.range_of("print")
    assert "pkg/model.py" in printed.message
    model = on_disk(client, "pkg/model.py")
    (related,) = printed.related_information
    assert related.location.uri == model.uri
    # The column is in the client's encoding, counted over model.py's own text (the emoji before it).
    assert related.location.range == model.range_of("log_metrics(tf.abs(x))")

    train = ProjectDoc(client, "pkg/train.py")
    (retrace,) = by_code(await diagnostics_until(train, lambda ds: by_code(ds, "HYB004")), "HYB004")
    assert retrace.range == train.range_of("step", nth=3)
    (defined,) = retrace.related_information
    assert defined.location.uri == model.uri
    assert defined.location.range == model.range_of("train_step")


async def test_saves_and_watched_files_update_the_index(client):
    helpers = ProjectDoc(client, "pkg/helpers.py")
    await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006"))
    model = ProjectDoc(client, "pkg/model.py")
    model.replace("tag = '😀'; log_metrics(tf.abs(x))", "tag = '😀'")
    model.save()
    await diagnostics_until(helpers, lambda ds: not by_code(ds, "HYB006"))

    loop = client.root / "pkg" / "loop.py"
    loop.write_text(LOOP, encoding="utf-8")
    watched(client, loop, types.FileChangeType.Created)
    (printed,) = by_code(await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006")), "HYB006")
    assert printed.related_information[0].location.uri == from_fs_path(str(loop))
    loop.unlink()
    watched(client, loop, types.FileChangeType.Deleted)
    await diagnostics_until(helpers, lambda ds: not by_code(ds, "HYB006"))


@pytest.mark.init_options({"crossModule": False})
async def test_cross_module_off_keeps_each_file_to_itself(client):
    train = ProjectDoc(client, "pkg/train.py")
    helpers = ProjectDoc(client, "pkg/helpers.py")
    # The server says so once it has read the setting for the folder: from then on no index comes.
    await wait_for(lambda: [m for m in client.log_messages if "cross-module analysis is off" in m.message])
    assert by_code(await train.diagnostics(), "HYB004") == []
    assert await helpers.diagnostics() == []
    assert client.progress_reports == {}


async def test_turning_cross_module_off_and_on_in_the_editor(client):
    helpers = ProjectDoc(client, "pkg/helpers.py")
    await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006"))
    configure(client, {"crossModule": False})
    await diagnostics_until(helpers, lambda ds: not by_code(ds, "HYB006"))
    configure(client, {"crossModule": True})  # the index is built again
    await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006"))


async def test_first_build_reports_progress_when_the_client_supports_it(progress_client):
    client = progress_client
    helpers = ProjectDoc(client, "pkg/helpers.py")
    await diagnostics_until(helpers, lambda ds: by_code(ds, "HYB006"))
    logged = await wait_for(lambda: [m for m in client.log_messages if "modules indexed" in m.message])
    assert "4 modules indexed" in logged[0].message
    if client.client_name == "no-progress":  # type: ignore[attr-defined]
        assert client.progress_reports == {}
        return
    (reports,) = await wait_for(
        lambda: [r for r in client.progress_reports.values() if r and isinstance(r[-1], types.WorkDoneProgressEnd)]
        or None
    )
    assert isinstance(reports[0], types.WorkDoneProgressBegin) and reports[0].title == "Indexing project"
    assert reports[-1].message is not None and reports[-1].message.startswith("4 modules indexed in")


async def test_a_pull_client_is_asked_to_pull_again_when_the_index_is_ready(refresh_client):
    client = refresh_client
    helpers = ProjectDoc(client, "pkg/helpers.py")
    await wait_for(lambda: client.diagnostic_refresh_count > 0)
    (printed,) = by_code(await helpers.diagnostics(), "HYB006")
    assert printed.related_information[0].location.uri == on_disk(client, "pkg/model.py").uri


def test_result_ids_tell_related_files_apart():
    from hybridlint.server.convert import result_id

    where = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1))

    def diagnostic(uri: str) -> types.Diagnostic:
        related = types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=where), message="m")
        return types.Diagnostic(range=where, message="m", code="HYB006", related_information=[related])

    assert result_id([diagnostic("file:///a.py")], 0) != result_id([diagnostic("file:///b.py")], 0)


TRAINER = (
    "import tensorflow as tf\n"
    "\n"
    "\n"
    "class Trainer:\n"
    "    @tf.function\n"
    "    def step(self, x, lr):\n"
    "        return x * lr\n"
    "\n"
    "\n"
    "def make_trainer():\n"
    "    return Trainer()\n"
)
# `make_trainer()` hides the class from the local-type resolution (`trainer = Trainer()` needs no jedi)
RUN = (
    "import tensorflow as tf\n"
    "from pkg.trainer import make_trainer\n"
    "\n"
    "\n"
    "def run():\n"
    "    trainer = make_trainer()\n"
    "    for i in range(10):\n"
    "        trainer.step(tf.ones([2]), i * 0.1)\n"
)


def test_saving_one_file_asks_jedi_again_only_where_the_answer_may_change(tmp_path):
    """What the server's updates rely on (jedi takes seconds per module): after one file changes,
    `link()` asks jedi again only about calls whose answer may differ."""
    from hybridlint.project import index_of_files

    files = {"pkg/__init__.py": "", "pkg/trainer.py": TRAINER, "pkg/run.py": RUN, "pkg/other.py": "X = 1\n"}
    index = index_of_files(tmp_path, files)
    assert ("run", "trainer.step") in index.link_for("pkg/run.py").attributes  # jedi resolved the method

    other = tmp_path / "pkg" / "other.py"
    assert index.update_files([(other, "X = 2\n")]) == ["pkg/other.py"]
    index.link()
    assert index.stats["jedi_calls"] == 0
    assert ("run", "trainer.step") in index.link_for("pkg/run.py").attributes

    trainer = tmp_path / "pkg" / "trainer.py"
    edited = TRAINER + "\n# edited\n"
    trainer.write_text(edited, encoding="utf-8")  # jedi reads the other modules from disk
    assert index.update_files([(trainer, edited)]) == ["pkg/trainer.py"]
    index.link()
    assert index.stats["jedi_calls"] > 0  # the answer for run.py pointed into trainer.py
    assert ("run", "trainer.step") in index.link_for("pkg/run.py").attributes
