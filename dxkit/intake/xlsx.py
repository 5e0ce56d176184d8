"""Save an openpyxl workbook atomically, optionally byte-for-byte reproducible."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from dxkit.atomic import write_atomic

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")


def _repack(data: bytes, stamp: datetime) -> bytes:
    """The same xlsx with every zip entry and the document's modified time set to `stamp`."""
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + iso, content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def save_workbook(wb: Workbook, path: str | Path, stamp: datetime | None = None) -> Path:
    """Write `wb` whole or not at all; with `stamp`, the bytes depend only on the content."""
    if stamp is not None:
        wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_atomic(path, _repack(buffer.getvalue(), stamp) if stamp is not None else buffer.getvalue())
