"""The VS Code extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) under headless Chromium.

What a user does after installing the shipped .vsix: open a TensorFlow file in a project, see
hybridlint's diagnostics in the Problems panel, hover a flagged range for the rule's docs, apply a quick
fix with Ctrl+., run "hybridlint: Fix all", switch on fix-all on save in the workspace settings and save
an edit. The test makes the build's .vsix (`make -C editors/vscode vsix`), installs it into a throwaway
code-server, and drives the browser with tests/e2e/vscode/driver.js (playwright-core, Debian's Chromium:
no browser download).

code-server and playwright-core come from the npm registry (tests/e2e/vscode/package.json and its
lockfile) into .cache/vscode-e2e, reused while the lockfile and Node's major version stay the same.
code-server's install scripts reach outside the registries in a few places; `_install_tooling` routes
around each (see its comments). Needs Node 20 (code-server 4.100.x requires exactly 20), `chromium`,
and for the first install `ripgrep`, `libkrb5-dev` and a C++ toolchain.

Set HYBRIDLINT_VSCODE_SCREENSHOT=path to keep the screenshot (`make vscode-screenshot` writes
docs/images/vscode.png that way).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

from hybridlint.engine import check_source, fix_source
from hybridlint.registry import find_rule

from .support import (
    CROSS_MODULE_FILES, EDITORS, PROJECT_SETTINGS, REPO, SAMPLE, SAMPLE_PYPROJECT, line_col, require, require_program, scripts_dir,
)

TOOLING_SPEC = Path(__file__).resolve().parent / "vscode"
DRIVER = TOOLING_SPEC / "driver.js"
CACHE = REPO / ".cache" / "vscode-e2e"
NODE_MAJOR = 20  # code-server 4.100.x declares engines.node "20" and its postinstall enforces it
# The first install compiles native modules (argon2, kerberos, node-pty, ...): about 50 s here.
INSTALL_TIMEOUT_S = 900
CODE_SERVER_START_S = 60
WAIT_MS = 30000  # any one thing the driver waits for in the browser
DRIVER_TIMEOUT_S = 240  # the whole browser session
# The workspaces switch `hybridlint.preview` on (every rule, whatever its tier): so do the expectations.
PREVIEW = PROJECT_SETTINGS  # the workspace's pyproject.toml declares tensorflow>=2.9

# Typed at the end of the file, each adds a deprecated argument (HYB025, a safe fix): one for the
# "hybridlint: Fix all" command, one for fix-all on save.
COMMAND_ADDITION = "\n@tf.function(experimental_relax_shapes=True)\ndef eval_step(x): return x\n"
SAVE_ADDITION = "\n@tf.function(experimental_relax_shapes=True)\ndef predict_step(x): return x\n"


def _log(message: str) -> None:
    sys.stderr.write(f"[vscode-e2e] {message}\n")
    sys.stderr.flush()


def _run(args: List[str], env: Dict[str, str], cwd: Path, timeout: float, what: str) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(
            args, env=env, cwd=str(cwd), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{what} did not finish within {timeout:.0f} s\n{exc.stdout}\n{exc.stderr}", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(
            f"{what} failed (exit {proc.returncode})\n--- stdout ---\n{proc.stdout[-6000:]}\n"
            f"--- stderr ---\n{proc.stderr[-6000:]}",
            pytrace=False,
        )
    return proc


def _node_major() -> int:
    out = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    match = re.match(r"v(\d+)", out)
    return int(match.group(1)) if match else 0


def _tooling_stamp() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((TOOLING_SPEC / name).read_bytes())
    digest.update(f"node{_node_major()}-{platform.machine()}".encode())
    return digest.hexdigest()


def _ripgrep_cache(node_modules: Path, tmp: Path) -> None:
    """Pre-fill @vscode/ripgrep's download cache with Debian's rg (the same ripgrep 13.0.0).

    Its postinstall downloads a prebuilt rg from GitHub unless
    $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<rg release>-<target>.tar.gz exists.
    """
    rg = require_program("rg", "apt-get install ripgrep: code-server's install needs its binary")
    version = subprocess.run([rg, "--version"], capture_output=True, text=True, timeout=30).stdout
    require(version.startswith("ripgrep 13."), f"code-server's @vscode/ripgrep expects ripgrep 13, found {version!r}")
    target = {"x86_64": "x86_64-unknown-linux-musl", "aarch64": "aarch64-unknown-linux-musl"}.get(platform.machine())
    require(target is not None, f"no ripgrep build name known for {platform.machine()}")
    shrinkwraps = sorted((node_modules / "code-server" / "lib" / "vscode").glob("**/npm-shrinkwrap.json"))
    versions = set()
    for shrinkwrap in shrinkwraps:
        packages = json.loads(shrinkwrap.read_text(encoding="utf-8")).get("packages", {})
        versions |= {v["version"] for k, v in packages.items() if k.endswith("node_modules/@vscode/ripgrep")}
    assert versions, "code-server no longer depends on @vscode/ripgrep? Update _ripgrep_cache."
    for package_version in versions:
        folder = tmp / f"vscode-ripgrep-cache-{package_version}"
        folder.mkdir(parents=True, exist_ok=True)
        # The release tag is a constant in @vscode/ripgrep's postinstall.js (v13.0.0-10 for 1.15.x).
        with tarfile.open(folder / f"ripgrep-v13.0.0-10-{target}.tar.gz", "w:gz") as archive:
            archive.add(rg, arcname="rg")


def _install_tooling() -> float:
    """code-server + playwright-core into .cache/vscode-e2e; seconds spent (0 when the cache was reused)."""
    stamp_file = CACHE / "installed.stamp"
    stamp = _tooling_stamp()
    if stamp_file.exists() and stamp_file.read_text(encoding="utf-8") == stamp:
        return 0.0
    require_program("npm", "npm")
    require_program("g++", "apt-get install g++ make: code-server builds native modules")
    require_program("make", "apt-get install make")
    require_program("krb5-config", "apt-get install libkrb5-dev: code-server's kerberos module builds from source")
    started = time.monotonic()
    shutil.rmtree(CACHE, ignore_errors=True)
    home, tmp = CACHE / "home", CACHE / "tmp"
    for folder in (home, tmp):
        folder.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(TOOLING_SPEC / name, CACHE / name)
    env = dict(os.environ)
    env.update(
        # The npm cache stays where it was (a later install reuses the downloads).
        npm_config_cache=os.environ.get("npm_config_cache") or str(Path.home() / ".npm"),
        HOME=str(home),  # code-server's install writes config under HOME/XDG: not the real ones
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        TMPDIR=str(tmp),  # @vscode/ripgrep's download cache (see _ripgrep_cache)
        npm_config_unsafe_perm="true",  # code-server's postinstall refuses to run as root without it
        npm_config_yes="true",  # node-pty's install runs `npx node-gyp`, refused when npm's yes=false
        npm_config_fund="false",
        npm_config_audit="false",
        npm_config_update_notifier="false",
    )
    if Path("/usr/include/node/node.h").exists():
        env["npm_config_nodedir"] = "/usr"  # node-gyp builds against Debian's headers, no header download
    # Step 1 without install scripts, to learn which @vscode/ripgrep code-server will install.
    _run(["npm", "ci", "--ignore-scripts"], env, CACHE, INSTALL_TIMEOUT_S, "npm ci (code-server, playwright-core)")
    _ripgrep_cache(CACHE / "node_modules", tmp)
    # Step 2: the install scripts (code-server's postinstall installs VS Code's own dependencies).
    remaining = INSTALL_TIMEOUT_S - (time.monotonic() - started)
    _run(["npm", "rebuild"], env, CACHE, remaining, "npm rebuild (code-server's install scripts)")
    assert (CACHE / "node_modules" / "code-server" / "lib" / "vscode" / "node_modules").is_dir(), (
        "code-server's postinstall did not install VS Code's dependencies"
    )
    stamp_file.write_text(stamp, encoding="utf-8")
    return time.monotonic() - started


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    require(False, "Chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_with(marker: str) -> List[int]:
    """Processes whose environment holds `marker` (everything code-server started inherits it)."""
    found = []
    needle = marker.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


class CodeServer:
    """One code-server with its own user data, extensions and HOME, stopped by its process group."""

    def __init__(self, root: Path):
        self.root = root
        self.binary = CACHE / "node_modules" / ".bin" / "code-server"
        self.user_data = root / "user-data"
        self.extensions = root / "extensions"
        self.marker = f"HYBRIDLINT_VSCODE_E2E_RUN={uuid.uuid4().hex}"
        home = root / "home"
        for folder in (home, self.user_data / "User", self.extensions):
            folder.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ)
        key, value = self.marker.split("=")
        self.env.update(
            {key: value},
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            TMPDIR=str(root),
        )
        self.env.pop("VSCODE_IPC_HOOK_CLI", None)  # when run from a VS Code terminal
        self.proc: Optional[subprocess.Popen] = None
        self.log = root / "code-server.log"
        self.port = 0

    def common_args(self) -> List[str]:
        return [str(self.binary), "--user-data-dir", str(self.user_data), "--extensions-dir", str(self.extensions)]

    def install_extension(self, vsix: Path) -> None:
        proc = _run(
            self.common_args() + ["--install-extension", str(vsix)],
            self.env,
            self.root,
            120,
            f"code-server --install-extension {vsix.name}",
        )
        assert "successfully installed" in proc.stdout + proc.stderr, proc.stdout + proc.stderr

    def start(self, workspace: Path) -> None:
        self.port = _free_port()
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                self.common_args()
                + [
                    "--bind-addr",
                    f"127.0.0.1:{self.port}",
                    "--auth",
                    "none",
                    "--disable-telemetry",
                    "--disable-update-check",
                    "--disable-workspace-trust",
                    "--disable-getting-started-override",
                    str(workspace),
                ],
                env=self.env,
                cwd=str(self.root),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopping it stops its children
            )
        deadline = time.monotonic() + CODE_SERVER_START_S
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"code-server exited with {self.proc.returncode}\n{self.log_text()}", pytrace=False)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"code-server did not answer within {CODE_SERVER_START_S} s\n{self.log_text()}", pytrace=False
                )
            time.sleep(0.2)

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-6000:]
        except OSError:
            return ""

    def stop(self) -> List[int]:
        """Stop code-server and its process group; the pids of anything of this run still alive after."""
        if self.proc is not None and self.proc.poll() is None:
            _signal_group(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc is not None:
            _signal_group(self.proc.pid, signal.SIGKILL)  # children that outlived their parent
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            left = _processes_with(self.marker)
            if not left:
                return []
            time.sleep(0.1)
        for pid in left:  # outside the group (a child that made its own session): by pid
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return left


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture(scope="module")
def tooling() -> Dict[str, Any]:
    require_program("node", "Node.js 20")
    major = _node_major()
    require(major == NODE_MAJOR, f"code-server 4.100.3 needs Node {NODE_MAJOR}, found Node {major}")
    require_program("make", "make")
    chromium = _chromium()
    install_s = _install_tooling()
    started = time.monotonic()
    manifest = json.loads((EDITORS / "vscode" / "package.json").read_text(encoding="utf-8"))
    _run(
        ["make", "-C", str(EDITORS / "vscode"), "vsix", f"PYTHON={sys.executable}"],
        dict(os.environ),
        REPO,
        300,
        "make -C editors/vscode vsix",
    )
    vsix = EDITORS / "vscode" / f"hybridlint-{manifest['version']}.vsix"
    assert vsix.exists(), vsix
    return {"chromium": chromium, "install_s": install_s, "vsix": vsix, "vsix_s": time.monotonic() - started}


@pytest.fixture
def code_server(tooling) -> Iterator[CodeServer]:
    # A short folder: VS Code puts its IPC sockets here (TMPDIR), and a socket path longer than 107
    # bytes is silently cut, which pytest's tmp_path plus a uuid-named socket can exceed.
    root = Path(tempfile.mkdtemp(prefix="hybridlint-vscode-", dir="/tmp" if os.path.isdir("/tmp") else None))
    server = CodeServer(root)
    try:
        yield server
    finally:
        left = server.stop()
        shutil.rmtree(root, ignore_errors=True)
        assert not left, f"processes of this code-server outlived its process group: {left}"


def _workspace(root: Path, files: Optional[Dict[str, str]] = None, *, server_path: bool = True) -> Path:
    """A workspace folder with the sample (or `files`, relative path → text); with `server_path`,
    settings that run this checkout's `hybridlint` instead of the server bundled in the .vsix."""
    workspace = root / "project"
    (workspace / ".vscode").mkdir(parents=True)
    (workspace / "pyproject.toml").write_text(SAMPLE_PYPROJECT, encoding="utf-8")
    if files is None:
        shutil.copyfile(SAMPLE, workspace / SAMPLE.name)
    for rel, text in (files or {}).items():
        (workspace / rel).parent.mkdir(parents=True, exist_ok=True)
        (workspace / rel).write_text(text, encoding="utf-8")
    # Every rule on, whatever its tier: the extension's `hybridlint.preview` setting.
    settings: Dict[str, Any] = {"hybridlint.preview": True}
    if server_path:
        hybridlint = shutil.which("hybridlint", path=str(scripts_dir()))
        assert hybridlint, f"no `hybridlint` executable next to {sys.executable}: pip install -e ."
        # The server this checkout is testing, not whatever else a PATH lookup would find.
        settings.update({"hybridlint.path": hybridlint, "hybridlint.trace.server": "messages"})
    (workspace / ".vscode" / "settings.json").write_text(json.dumps(settings, indent=4) + "\n", encoding="utf-8")
    return workspace


