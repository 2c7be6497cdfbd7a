"""Read a notes file into text, or say in one line why it cannot be read.

Decoding is strict on purpose: a binary file or a file in another encoding is reported,
never half-read. A UTF-8 BOM is dropped and line ends are left to the Markdown parser,
which treats CRLF, CR and LF alike.
"""

from __future__ import annotations

import codecs
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024 + 1024  # a 10 MB note is still read; larger is refused


class UnreadableFile(Exception):
    """The file cannot be read as UTF-8 Markdown; `line` is where the problem is."""

    def __init__(self, reason: str, line: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class FileText:
    text: str
    digest_input: bytes


def read_note_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> FileText:
    try:
        if path.is_symlink():
            path.resolve(strict=True)  # raises on a loop or a dangling link
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or device named .md would block the read forever.
            raise UnreadableFile("not a regular file")
        size = status.st_size
        if size > max_bytes:
            raise UnreadableFile(f"file is too large ({size:,} bytes; limit {max_bytes:,})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except UnreadableFile:
        raise
    except RuntimeError as error:  # Path.resolve on a symlink loop (Python < 3.13)
        raise UnreadableFile(f"cannot read: {error}") from None
    except OSError as error:
        raise UnreadableFile(f"cannot read: {error.strerror or error}") from None
    return FileText(decode_note_bytes(data), data)


def _line_at(data: bytes, position: int) -> int:
    """The 1-based line of a byte offset, with CRLF, CR and LF all ending a line."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode_note_bytes(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise UnreadableFile("file is UTF-32; save it as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile("file is UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise UnreadableFile(
            "binary file (contains NUL bytes)", _line_at(data, data.index(b"\x00"))
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(data, error.start)
        raise UnreadableFile(f"not valid UTF-8 (byte {error.start})", line) from None
    return text.removeprefix("\ufeff")
