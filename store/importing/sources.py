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
    kind: Literal["workbook", "word", "pdf", "web page", "text"]
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
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04") or (suffix in (".xlsx", ".docx") and data.startswith(b"PK")):
        return Source(path=path, kind=_office_kind(name, suffix, data), data=data)
    if b"%PDF-" in data[:1024]:
        return Source(path=path, kind="pdf", data=data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in (".docx", ".xlsx") or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00" in data[:65536]:
            # Word and Excel save a password-protected .docx/.xlsx inside an old-style container.
            raise ImportProblem(
                name,
                "this file is password-protected (encrypted), so its table cannot be read. Open it, remove "
                "the password (File > Info > Protect), save it and import it again.",
            )
        raise ImportProblem(
            name, "this is an old Excel (.xls) or Word (.doc) file. Save it as .xlsx, .docx or CSV and import that."
        )
    if suffix == ".pdf":
        raise ImportProblem(name, "the file is named .pdf but is not a PDF (it does not start with %PDF): it may be damaged")
    text = decode_text(name, data)
    if suffix in (".html", ".htm", ".xhtml") or _looks_like_html(text):
        return Source(path=path, kind="web page", data=data, text=text)
    return Source(path=path, kind="text", data=data, text=text)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2048].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in text[:4096].lower() or (
        "<table" in text.lower() and "</td>" in text.lower()
    )


def _office_kind(name: str, suffix: str, data: bytes) -> Literal["workbook", "word"]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        kind = {".docx": "Word document", ".xlsx": "spreadsheet"}.get(suffix, "spreadsheet or Word document")
        raise ImportProblem(
            name, f"the file looks like a {kind} but is damaged or incomplete (it cannot be opened as one)"
        ) from None
    if "xl/workbook.xml" in names:
        return "workbook"
    if "word/document.xml" in names:
        return "word"
    raise ImportProblem(
        name, "this is a zip archive, not a spreadsheet or Word document. Import the tracker itself (.xlsx, .docx, .pdf or CSV)."
    )


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