def _user_settings(server: CodeServer) -> None:
    """A quiet workbench: no welcome page, tips, recommendations or chat covering the editor."""
    settings = {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "workbench.enableExperiments": False,
        "extensions.ignoreRecommendations": True,
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "update.mode": "none",
        "telemetry.telemetryLevel": "off",
        "chat.commandCenter.enabled": False,
        "workbench.secondarySideBar.defaultVisibility": "hidden",
        "security.workspace.trust.enabled": False,
        "git.enabled": False,
        "editor.minimap.enabled": False,
        # VS Code in the browser saves after a delay by default; the desktop default (off) makes the
        # test's own saves the ones that run fix-all (the extension skips auto-saves on purpose).
        "files.autoSave": "off",
    }
    (server.user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=4), encoding="utf-8")


def _span_of(text: str, code: str):
    found = [f for f in check_source(text, SAMPLE.name, PREVIEW).findings if f.code == code]
    assert len(found) == 1, (code, found)
    return found[0]


def _output_channel(server: CodeServer) -> str:
    """The extension's output channel (its log and, with trace.server, the LSP messages): the last lines."""
    logs = sorted((server.user_data / "logs").glob("*/exthost*/output_logging_*/*-hybridlint.log"))
    return "\n".join(log.read_text(encoding="utf-8", errors="replace")[-3000:] for log in logs)


