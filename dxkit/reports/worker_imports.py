"""What a batch's worker processes import once, in their fork server, before any worker forks from it.

They only run notebooks (papermill, nbclient, nbformat). nbformat's jsonschema imports rfc3987-syntax
when it is installed, which builds a grammar for checking IRIs at import: 0.8 s of the fork server's
start, for a format no notebook schema uses. These processes go without it; nothing else is changed.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None: its import fails, jsonschema skips it

import papermill  # noqa: E402,F401  (after the line above)
