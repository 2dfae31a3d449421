"""The set-ups for editors that cannot run here (Helix, Sublime Text), and the defaults of the ones that
can, checked against the server: each starts `hybridlint server` and sends settings the server accepts.

The server rejects unknown setting keys with an error message, so a typo in a shipped snippet would
show every user an error; these tests catch it without the editor.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from hybridlint.server.settings import editor_settings, unwrap

from .support import EDITORS, require_program


def _problems(raw) -> list:
    """What the server reports about initializationOptions or a configuration answer."""
    _settings, problems = editor_settings(unwrap(raw))
    return problems


def _accepted(raw) -> None:
    problems = _problems(raw)
    assert not problems, problems


def test_helix_languages_toml():
    config = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    server = config["language-server"]["hybridlint"]
    assert [server["command"], *server["args"]] == ["hybridlint", "server"]
    python = [lang for lang in config["language"] if lang["name"] == "python"]
    assert len(python) == 1 and "hybridlint" in python[0]["language-servers"]
    options = server["config"]
    assert options["hybridlint"], "the settings live under config.hybridlint"
    _accepted(options)  # initializationOptions: {"hybridlint": {...}}
    _accepted(options["hybridlint"])  # Helix's answer to workspace/configuration for "hybridlint"


def _strip_json_comments(text: str) -> str:
    # Sublime's settings files allow // comments; none of ours sits inside a string.
    return re.sub(r"^\s*//.*$", "", text, flags=re.M)


def test_sublime_lsp_settings():
    text = (EDITORS / "sublime" / "LSP.sublime-settings").read_text(encoding="utf-8")
    settings = json.loads(_strip_json_comments(text))
    client = settings["clients"]["hybridlint"]
    assert client["command"] == ["hybridlint", "server"]
    assert client["selector"] == "source.python"
    _accepted(client["initializationOptions"])
    _accepted(client["settings"]["hybridlint"])
    assert client["initializationOptions"] == client["settings"]["hybridlint"], "keep the two copies equal"
    assert settings["lsp_code_actions_on_save"] == {"source.fixAll.hybridlint": True}


def test_server_module_and_console_script_both_start():
    """The two launch forms the set-ups use: `hybridlint server` and `python -m hybridlint.server`."""
    hybridlint = shutil.which("hybridlint", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert hybridlint, "no hybridlint console script next to the interpreter"
    for command in ([hybridlint, "server", "--help"], [sys.executable, "-m", "hybridlint.server", "--help"]):
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0 and "--tcp" in proc.stdout, (command, proc.stdout, proc.stderr)


def test_neovim_module_defaults_and_settings_encoding(tmp_path):
    """The Lua module's config table: `hybridlint server`, Python files, and settings the server
    accepts (an empty table must go out as a JSON object, not an array)."""
    nvim = require_program("nvim", "apt-get install neovim")
    out = tmp_path / "config.json"
    lua = (
        f"vim.opt.runtimepath:prepend({json.dumps(str(EDITORS / 'nvim'))})\n"
        "local m = require('hybridlint')\n"
        "local default = m.lsp_config()\n"
        "local custom = m.lsp_config({ settings = { select = { 'HYB0' }, severity = { HYB006 = 'hint' } } })\n"
        "local json = vim.fn.json_encode\n"
        "local t = { cmd = default.cmd, filetypes = default.filetypes, root_markers = default.root_markers,\n"
        "  default_init = json(default.init_options), default_settings = json(default.settings),\n"
        "  custom_init = json(custom.init_options), custom_settings = json(custom.settings) }\n"
        f"vim.fn.writefile({{ vim.fn.json_encode(t) }}, {json.dumps(str(out))})\n"
    )
    script = tmp_path / "probe.lua"
    script.write_text(lua, encoding="utf-8")
    proc = subprocess.run(
        [nvim, "--headless", "-n", "-u", "NONE", "-i", "NONE", "-c", f"luafile {script}", "-c", "qall!"],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), proc.stderr
    probe = json.loads(out.read_text(encoding="utf-8"))
    assert probe["cmd"] == ["hybridlint", "server"]
    assert probe["filetypes"] == ["python"]
    assert "pyproject.toml" in probe["root_markers"]
    assert json.loads(probe["default_init"]) == {}
    assert json.loads(probe["default_settings"]) == {"hybridlint": {}}
    for key in ("default_init", "default_settings", "custom_init", "custom_settings"):
        _accepted(json.loads(probe[key]))
    assert json.loads(probe["custom_init"]) == {"select": ["HYB0"], "severity": {"HYB006": "hint"}}


@pytest.mark.parametrize("bad", [{"selct": ["HYB0"]}, {"hybridlint": {"unsafeFixes": "yes"}}])
def test_the_server_rejects_bad_settings(bad):
    """So the checks above can fail: a typo in a snippet is an error."""
    assert _problems(bad)


# Every server setting, with a value the docs could show: the set-ups list these names.
DOCUMENTED_SETTINGS = {
    "select": ["HYB0"],
    "ignore": ["HYB013"],
    "severity": {"HYB006": "hint"},
    "unsafeFixes": True,
    "fixAll": True,
    "liveLineLimit": 20000,
    "crossModule": False,
}


def test_the_server_accepts_every_documented_setting():
    _accepted(DOCUMENTED_SETTINGS)
    _accepted({"hybridlint": DOCUMENTED_SETTINGS})


@pytest.mark.parametrize(
    "doc",
    [
        "README.md",
        "nvim/README.md",
        "nvim/lua/hybridlint/init.lua",
        "emacs/README.md",
        "helix/README.md",
        "sublime/README.md",
    ],
)
def test_each_set_up_names_every_server_setting(doc):
    """Where a set-up lists the settings a user can pass, none is missing (a setting nobody can find
    is one nobody turns off)."""
    text = (EDITORS / doc).read_text(encoding="utf-8")
    missing = [key for key in DOCUMENTED_SETTINGS if key not in text]
    assert not missing, f"editors/{doc} does not mention {missing}"


def test_kakoune_note_says_it_was_not_run_and_its_toml_parses():
    """Kakoune is not run anywhere: the page says so, and its kak-lsp.toml snippet at least parses and
    names the server command every other editor runs."""
    text = (EDITORS / "kakoune" / "README.md").read_text(encoding="utf-8")
    assert "**Not run.**" in text
    (block,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    server = tomllib.loads(block)["language_server"]["hybridlint"]
    assert [server["command"], *server["args"]] == ["hybridlint", "server"] and server["filetypes"] == ["python"]
