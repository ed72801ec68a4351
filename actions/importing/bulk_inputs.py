"""Finding the documents of a bulk import: in files, folders (recursively) and .zip
archives given to the command, and in the files uploaded on the admin's page.

Nothing is read here: each `Document` is read only when its turn comes, so a batch of
thousands holds one in memory at a time. Archives are read in memory, never unpacked to
disk; an entry whose name points outside its archive, or that is too large, is refused
before any of it is decompressed.
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO, cast

from django.core.files.storage import default_storage

from actions.importing import letters
from inspections.parsing import LetterError

DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".text"})
ARCHIVE_SUFFIX = ".zip"
# England has published a few thousand children's services letters since 2009; an archive
# with more entries than this is not a set of letters, and each entry costs a result row.
MAX_ARCHIVE_ENTRIES = 5000


@dataclass(frozen=True)
class Document:
    """One document of a bulk import, read only when its turn comes. `read` raises
    LetterError when the document is refused before it is read (too large, say)."""

    name: str
    read: Callable[[], bytes]

    @property
    def filename(self) -> str:
        return PurePosixPath(self.name).name


def refused(name: str, reason: str) -> Document:
    """A document refused before it is read; reading it gives the reason."""

    def refuse() -> bytes:
        raise LetterError(reason)

    return Document(name, refuse)


def _is_junk(name: str) -> bool:
    """Hidden files and the resource forks macOS adds to archives: never letters."""
    parts = PurePosixPath(name).parts
    return any(
        (part.startswith(".") and part not in {".", ".."}) or part == "__MACOSX" for part in parts
    )


def _file_on_disk(path: Path, name: str, stack: ExitStack) -> list[Document]:
    if path.suffix.lower() == ARCHIVE_SUFFIX:
        return archive_documents(name, stack.enter_context(path.open("rb")), stack)

    def read() -> bytes:
        letters.check_size(path.stat().st_size)
        return path.read_bytes()

    return [Document(name, read)]


def documents_at(paths: Iterable[Path], stack: ExitStack) -> list[Document]:
    """The documents in files, folders (recursively, in name order) and .zip archives.
    Archives opened here stay open until `stack` closes."""
    documents: list[Document] = []
    for path in paths:
        if path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders.sort()
                for file in sorted(files):
                    found = Path(folder, file)
                    name = found.relative_to(path).as_posix()
                    if _is_junk(name):
                        continue
                    if found.suffix.lower() not in {*DOCUMENT_SUFFIXES, ARCHIVE_SUFFIX}:
                        documents.append(refused(name, _not_a_document(name)))
                    else:
                        documents.extend(_file_on_disk(found, name, stack))
        elif path.is_file():
            documents.extend(_file_on_disk(path, path.name, stack))
        else:
            documents.append(refused(str(path), "There is no such file or folder."))
    return documents


def _not_a_document(name: str) -> str:
    return f"“{PurePosixPath(name).name}” is not a PDF, a text file or a .zip archive."


def _entry_problem(info: zipfile.ZipInfo) -> str:
    """Why an archive entry is refused before it is read, or ""."""
    name = PurePosixPath(info.filename.replace("\\", "/"))
    if name.is_absolute() or ".." in name.parts or ":" in info.filename:
        return "Its name in the archive points outside the archive, so it was not read."
    if stat.S_ISLNK(info.external_attr >> 16):
        return "It is a link in the archive, not a document."
    if info.flag_bits & 0x1:
        return "It is protected by a password in the archive, so it cannot be read."
    if name.suffix.lower() == ARCHIVE_SUFFIX:
        return "It is an archive inside the archive: unpack it and import its contents."
    if name.suffix.lower() not in DOCUMENT_SUFFIXES:
        return _not_a_document(name.name)
    return ""


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The size in the entry's header is checked before anything is decompressed; reading
    # at most one byte more than the limit catches a header that lies.
    letters.check_size(info.file_size)
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError) as error:
        raise LetterError(f"It could not be read from the archive: {error}.") from None
    letters.check_size(len(data))
    return data


def archive_documents(name: str, file: BinaryIO, stack: ExitStack) -> list[Document]:
    """The documents inside a .zip archive, which stays open until `stack` closes."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(file))
    except (zipfile.BadZipFile, OSError):
        return [refused(name, "It is not a .zip archive that can be opened.")]
    entries = [
        info for info in archive.infolist() if not info.is_dir() and not _is_junk(info.filename)
    ]
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        reason = (
            f"The archive holds {len(entries)} files; import at most "
            f"{MAX_ARCHIVE_ENTRIES} at a time."
        )
        return [refused(name, reason)]
    documents = []
    for info in entries:
        entry_name = f"{name}/{info.filename}"
        problem = _entry_problem(info)
        if problem:
            documents.append(refused(entry_name, problem))
        else:
            documents.append(Document(entry_name, partial(_read_entry, archive, info)))
    return documents


def uploaded_documents(uploads: list[dict[str, str]], stack: ExitStack) -> list[Document]:
    """The documents in a batch's stored uploads, in the order they were uploaded."""
    documents: list[Document] = []
    for upload in uploads:
        name, stored = upload["name"], upload["stored"]
        suffix = PurePosixPath(name).suffix.lower()
        if suffix == ARCHIVE_SUFFIX:
            # A stored file opened "rb" is a binary file object.
            file = cast(BinaryIO, stack.enter_context(default_storage.open(stored, "rb")))
            documents.extend(archive_documents(name, file, stack))
        elif suffix in DOCUMENT_SUFFIXES:
            documents.append(Document(name, partial(_read_stored, stored)))
        else:
            documents.append(refused(name, _not_a_document(name)))
    return documents


def _read_stored(stored: str) -> bytes:
    letters.check_size(default_storage.size(stored))
    with default_storage.open(stored, "rb") as handle:
        return handle.read()