def _run_driver(config: Dict[str, Any], root: Path, server: CodeServer) -> List[Dict[str, Any]]:
    config_file = root / "driver-config.json"
    config_file.write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.Popen(
        ["node", str(DRIVER), str(config_file)],
        cwd=str(root),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the browser goes with it if it has to be stopped
    )
    try:
        stdout, stderr = proc.communicate(timeout=DRIVER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _signal_group(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=10)
        pytest.fail(
            f"the browser session did not finish within {DRIVER_TIMEOUT_S} s\n{stdout}\n{stderr}", pytrace=False
        )
    finally:
        _signal_group(proc.pid, signal.SIGKILL)  # a browser left behind by a crashed driver
    events = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    errors = [e["message"] for e in events if e["step"] == "error"]
    assert not errors and proc.returncode == 0, (
        f"driver exit {proc.returncode}: {errors}\n--- events ---\n"
        + "\n".join(json.dumps(e, ensure_ascii=False)[:400] for e in events)
        + f"\n--- stderr ---\n{stderr[-4000:]}\n--- hybridlint output channel ---\n{_output_channel(server)}"
        + f"\n--- code-server ---\n{server.log_text()[-2000:]}\n(failure screenshot: {config['failureScreenshot']})"
    )
    return events


def test_vscode_diagnostics_hover_quick_fix_and_fix_all_on_save(tooling, code_server, tmp_path, capsys):
    workspace = _workspace(tmp_path)
    target = workspace / SAMPLE.name
    original = target.read_text(encoding="utf-8")
    _user_settings(code_server)
    code_server.install_extension(tooling["vsix"])
    started = time.monotonic()
    code_server.start(workspace)
    start_s = time.monotonic() - started

    hover_finding = _span_of(original, "HYB006")  # unsafe fix: stays through fix-all on save
    fix_finding = _span_of(original, "HYB025")
    fix = fix_finding.fix
    assert fix is not None
    hover_rule = find_rule("HYB006")
    assert hover_rule is not None
    screenshot = tmp_path / "vscode.png"
    config = {
        "playwrightCore": str(CACHE / "node_modules" / "playwright-core"),
        "chromium": tooling["chromium"],
        "url": f"http://127.0.0.1:{code_server.port}/?folder={workspace}",
        "file": str(target),
        "fileName": target.name,
        "workspaceSettings": str(workspace / ".vscode" / "settings.json"),
        "waitMs": WAIT_MS,
        "expectCodes": ["HYB025", "HYB006"],
        # Columns: the engine's are 0-based code points, VS Code's status bar is 1-based (ASCII lines here).
        "hover": {
            "line": hover_finding.span.line,
            "column": hover_finding.span.col + 2,
            "expect": ["HYB006", hover_rule.name, "What it does", "Why is this bad"],
        },
        "quickFix": {
            "line": fix_finding.span.line,
            "column": fix_finding.span.col + 2,
            "title": "hybridlint (HYB025)",
        },
        "setting": "hybridlint.fixAllOnSave",
        "settingLabel": "Fix All On Save",
        "settingLogLine": "Settings changed: fixAllOnSave: true",
        "outputChannel": "hybridlint",
        "logs": str(code_server.user_data / "logs"),
        "fixAllCommand": {"title": "hybridlint: Fix all", "code": "HYB025", "addition": COMMAND_ADDITION},
        "addition": SAVE_ADDITION,
        "screenshot": str(screenshot),
        "failureScreenshot": str(tmp_path / "failure.png"),
    }
    browser_started = time.monotonic()
    events = _run_driver(config, tmp_path, code_server)
    browser_s = time.monotonic() - browser_started
    by_step = {e["step"]: e for e in events}

    # The Problems panel lists each finding with its rule code and message.
    rows = by_step["diagnostics"]["rows"]
    for finding in check_source(original, SAMPLE.name, PREVIEW).findings:
        first_words = finding.message.split(";")[0][:40]
        assert any(finding.code in r and first_words in r for r in rows), (finding.code, first_words, rows)

    offered = " ".join(by_step["quick-fix-menu"]["offered"])
    assert f"hybridlint (HYB025): {fix.title}" in offered and "Disable HYB025 for this line" in offered, offered
    after_quick_fix = by_step["quick-fix-saved"]["text"]
    assert after_quick_fix == fix_source(original, SAMPLE.name, PREVIEW, rules=[find_rule("HYB025")]).text
    assert "experimental_relax_shapes" not in after_quick_fix

    # The Fix all command applied the safe fixes only (print → tf.print is unsafe).
    after_command = by_step["fix-all-command-saved"]["text"]
    assert after_command == fix_source(after_quick_fix + COMMAND_ADDITION, SAMPLE.name, PREVIEW, unsafe=False).text
    assert "experimental_relax_shapes" not in after_command and "print(" in after_command

    settings = json.loads(by_step["setting-saved"]["text"])
    assert settings.get("hybridlint.fixAllOnSave") is True, settings

    # Fix all on save fixed the new finding (safe) and left the unsafe print → tf.print to the user.
    saved = target.read_text(encoding="utf-8")
    assert saved == by_step["fix-all-saved"]["text"]
    expected = fix_source(after_command + SAVE_ADDITION, SAMPLE.name, PREVIEW, unsafe=False).text
    assert "experimental_relax_shapes" not in expected and "print(" in expected
    assert saved == expected, f"on disk:\n{saved}\nexpected:\n{expected}"

    assert screenshot.exists() and screenshot.stat().st_size > 10000
    keep = os.environ.get("HYBRIDLINT_VSCODE_SCREENSHOT")
    if keep:
        Path(keep).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, keep)

    timings = {
        "install_s": round(tooling["install_s"], 1),
        "vsix_s": round(tooling["vsix_s"], 1),
        "code_server_start_s": round(start_s, 2),
        "first_diagnostic_s": round((by_step["diagnostics"]["atMs"] - by_step["opened"]["atMs"]) / 1000, 2),
        "quick_fix_applied_s": round(
            (by_step["quick-fix-saved"]["atMs"] - by_step["quick-fix-menu"]["atMs"]) / 1000, 2
        ),
        "fix_all_on_save_s": round((by_step["fix-all-saved"]["atMs"] - by_step["typed"]["atMs"]) / 1000, 2),
        "browser_session_s": round(browser_s, 1),
    }
    with capsys.disabled():
        print(f"\n[vscode-e2e] timings: {json.dumps(timings)}")


