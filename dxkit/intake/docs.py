"""A folder of evidence documents, indexed by name: nothing outside it is ever followed, nothing is read.

`index_documents(folder)` walks the folder without following a symbolic link and keeps each regular
file's path relative to it (names only: no file is opened). Not documents: hidden files and folders,
Office lock files (`~$…`) and what operating systems leave in zips (`__MACOSX`, `Thumbs.db`,
`desktop.ini`). A symbolic link to a file inside the folder is a document; a link pointing outside,
a linked folder (never descended: what it holds inside the folder is indexed where it really is) and
anything that is not a regular file (a pipe, a device) are kept as refused entries, so a reference naming
one gets the reason. A missing folder, a file, or a folder without any document is an InputError.

`DocumentIndex.locate(text)` turns a path a unit wrote (`tài liệu/QĐ 123.pdf`, `tai lieu\\QĐ 123.pdf`,
`file:///…`, an absolute path) into a path inside the folder, or refuses it with a reason (`..`, an
absolute path elsewhere, `C:\\…`, `\\\\server\\share`, `~`), by its text alone: the file system is
never asked where a written path leads.

Names compare as keys: `name_key` (Unicode NFC, case-folded: the NFD names of macOS zips equal the
NFC ones of Windows) and, when nothing has that key, `loose_key` (also without diacritics, with
`_ - .` and runs of spaces as one space).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message
from dxkit.intake.readers import fold

SYSTEM_LEFTOVERS = ("__macosx", "thumbs.db", "desktop.ini")  # case-folded
DOCUMENT_SUFFIXES = frozenset(
    [
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "xlsm",
        "ods",
        "odt",
        "odp",
        "ppt",
        "pptx",
        "rtf",
        "txt",
        "csv",
        "xml",
        "htm",
        "html",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "tif",
        "tiff",
        "bmp",
        "heic",
        "webp",
        "mp3",
        "mp4",
        "mov",
        "avi",
        "zip",
        "rar",
        "7z",
    ]
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_HOME = re.compile(r"^~[\w.-]*[/\\]")  # '~/…', '~user/…' (not '~$…', an Office lock file)
_PATH_START = ("/", "\\", "./", "../", ".\\", "..\\")
_SUFFIX = re.compile(r"\.([A-Za-z0-9]{1,5})$")
_SEPARATORS = re.compile(r"[\s_.\-]+")
_TOKENS = re.compile(r"[a-z]+|[0-9]+")


def is_document_name(name: str) -> bool:
    """False for what is not a document by convention: hidden, Office lock files, zip leftovers."""
    return not (name.startswith((".", "~$")) or name.casefold() in SYSTEM_LEFTOVERS)


def name_key(name: str) -> str:
    """A name as compared first: NFC, case-folded, single spaces ('Báo Cáo.PDF' in NFD → 'báo cáo.pdf')."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def loose_key(name: str) -> str:
    """A name as compared when nothing has its `name_key`: no diacritics, `_ - .` as spaces
    ('Bao_cao-CĐS.pdf' → 'bao cao cds pdf')."""
    return _SEPARATORS.sub(" ", fold(name)).strip()


def stem(name: str) -> str:
    """A file name without its suffix, when it has one of a document ('QĐ 123.pdf' → 'QĐ 123')."""
    found = _SUFFIX.search(name)
    return name[: found.start()] if found and found[1].lower() in DOCUMENT_SUFFIXES else name


def has_document_suffix(text: str) -> bool:
    """True when `text` ends like a document's file name ('….pdf', '….DOCX')."""
    return stem(text) != text


def name_tokens(name: str) -> tuple[str, ...]:
    """The runs of letters and of digits of a name's stem, folded ('123_QĐ-UBND_2024.docx' →
    ('123', 'qd', 'ubnd', '2024')): how a document number is looked for in it."""
    return tuple(_TOKENS.findall(fold(stem(name))))


def looks_like_path(text: str) -> bool:
    """True when `text` is written as a path or a file name: a `file:` link, a drive, a share, a home,
    folders with a backslash or `..`, or a document's suffix ('QĐ 123.pdf', 'C:\\x', '../a')."""
    return (
        text.lower().startswith("file:")
        or text.startswith(_PATH_START)
        or bool(_DRIVE.match(text) or _HOME.match(text))
        or "\\" in text
        or ".." in re.split(r"[\\/]", text)
        or has_document_suffix(text)
    )


def _path_key(path: str) -> str:
    return "/".join(name_key(part) for part in path.split("/"))


@dataclass(frozen=True)
class Document:
    """An entry of the folder: its path relative to the folder ('/'-separated, as on disk) and, for an
    entry not followed, why (`link_outside`, `linked_folder`, `not_a_file`: message
    `evidence_check.reason.<reason>`); a document has no reason."""

    path: str
    reason: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Located:
    """Where a written path leads: `path` inside the folder, or the `reason` it is refused
    (`parent`, `absolute`, `drive`, `network`, `home`: message `evidence_check.reason.<reason>`)."""

    path: str = ""
    reason: str = ""


