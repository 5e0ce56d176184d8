"""What a batch's worker processes import once, in their fork server, before any worker forks from it.

They only run notebooks (papermill, nbclient, nbformat) and write their HTML with dxkit's messages, read
here once: no pandas (dxkit's names are imported lazily). Two optional imports of papermill's
dependencies are left out, nothing else is changed: nbformat's jsonschema imports rfc3987-syntax when it
is installed, which builds a grammar for checking IRIs at import (0.8 s of the fork server's start) for a
format no notebook schema uses; papermill imports pyarrow (and numpy) for an HDFS handler, and the
workers read local files.
"""

import gc
import sys

for _optional in ("rfc3987_syntax", "pyarrow"):
    sys.modules.setdefault(_optional, None)  # type: ignore[arg-type]  # None: its import fails, the importer goes without

import papermill  # noqa: E402,F401  (after the lines above)

from dxkit.core import vocab  # noqa: E402

vocab.read_all()  # the messages of the pages and errors the workers write, read once here (0.05 s a worker)
gc.freeze()  # what is imported stays out of the workers' collections: its pages stay shared (8 MiB less a worker)
