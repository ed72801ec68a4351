"""What may be uploaded as evidence, judged by a file's bytes rather than its name.

Evidence is downloaded by colleagues on council machines, so a file must be what it
claims to be: a PDF, an Office document, an image or plain text. A Windows program
renamed "report.pdf", a web page, or a Word file with macros is refused with a reason.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class EvidenceType:
    content_type: str
    label: str
    extensions: tuple[str, ...]


PDF = EvidenceType("application/pdf", "PDF", (".pdf",))
DOCX = EvidenceType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    (".docx",),
)
XLSX = EvidenceType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel spreadsheet",
    (".xlsx",),
)
PPTX = EvidenceType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "PowerPoint presentation",
    (".pptx",),
)
DOC = EvidenceType("application/msword", "Word document", (".doc",))
XLS = EvidenceType("application/vnd.ms-excel", "Excel spreadsheet", (".xls",))
PPT = EvidenceType("application/vnd.ms-powerpoint", "PowerPoint presentation", (".ppt",))
PNG = EvidenceType("image/png", "PNG image", (".png",))
JPEG = EvidenceType("image/jpeg", "JPEG image", (".jpg", ".jpeg"))
GIF = EvidenceType("image/gif", "GIF image", (".gif",))
WEBP = EvidenceType("image/webp", "WebP image", (".webp",))
TEXT = EvidenceType("text/plain", "Text file", (".txt",))
CSV = EvidenceType("text/csv", "CSV file", (".csv",))

ALLOWED = {
    t.content_type: t
    for t in (PDF, DOCX, XLSX, PPTX, DOC, XLS, PPT, PNG, JPEG, GIF, WEBP, TEXT, CSV)
}
# A hint for the browser's file picker; the content is what is checked.
ACCEPT = ",".join(sorted(ext for kind in ALLOWED.values() for ext in kind.extensions))
# The formats filetype recognises by their magic bytes that we accept as they are.
_SNIFFED = {t.content_type: t for t in (PDF, PNG, JPEG, GIF, WEBP)} | {"image/apng": PNG}

# An Office Open XML file is a zip whose main part sits in a folder named for the program.
_OOXML_FOLDERS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An OLE2 compound file (old Office, but also Windows installers) names its streams in
# UTF-16 in its directory; the main stream tells which program wrote it.
_OLE2_STREAMS = (
    ("WordDocument".encode("utf-16-le"), DOC),
    ("Workbook".encode("utf-16-le"), XLS),
    ("PowerPoint Document".encode("utf-16-le"), PPT),
)
# How other formats that filetype recognises are named in a refusal.
_REFUSED_KINDS = {
    "exe": "a Windows program",
    "elf": "a Linux program",
    "zip": "a ZIP archive",
    "rar": "a compressed archive",
    "7z": "a compressed archive",
    "gz": "a compressed archive",
    "tar": "a compressed archive",
}
_HEAD_BYTES = 8192
# An extension longer than this is part of the name, not a type ("minutes.of the meeting").
_LONGEST_SUFFIX = 16
_ADVICE = "Upload a PDF, an Office document, an image or a text file."


def max_megabytes() -> int:
    return settings.MAX_UPLOAD_BYTES // (1024 * 1024)


def _refuse(what: str) -> ValidationError:
    return ValidationError(
        f"The file is {what}, which cannot be uploaded as evidence. {_ADVICE}", code="type"
    )


def check_evidence(upload: UploadedFile) -> str:
    """The content type of an acceptable evidence file, found from its content.

    Raises ValidationError whose message says why the file is refused.
    """
    # An upload from a request always knows its size; a file that does not is refused too.
    if upload.size is None or upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is larger than {max_megabytes()} MB. "
            f"Upload a file of {max_megabytes()} MB or less.",
            code="size",
        )
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _office_open_xml(upload).content_type
        if head.startswith(_OLE2_MAGIC):
            return _ole2_office(upload.read()).content_type
        kind = filetype.guess(head)
        if kind is not None:
            if kind.mime in _SNIFFED:
                return _SNIFFED[kind.mime].content_type
            raise _refuse(_REFUSED_KINDS.get(kind.extension, f"a {kind.extension.upper()} file"))
        return _text(upload.read(), upload.name or "").content_type
    finally:
        upload.seek(0)


def _office_open_xml(upload: UploadedFile) -> EvidenceType:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names:
                raise _refuse("a ZIP archive")
            # Only this one small part is unpacked, and no more than a megabyte of it.
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(1024 * 1024)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise _refuse("a damaged or unreadable ZIP archive") from exc
    if b"macroEnabled" in content_types or any(n.endswith("vbaProject.bin") for n in names):
        raise ValidationError(
            "The file is an Office document with macros, which cannot be uploaded as "
            "evidence. Save it as a .docx, .xlsx or .pptx file without macros and upload that.",
            code="macros",
        )
    for folder, kind in _OOXML_FOLDERS:
        if any(name.startswith(folder) for name in names):
            return kind
    raise _refuse("a ZIP archive")


def _ole2_office(data: bytes) -> EvidenceType:
    for stream_name, kind in _OLE2_STREAMS:
        if stream_name in data:
            return kind
    raise _refuse("a Windows compound file that is not a Word, Excel or PowerPoint document")


def _text(data: bytes, name: str) -> EvidenceType:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:
        raise ValidationError(
            "The file is not a PDF, an Office document, an image or a text file, so it "
            f"cannot be uploaded as evidence. {_ADVICE}",
            code="type",
        )
    if re.match(r"\s*<(!doctype html|html|\?xml|svg)\b", text, re.IGNORECASE):
        raise _refuse("a web page or other markup (HTML, SVG or XML)")
    suffix = PurePath(name).suffix.lower()
    for kind in (TEXT, CSV):
        if suffix in kind.extensions:
            return kind
    raise ValidationError(
        "The file is text, but only text files whose names end in .txt or .csv can be "
        "uploaded as evidence. Rename it, or upload a PDF, an Office document or an image.",
        code="name",
    )


def describe(content_type: str) -> str:
    """A person's name for a stored evidence type, e.g. "PDF" or "Excel spreadsheet"."""
    kind = ALLOWED.get(content_type)
    return kind.label if kind else "File"


def stored_name(content_type: str) -> str:
    """The name an accepted file is stored under: random, so that no uploaded name reaches
    the file system (200 four-byte characters are too long for it), with the extension
    of `content_type`, the type check_evidence found in its bytes, never the uploaded one."""
    return f"{uuid.uuid4().hex}{ALLOWED[content_type].extensions[0]}"


def _clean_name(name: str) -> str:
    """The file's own name: no folders and no control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", PurePath(name.replace("\\", "/")).name)


def display_name(name: str, limit: int) -> str:
    """The uploaded name as the timeline shows it, cut to `limit` characters (its column's
    length) from the end of its stem, so that the extension stays."""
    name = _clean_name(name)
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if len(suffix) <= _LONGEST_SUFFIX else ""
    return name[: limit - len(suffix)] + suffix


def download_name(name: str, content_type: str) -> str:
    """The name to save a download as: no control characters, and an extension that
    matches the content, so "report.exe" holding a PDF is saved as "report.exe.pdf"."""
    name = _clean_name(name) or "evidence"
    kind = ALLOWED.get(content_type)
    if kind and PurePath(name).suffix.lower() not in kind.extensions:
        name += kind.extensions[0]
    return name
