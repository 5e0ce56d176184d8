"""Safe, readable path names from free-text names (Vietnamese-aware) and a guard against escaping a folder."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def slugify(name: str) -> str:
    """'Chư Prông' → 'chu-prong', 'Đak Đoa' → 'dak-doa'; only [a-z0-9-], never empty, never '.' or '..'.

    A name with no Latin letter or digit left (e.g. '???') gets a short stable hash instead.
    """
    text = unicodedata.normalize("NFD", str(name).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    slug = _NON_ALNUM.sub("-", text).strip("-")[:MAX_LENGTH].rstrip("-")
    if slug:
        return slug
    return "x-" + hashlib.sha1(str(name).encode("utf-8")).hexdigest()[:8]


def unique_slugs(names: list[str]) -> dict[str, str]:
    """One distinct slug per name, in the order given ('a', 'a-2', 'a-3' where names collide)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for name in names:
        base = slug = slugify(name)
        n = 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        out[name] = slug
    return out


def inside(root: str | Path, *parts: str) -> Path:
    """`root/parts...`, refusing any result that resolves outside `root`."""
    base = Path(root).resolve()
    path = base.joinpath(*parts).resolve()
    if not path.is_relative_to(base):
        raise ValueError(f"refusing to write outside {base}: {path}")
    return path