def test_vscode_shows_a_finding_from_another_module(tooling, code_server, tmp_path, capsys):
    """Only pkg/helpers.py is opened; its `print` is flagged because pkg/model.py traces it, and the
    Problems panel shows the call in model.py as related information."""
    workspace = _workspace(tmp_path, CROSS_MODULE_FILES)
    _user_settings(code_server)
    code_server.install_extension(tooling["vsix"])
    code_server.start(workspace)
    config = {
        "playwrightCore": str(CACHE / "node_modules" / "playwright-core"),
        "chromium": tooling["chromium"],
        "url": f"http://127.0.0.1:{code_server.port}/?folder={workspace}",
        "scenario": "cross-module",
        "folder": "pkg",
        "fileName": "helpers.py",
        "waitMs": WAIT_MS,
        "expectCodes": ["HYB006"],
        "expectRelated": "model.py",
        "failureScreenshot": str(tmp_path / "failure.png"),
    }
    events = _run_driver(config, tmp_path, code_server)
    by_step = {e["step"]: e for e in events}
    rows = by_step["diagnostics"]["rows"]
    # Positions as VS Code shows them: 1-based line and column.
    line, col = line_col(CROSS_MODULE_FILES["pkg/helpers.py"], "print(x)")
    (printed,) = [r for r in rows if "HYB006" in r]
    assert f"[Ln {line + 1}, Col {col + 1}]" in printed, printed
    assert "pkg/model.py" in printed and "train_step" in printed, printed
    # The related information, a row under the finding: where model.py calls the helper.
    line, col = line_col(CROSS_MODULE_FILES["pkg/model.py"], "helpers.log_metrics(x)")
    related = [r for r in rows if r.startswith(f"model.py[Ln {line + 1}, Col {col + 1}]")]
    assert len(related) == 1 and "log_metrics" in related[0], rows
    tabs = by_step["diagnostics"]["tabs"]
    assert len(tabs) == 1 and "helpers.py" in tabs[0], tabs
    with capsys.disabled():
        seconds = (by_step["diagnostics"]["atMs"] - by_step["opened"]["atMs"]) / 1000
        print(f"\n[vscode-e2e] cross-module finding shown {seconds:.2f} s after opening helpers.py")


