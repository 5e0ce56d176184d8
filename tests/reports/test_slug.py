"""Output paths come from slugs: readable, Vietnamese-aware, and never outside the output folder."""

import unicodedata

import pytest

from dxkit.reports.slug import inside, slugify, unique_slugs


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Chư Prông", "chu-prong"),
        ("Đak Đoa", "dak-doa"),
        ("Đức Cơ", "duc-co"),
        ("KBang", "kbang"),
        ("Kông Chro", "kong-chro"),
        ("Ia Grai", "ia-grai"),
        ("Phú Thiện", "phu-thien"),
        ("  An   Khê ", "an-khe"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\Windows", "c-windows"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slug_ignores_unicode_form():
    assert slugify(unicodedata.normalize("NFD", "Chư Prông")) == "chu-prong"


def test_slug_of_a_name_without_latin_letters_is_a_stable_hash():
    assert slugify("???") == slugify("???")
    assert slugify("???") != slugify("!!!")
    assert slugify("..").startswith("x-")


def test_slug_is_bounded():
    assert len(slugify("a" * 500)) <= 60


def test_colliding_names_get_distinct_slugs():
    assert unique_slugs(["Đak Đoa", "Dak Doa", "dak-doa"]) == {
        "Đak Đoa": "dak-doa",
        "Dak Doa": "dak-doa-2",
        "dak-doa": "dak-doa-3",
    }


def test_inside_refuses_to_leave_the_folder(tmp_path):
    assert inside(tmp_path, "2024", "chu-prong") == (tmp_path / "2024" / "chu-prong").resolve()
    with pytest.raises(ValueError, match="outside"):
        inside(tmp_path, "..", "x")
    with pytest.raises(ValueError, match="outside"):
        inside(tmp_path, "/etc")
