"""A documents folder indexed by name, safely: hidden and lock files skipped, links out refused, never followed."""

from __future__ import annotations

import os
import unicodedata

import pytest

from dxkit.core.problems import InputError
from dxkit.intake.docs import index_documents, loose_key, name_key, name_tokens, stem


def _touch(folder, *names):
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    _touch(
        docs,
        "a.pdf",
        "Quyết định/200-QD-UBND.pdf",
        ".hidden.pdf",
        ".git/config",
        "~$a.docx",
        "__MACOSX/._a.pdf",
        "Thumbs.db",
    )
    _touch(tmp_path, "outside/secret.pdf")
    (docs / "passwd.pdf").symlink_to("/etc/passwd")
    (docs / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (docs / "again").symlink_to(docs / "Quyết định", target_is_directory=True)
    (docs / "same.pdf").symlink_to(docs / "a.pdf")
    os.mkfifo(docs / "pipe.pdf")
    return docs


def test_documents_are_regular_files_and_links_inside_never_hidden_or_lock_files(folder):
    index = index_documents(folder)
    assert [d.path for d in index.documents] == ["Quyết định/200-QD-UBND.pdf", "a.pdf", "same.pdf"]
    assert index.real == folder.resolve()


def test_links_out_linked_folders_and_pipes_are_refused_entries_never_descended(folder):
    index = index_documents(folder)
    assert [(r.path, r.reason) for r in index.refused] == [
        ("again", "linked_folder"),
        ("out", "link_outside"),
        ("passwd.pdf", "link_outside"),
        ("pipe.pdf", "not_a_file"),
    ]
    assert not [d for d in index.documents if d.path.startswith(("out/", "again/"))]


def test_names_compare_in_nfc_or_nfd_and_any_case_then_loosely(tmp_path):
    nfd = unicodedata.normalize("NFD", "Báo Cáo chuyển đổi số.PDF")
    _touch(tmp_path, nfd, "sub/bao_cao-quy.pdf")
    index = index_documents(tmp_path)
    assert [d.path for d in index.named("báo cáo chuyển đổi số.pdf")] == [nfd]
    assert [d.path for d in index.named("Báo cáo chuyển đổi số", whole=False)] == [nfd]
    assert [d.path for d in index.named("Bao cao quy.PDF")] == ["sub/bao_cao-quy.pdf"]  # loosely
    assert [d.path for d in index.at("SUB/Bao_Cao-Quy.pdf")] == ["sub/bao_cao-quy.pdf"]
    assert index.at("bao_cao-quy.pdf") == []  # a place is a place
    assert name_key(nfd) == "báo cáo chuyển đổi số.pdf"
    assert loose_key("Bao_cao-CĐS.v2.pdf") == "bao cao cds v2 pdf"


def test_a_name_is_read_as_tokens_of_letters_and_digits():
    assert name_tokens("123_QĐ-UBND_2024.docx") == ("123", "qd", "ubnd", "2024")
    assert name_tokens("QĐ123UBND.pdf") == ("qd", "123", "ubnd")
    assert stem("QĐ 123.pdf") == "QĐ 123"
    assert stem("Kế hoạch v.2") == "Kế hoạch v.2"  # '.2' is not a document's suffix


@pytest.mark.parametrize(
    ("written", "path", "reason"),
    [
        ("sub/a.pdf", "sub/a.pdf", ""),
        ("sub\\a.pdf", "sub/a.pdf", ""),
        ("./sub//a.pdf", "sub/a.pdf", ""),
        ("../a.pdf", "", "parent"),
        ("sub/../../a.pdf", "", "parent"),
        ("/etc/passwd", "", "absolute"),
        ("C:\\Users\\x\\a.pdf", "", "drive"),
        ("C:/Users/x/a.pdf", "", "drive"),
        ("\\\\server\\share\\a.pdf", "", "network"),
        ("//server/share/a.pdf", "", "network"),
        ("file://server/share/a.pdf", "", "network"),
        ("file:///C:/Users/a.pdf", "", "drive"),
        ("file:///etc/passwd", "", "absolute"),
        ("~/a.pdf", "", "home"),
        ("file:sub/b%C3%A1o%20c%C3%A1o.pdf", "sub/báo cáo.pdf", ""),
    ],
)
def test_a_written_path_is_located_by_its_text_or_refused(tmp_path, written, path, reason):
    _touch(tmp_path, "a.pdf")
    located = index_documents(tmp_path).locate(written)
    assert (located.path, located.reason) == (path, reason)


def test_an_absolute_path_inside_the_folder_is_inside_as_given_or_resolved(tmp_path):
    real = tmp_path / "real"
    _touch(real, "sub/a.pdf")
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    index = index_documents(tmp_path / "alias")
    assert index.locate(f"{tmp_path}/alias/sub/a.pdf").path == "sub/a.pdf"
    assert index.locate(f"file://{real}/sub/a.pdf").path == "sub/a.pdf"
    assert index.locate(f"{tmp_path}/aliasx/a.pdf").reason == "absolute"
    assert index.locate(f"{tmp_path}/alias/../real/sub/a.pdf").reason == "parent"


def test_a_path_through_a_refused_entry_names_it(folder):
    index = index_documents(folder)
    assert index.refusal("out/secret.pdf").path == "out"
    assert index.refusal("passwd.pdf").reason == "link_outside"
    assert index.refusal("outx/secret.pdf") is None


@pytest.mark.parametrize(
    ("make", "vi", "en"),
    [
        (lambda p: p / "none", "không có thư mục tài liệu này", "no such documents folder"),
        (lambda p: _touch(p, "f.pdf") or p / "f.pdf", "không phải thư mục", "not a folder"),
        (lambda p: _touch(p, "e/.a.pdf", "e/~$b.docx") or p / "e", "không có tài liệu nào", "holds no document"),
    ],
)
def test_an_unusable_folder_is_an_error_naming_it_in_the_readers_language(tmp_path, make, vi, en):
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        index_documents(path)
    assert vi in caught.value.text("vi") and str(path) in caught.value.text("vi")
    assert en in caught.value.text("en")
