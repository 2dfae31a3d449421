"""The language server: a thin adapter between LSP and the engine.

`main()` runs it on stdio (what editors start: `hybridlint server`), or on TCP for debugging with
`--tcp HOST:PORT`. The pieces: `documents` (text, line index, position encodings), `settings`
(editor settings and `[tool.hybridlint]`), `scheduler` (latest-edit-wins worker), `convert`
(findings ↔ diagnostics), `actions` (quick fixes, noqa, fix-all), `hover`, `crossmodule` (the
project index of each workspace folder, kept by `index_worker` in a child process), and `server`
(handlers).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import List, Optional


def _address(value: str):
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="hybridlint server", description="Run the hybridlint language server.")
    transport = parser.add_mutually_exclusive_group()
    transport.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    transport.add_argument("--tcp", type=_address, metavar="HOST:PORT", help="listen on a TCP port (debugging)")
    parser.add_argument("--log-file", help="write the server's own log here (default: warnings to stderr)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    args = parser.parse_args(argv)

    level = logging.DEBUG if args.verbose else logging.WARNING
    handler: logging.Handler = (
        logging.FileHandler(args.log_file) if args.log_file else logging.StreamHandler(sys.stderr)
    )
    logging.basicConfig(level=level, handlers=[handler], format="%(asctime)s %(name)s %(levelname)s %(message)s")

    from .server import create_server

    server = create_server()
    if args.tcp:
        host, port = args.tcp
        server.start_tcp(host, port)
    else:
        return server.start_io()
    return 0
