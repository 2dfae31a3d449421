"""Editor settings payloads as real clients send them."""

from __future__ import annotations

from hybridlint.server.settings import EditorSettings, changed_section, editor_settings, unwrap


def test_empty_lua_table_means_nothing_set():
    # Neovim's Lua encodes `{}` as a JSON array: it must not read as an unknown setting.
    assert unwrap({"hybridlint": []}) == {}
    assert changed_section({"hybridlint": []}) == {}
    settings, problems = editor_settings(unwrap({"hybridlint": []}))
    assert problems == []
    assert settings == EditorSettings(engine={}, fix_all=True, unsafe_fixes=True, live_line_limit=50_000, size_limit=1_000_000)


def test_nested_and_flat_payloads_agree():
    assert unwrap({"select": ["HYB0"]}) == {"select": ["HYB0"]}
    assert unwrap({"hybridlint": {"select": ["HYB0"]}}) == {"select": ["HYB0"]}
    assert unwrap({"settings": {"hybridlint": {"select": ["HYB0"]}}}) == {"select": ["HYB0"]}
    assert changed_section({"python": {"x": 1}}) is None
    settings, problems = editor_settings({"select": ["HYB0"], "live-line-limit": 10, "sizeLimit": 20})
    assert problems == [] and settings == EditorSettings(
        engine={"select": ["HYB0"]}, fix_all=True, unsafe_fixes=True, live_line_limit=10, size_limit=20
    )


def test_preview_is_an_engine_setting_layered_over_pyproject(tmp_path):
    from hybridlint.server.settings import settings_for

    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\npreview = true\n", encoding="utf-8")
    model = tmp_path / "model.py"
    model.write_text("import tensorflow as tf\n", encoding="utf-8")
    nothing, problems = editor_settings(unwrap({}))
    assert settings_for(str(model), nothing)[0].settings.preview is True and problems == []
    off, problems = editor_settings(unwrap({"hybridlint": {"preview": False}}))
    assert problems == [] and settings_for(str(model), off)[0].settings.preview is False
    (tmp_path / "pyproject.toml").write_text("[tool.hybridlint]\n", encoding="utf-8")
    on, _ = editor_settings(unwrap({"preview": True}))
    assert settings_for(str(model), on)[0].settings.preview is True
    assert settings_for(str(model), nothing)[0].settings.preview is False
    _, problems = editor_settings({"preview": "yes"})
    assert problems and "preview" in problems[0]

def test_the_server_takes_docs_url_for_its_rule_links(tmp_path):
    from hybridlint.registry import find_rule
    from hybridlint.server.settings import settings_for

    editor, problems = editor_settings(unwrap({"hybridlint": {"docsUrl": "https://docs.example.org/rules"}}))
    assert problems == []
    file_settings, problems = settings_for(str(tmp_path / "model.py"), editor)
    assert problems == []
    rule = find_rule("HYB004")
    assert rule is not None
    assert rule.docs_url(file_settings.settings.docs_url) == "https://docs.example.org/rules/HYB004.html"
    _editor, problems = editor_settings(unwrap({"docsUrl": "not a url"}))
    assert problems and "docs" in problems[0]