def test_vscode_with_only_the_vsix_and_a_plain_python_on_path(tooling, code_server, tmp_path, capsys):
    """A new user: the .vsix installed into a fresh profile, no setting, no Python extension, and on PATH
    only Pythons without hybridlint (first a fresh virtual environment, which VS Code's login-shell PATH may
    put behind the system's). The extension runs its bundled server with a `python3` from PATH:
    diagnostics appear and a quick fix applies."""
    plain = tmp_path / "plain-venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(plain)], dict(os.environ), tmp_path, 120, "python -m venv")
    python3 = plain / "bin" / "python3"
    probe = subprocess.run(
        [str(python3), "-c", "import hybridlint"], cwd=str(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert probe.returncode != 0, "the plain environment must not have hybridlint: the .vsix has to bring it"
    ours = {str(scripts_dir()), str(Path(sys.executable).parent)}
    path = [str(plain / "bin")] + [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p not in ours]
    code_server.env.update(PATH=os.pathsep.join(path), VIRTUAL_ENV=str(plain))
    code_server.env.pop("PYTHONPATH", None)
    workspace = _workspace(tmp_path, server_path=False)
    target = workspace / SAMPLE.name
    original = target.read_text(encoding="utf-8")
    _user_settings(code_server)
    code_server.install_extension(tooling["vsix"])
    installed = sorted(p.name for p in code_server.extensions.iterdir() if p.is_dir())
    assert len(installed) == 1 and installed[0].startswith("hybridlint."), installed
    code_server.start(workspace)

    fix_finding = _span_of(original, "HYB025")
    config = {
        "playwrightCore": str(CACHE / "node_modules" / "playwright-core"),
        "chromium": tooling["chromium"],
        "url": f"http://127.0.0.1:{code_server.port}/?folder={workspace}",
        "file": str(target),
        "fileName": target.name,
        "waitMs": WAIT_MS,
        "expectCodes": ["HYB025", "HYB006"],
        "quickFix": {"line": fix_finding.span.line, "column": fix_finding.span.col + 2, "title": "hybridlint (HYB025)"},
        "stopAfter": "quick-fix-saved",
        "failureScreenshot": str(tmp_path / "failure.png"),
    }
    events = _run_driver(config, tmp_path, code_server)
    by_step = {e["step"]: e for e in events}
    rows = by_step["diagnostics"]["rows"]
    for finding in check_source(original, SAMPLE.name, PREVIEW).findings:
        assert any(finding.code in r for r in rows), (finding.code, rows)
    assert by_step["quick-fix-saved"]["text"] == fix_source(original, SAMPLE.name, PREVIEW, rules=[find_rule("HYB025")]).text
    # The interpreter the extension found and ran the bundled server with. VS Code gives the extension
    # host the PATH of a login shell (/etc/profile may put the system's python3 first): whichever
    # python3 it is, it has no hybridlint of its own.
    channel = _output_channel(code_server)
    started = re.search(r"Starting (\S+) (\S+/bundled/tool/lsp_server\.py) \(from the bundled server, run by `python3` on PATH\)", channel)
    assert started, channel
    assert Path(started.group(2)).is_relative_to(code_server.extensions), started.group(2)
    probe = subprocess.run(
        [started.group(1), "-c", "import hybridlint"], cwd=str(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert probe.returncode != 0, f"{started.group(1)} has hybridlint installed: the test would not show the bundle works"
    with capsys.disabled():
        seconds = (by_step["diagnostics"]["atMs"] - by_step["opened"]["atMs"]) / 1000
        print(f"\n[vscode-e2e] bundled server: first diagnostic {seconds:.2f} s after opening the file")


NOTEBOOK_CELLS = [
    ("markdown", "# Training\nA tf.function in one cell, called in a loop in another."),
    ("code", "import tensorflow as tf"),
    ("code", "@tf.function(experimental_relax_shapes=True)\ndef step(x):\n    return tf.nn.relu(x) * 2"),
    ("code", "for i in range(10):\n    y = step(i)"),
]


def test_vscode_notebook_cells_show_findings_and_take_a_quick_fix(tooling, code_server, tmp_path, capsys):
    """A .ipynb in VS Code's built-in notebook editor (no kernel, no Jupyter extension): the cross-cell
    HYB004 on the loop's cell and HYB025 on the definition's cell reach the Problems panel; HYB025's
    quick fix edits that cell, and the saved notebook has the fixed source."""
    cells = [
        {"cell_type": kind, "metadata": {}, "source": text.splitlines(True)}
        | ({"execution_count": None, "outputs": []} if kind == "code" else {})
        for kind, text in NOTEBOOK_CELLS
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    workspace = _workspace(tmp_path, {"train.ipynb": json.dumps(notebook, indent=1) + "\n"})
    target = workspace / "train.ipynb"
    _user_settings(code_server)
    code_server.install_extension(tooling["vsix"])
    code_server.start(workspace)
    screenshot = tmp_path / "notebook.png"
    config = {
        "playwrightCore": str(CACHE / "node_modules" / "playwright-core"),
        "chromium": tooling["chromium"],
        "url": f"http://127.0.0.1:{code_server.port}/?folder={workspace}",
        "scenario": "notebook",
        "file": str(target),
        "fileName": target.name,
        "waitMs": WAIT_MS,
        "expectCodes": ["HYB004", "HYB025"],
        "quickFix": {"code": "HYB025", "title": "hybridlint (HYB025)"},
        "screenshot": str(screenshot),
        "failureScreenshot": str(tmp_path / "failure.png"),
    }
    events = _run_driver(config, tmp_path, code_server)
    by_step = {e["step"]: e for e in events}
    rows = by_step["diagnostics"]["rows"]
    # HYB004 at the call in the loop's cell: line 2, column 14 of that cell, as VS Code shows it.
    (retrace,) = [r for r in rows if "HYB004" in r]
    assert "[Ln 2, Col 14]" in retrace, retrace
    offered = " ".join(by_step["quick-fix-menu"]["offered"])
    assert "hybridlint (HYB025): Rename to `reduce_retracing`" in offered, offered
    saved = json.loads(by_step["quick-fix-saved"]["text"])
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in saved["cells"]]
    expected = [text for _, text in NOTEBOOK_CELLS]
    expected[2] = expected[2].replace("experimental_relax_shapes", "reduce_retracing")
    assert sources == expected, sources
    keep = os.environ.get("HYBRIDLINT_VSCODE_NOTEBOOK_SCREENSHOT")
    if keep:
        Path(keep).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, keep)
    with capsys.disabled():
        seconds = (by_step["diagnostics"]["atMs"] - by_step["opened"]["atMs"]) / 1000
        print(f"\n[vscode-e2e] notebook findings shown {seconds:.2f} s after opening train.ipynb")
