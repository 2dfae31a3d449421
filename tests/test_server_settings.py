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
