"""The reports' one escaping of text into HTML (without pandas: the batch's workers use it too)."""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """Text made safe for HTML (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)
