"""Starts the hybridlint language server bundled in the VS Code extension.

The extension runs `<python> bundled/tool/lsp_server.py` with the interpreter it chose; hybridlint and its
pure-Python dependencies are in bundled/libs (put there by `make vsix`), ahead of anything installed in
that interpreter, so the user's environment needs nothing installed.
"""

import os
import sys

MIN_PYTHON = (3, 10)  # the oldest Python the libraries in bundled/libs support

if sys.version_info < MIN_PYTHON:
    sys.stderr.write(
        "hybridlint: the bundled server needs Python %d.%d or newer; %s is %d.%d. Select a newer interpreter "
        "or set hybridlint.interpreter.\n" % (MIN_PYTHON + (sys.executable,) + tuple(sys.version_info[:2]))
    )
    sys.exit(2)

LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")
sys.path.insert(0, LIBS)
# The server's background indexer is a spawned child process: it gets the same libraries first.
os.environ["PYTHONPATH"] = os.pathsep.join([LIBS] + [p for p in [os.environ.get("PYTHONPATH")] if p])

if __name__ == "__main__":
    from hybridlint.server import main

    sys.exit(main([]))
