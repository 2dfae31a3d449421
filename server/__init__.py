"""The language server: a thin adapter between LSP and the engine."""