@dataclass(frozen=True)
class Lookup:
    """The entries of a pool by each key they are looked up by, built once: relative path, file name,
    stem (each by `name_key`, then `loose_key`) and each number their name carries (with its tokens)."""

    path: dict[str, list[Document]]
    name: dict[str, list[Document]]
    loose_name: dict[str, list[Document]]
    stem: dict[str, list[Document]]
    loose_stem: dict[str, list[Document]]
    number: dict[int, list[tuple[Document, tuple[str, ...]]]]

    @classmethod
    def of(cls, pool: tuple[Document, ...]) -> Lookup:
        keys: dict[str, dict] = {k: defaultdict(list) for k in ("path", "name", "loose_name", "stem", "loose_stem")}
        numbers: dict[int, list[tuple[Document, tuple[str, ...]]]] = defaultdict(list)
        for d in pool:
            keys["path"][_path_key(d.path)].append(d)
            keys["name"][name_key(d.name)].append(d)
            keys["loose_name"][loose_key(d.name)].append(d)
            keys["stem"][name_key(stem(d.name))].append(d)
            keys["loose_stem"][loose_key(stem(d.name))].append(d)
            tokens = name_tokens(d.name)
            for n in dict.fromkeys(int(t) for t in tokens if t.isdigit()):
                numbers[n].append((d, tokens))
        return cls(**keys, number=numbers)


@dataclass(frozen=True)
class DocumentIndex:
    """The documents of a folder (`root` as given, `real` resolved), the entries refused in it, and the
    sub-folders that could not be listed (relative paths)."""

    root: Path
    real: Path
    documents: tuple[Document, ...]
    refused: tuple[Document, ...] = ()
    unreadable: tuple[str, ...] = ()

    @cached_property
    def _lookups(self) -> tuple[Lookup, Lookup]:
        return Lookup.of(self.documents), Lookup.of(self.refused)

    def lookup(self, refused: bool = False) -> Lookup:
        """How the documents, or (`refused`) the entries refused, are looked up."""
        return self._lookups[refused]

    def at(self, path: str, refused: bool = False) -> list[Document]:
        """The entries at relative `path`, compared by `name_key` part by part."""
        return list(self.lookup(refused).path.get(_path_key(path), []))

    def named(self, name: str, whole: bool = True, refused: bool = False) -> list[Document]:
        """The entries whose file name (`whole`) or stem is `name`: by `name_key`, else by `loose_key`."""
        found = self.lookup(refused)
        exact, loose = (found.name, found.loose_name) if whole else (found.stem, found.loose_stem)
        return list(exact.get(name_key(name)) or loose.get(loose_key(name), []))

    def carrying(self, number: int, refused: bool = False) -> list[tuple[Document, tuple[str, ...]]]:
        """The entries whose name carries `number`, with their names' tokens (`name_tokens`)."""
        return self.lookup(refused).number.get(number, [])

    def refusal(self, path: str) -> Document | None:
        """The refused entry that relative `path` is, or goes through."""
        key = _path_key(path)
        return next((r for r in self.refused if key == (k := _path_key(r.path)) or key.startswith(k + "/")), None)

    def locate(self, text: str) -> Located:
        """The path inside the folder that `text` names, or why it is refused (see the module doc)."""
        path = text.strip()
        if path.lower().startswith("file:"):
            url = urlsplit(path)
            if url.netloc not in ("", "localhost"):
                return Located(reason="network")
            path = unquote(url.path)
            if re.match(r"^/[A-Za-z]:", path):  # file:///C:/…
                path = path[1:]
        if path.startswith(("\\\\", "//")):
            return Located(reason="network")
        if _DRIVE.match(path):
            return Located(reason="drive")
        if _HOME.match(path):
            return Located(reason="home")
        parts = re.split(r"[\\/]+", path)
        if ".." in parts:
            return Located(reason="parent")
        if path.startswith(("/", "\\")):
            written = PurePosixPath("/" + "/".join(p for p in parts if p))
            for base in (Path(os.path.abspath(self.root)), self.real):
                if written.is_relative_to(base.as_posix()):
                    return Located(path=written.relative_to(base.as_posix()).as_posix())
            return Located(reason="absolute")
        return Located(path="/".join(p for p in parts if p not in ("", ".")))


def _folder_error(folder: str | Path, key: str) -> InputError:
    return InputError([Problem("error", Message(f"evidence_check.folder.{key}"), file=str(folder))])


def index_documents(folder: str | Path) -> DocumentIndex:
    """Every document of `folder` (searched recursively, see the module doc); InputError when the
    folder is missing, is not a folder, or holds no document."""
    root = Path(folder)
    if not root.exists():
        raise _folder_error(folder, "missing")
    if not root.is_dir():
        raise _folder_error(folder, "not_a_folder")
    real = root.resolve()
    documents: list[Document] = []
    refused: list[Document] = []
    unreadable: list[str] = []
    pending = [("", real)]
    while pending:
        rel, here = pending.pop()
        try:
            with os.scandir(here) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            if not rel:
                raise _folder_error(folder, "unreadable") from None
            unreadable.append(rel)
            continue
        for entry in entries:
            if not is_document_name(entry.name):
                continue
            path = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_symlink():
                target = Path(os.path.realpath(entry.path))
                if not target.is_relative_to(real):
                    refused.append(Document(path, "link_outside"))
                elif target.is_dir():
                    refused.append(Document(path, "linked_folder"))
                elif target.is_file():
                    documents.append(Document(path))
                else:
                    refused.append(Document(path, "not_a_file"))
            elif entry.is_dir(follow_symlinks=False):
                pending.append((path, Path(entry.path)))
            elif entry.is_file(follow_symlinks=False):
                documents.append(Document(path))
            else:
                refused.append(Document(path, "not_a_file"))
    if not documents:
        raise _folder_error(folder, "empty")
    return DocumentIndex(
        root,
        real,
        tuple(sorted(documents, key=lambda d: d.path)),
        tuple(sorted(refused, key=lambda r: r.path)),
        tuple(sorted(unreadable)),
    )
