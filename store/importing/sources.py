"""Opening a file: spreadsheet or text, and which text encoding it was saved in."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from store.importing.parsed import ImportProblem

# Encodings council files turn up in: UTF-8 (with Excel's byte-order mark), then Windows-1252
# (older Word and Excel exports), then Latin-1, which accepts any bytes.
_TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


@dataclass(frozen=True)
class Source:
    path: Path
    kind: Literal["workbook", "text"]
    data: bytes
    text: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def open_source(path: Path) -> Source:
    """Read a file and say what it is, or raise `ImportProblem` saying why it can't be read."""
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(name, f"the file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ImportProblem(name, "this is a folder, not a file: import one file at a time") from None
    except OSError as error:
        raise ImportProblem(name, f"the file could not be read ({error.strerror or error})") from None
    if not data.strip():
        raise ImportProblem(name, "the file is empty")
    if data.startswith(b"PK\x03\x04"):
        return Source(path=path, kind="workbook", data=_check_workbook(name, data))
    if data.startswith(b"%PDF"):
        raise ImportProblem(
            name,
            "this is a PDF. Copy its table out as text (tab-separated) or export it as CSV, then import that file.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblem(
            name, "this is an old Excel (.xls) or Word (.doc) file. Save it as .xlsx or CSV and import that."
        )
    text = decode_text(name, data)
    return Source(path=path, kind="text", data=data, text=text)


def _check_workbook(name: str, data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ImportProblem(name, "the file looks like a spreadsheet but is damaged or incomplete") from None
    if "xl/workbook.xml" not in names:
        kind = "Word document" if "word/document.xml" in names else "zip archive"
        raise ImportProblem(
            name, f"this is a {kind}, not a spreadsheet. Save the action plan as .xlsx or CSV and import that."
        )
    return data


def decode_text(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _normalised(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise ImportProblem(name, "the file says it is UTF-16 text but cannot be decoded") from None
    if b"\x00" in data[:4096]:
        raise ImportProblem(
            name, "this is not a text file, CSV or spreadsheet (it holds binary data), so it cannot be read"
        )
    for encoding in _TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 50):
        raise ImportProblem(
            name, "this is not a text file, CSV or spreadsheet (it holds binary data), so it cannot be read"
        )
    return _normalised(text)


def _normalised(text: str) -> str:
    # A stray NUL (PDF extraction leaves them; only a file's start is checked for binary data)
    # carries nothing, and PostgreSQL cannot store one: the whole import would fail on it.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
