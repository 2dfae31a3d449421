"""Editor settings payloads as real clients send them."""

from __future__ import annotations

from hybridlint.server.settings import changed_section, editor_settings, unwrap


def test_empty_lua_table_means_nothing_set():
    # Neovim's Lua encodes `{}` as a JSON array: it must not read as an unknown setting.
    assert unwrap({"hybridlint": []}) == {}
    assert changed_section({"hybridlint": []}) == {}
    settings, problems = editor_settings(unwrap({"hybridlint": []}))
    assert problems == []


def test_nested_and_flat_payloads_agree():
    flat = unwrap({"select": ["HYB0"]})
    assert unwrap({"hybridlint": {"select": ["HYB0"]}}) == flat
    assert changed_section({"python": {"x": 1}}) is None


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
