"""A static web host on 127.0.0.1 that serves a built site the way common hosts do, and
counts what it sends.

Like GitHub Pages, nginx with ``gzip_static`` or Caddy's ``precompressed``, it answers a
browser that accepts gzip with the file's gzip form: the precompressed ``NAME.gz`` beside the
file when the site has one, else the file compressed on the fly (once, then kept), for the
types the site precompresses (``lite.COMPRESSIBLE``). Files that are compressed already
(wheels, zips, images, woff2 fonts) go as they are. It sends
``Last-Modified`` and ``ETag``, answers conditional requests with 304, and sends a
``Cache-Control`` header (by default GitHub Pages' ``max-age=600``), so a second visit is
served from the browser's cache as it would be from a real host.

Every response is recorded (path, status, file bytes, bytes sent), so a visit's cost is
read on the server's side: what a host would count.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from borderlines.publish import lite

#: What the host compresses: what the site has precompressed copies of.
COMPRESSIBLE = set(lite.COMPRESSIBLE)
CONTENT_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".ipynb": "application/json",
    ".whl": "application/zip",
}
#: GitHub Pages' caching header.
DEFAULT_CACHE_CONTROL = "max-age=600"


@dataclass(frozen=True)
class Served:
    """One response: the path asked for, its status, the file's size and the bytes sent."""

    path: str
    status: int
    file_bytes: int
    sent_bytes: int
    gzip: bool


class _Log:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[Served] = []
        self.gzipped: dict[Path, tuple[float, bytes]] = {}

    def add(self, entry: Served) -> None:
        with self.lock:
            self.entries.append(entry)


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - http.server's own class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **CONTENT_TYPES,
    }

    def __init__(self, *args: Any, log: _Log, cache_control: str, **kwargs: Any) -> None:
        self.served_log = log
        self.cache_control = cache_control
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file() or file.is_symlink():
            self.send_error(404, "File not found")  # http.server's words, as other hosts'
            self.served_log.add(Served(path, 404, 0, 0, False))
            return
        stat = file.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", self.cache_control)
            self.end_headers()
            self.served_log.add(Served(path, 304, stat.st_size, 0, False))
            return
        body, encoded = self._body(file, stat)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", self.cache_control)
        self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.served_log.add(Served(path, 200, stat.st_size, len(body), encoded))

    def do_HEAD(self) -> None:
        self.send_error(405)

    def _body(self, file: Path, stat: os.stat_result) -> tuple[bytes, bool]:
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or file.suffix not in COMPRESSIBLE:
            return file.read_bytes(), False
        pre = file.with_name(file.name + ".gz")
        if pre.is_file() and pre.stat().st_mtime >= stat.st_mtime:
            return pre.read_bytes(), True
        log = self.served_log
        with log.lock:
            cached = log.gzipped.get(file)
        if cached is None or cached[0] != stat.st_mtime:
            cached = (stat.st_mtime, gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
            with log.lock:
                log.gzipped[file] = cached
        return cached[1], True


class StaticHost:
    """Serve ``root`` on a free port of 127.0.0.1 until :meth:`close`."""

    def __init__(self, root: Path, cache_control: str = DEFAULT_CACHE_CONTROL) -> None:
        self.root = Path(root)
        self.log = _Log()
        handler = functools.partial(
            _Handler, directory=str(root), log=self.log, cache_control=cache_control
        )
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        """The address of ``path`` on the site."""
        return f"{self.base}/{path.lstrip('/')}"

    def mark(self) -> int:
        """A mark in the log: :meth:`since` gives what was served after it."""
        with self.log.lock:
            return len(self.log.entries)

    def since(self, mark: int) -> list[Served]:
        """Every response since ``mark``."""
        with self.log.lock:
            return list(self.log.entries[mark:])

    def close(self) -> None:
        """Stop serving."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def gzip_size(file: Path) -> int:
    """What a gzip-serving host sends for ``file`` (its size when not compressible)."""
    if file.suffix not in COMPRESSIBLE:
        return file.stat().st_size
    return len(gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
