"""Where outputs may go: never onto an input, never inside an input folder (but its `outputs/`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dxkit.core.atomic import check_target
from dxkit.core.problems import InputError, Problem

OUTPUTS_DIR = "outputs"  # a folder of this name inside an input folder holds outputs; readers skip it


def output_problem(out: str | Path, inputs: Iterable[str | Path]) -> Problem | None:
    """Why `out` may not be written given the `inputs` read (None when it may)."""
    target = Path(out).resolve()
    for raw in inputs:
        src = Path(raw).resolve()
        if target == src:
            return Problem(
                "error",
                f"tệp đầu ra trùng với tệp đầu vào {raw}: sẽ ghi đè dữ liệu; chọn tên khác",
                f"the output is the input {raw}: it would be overwritten; choose another name",
                file=str(out),
            )
        if src.is_dir() and target.is_relative_to(src):
            inside = target.relative_to(src).parts
            if inside and inside[0] == OUTPUTS_DIR:
                continue
            return Problem(
                "error",
                f"tệp đầu ra nằm trong thư mục đầu vào {raw}: lần chạy sau sẽ đọc nó như dữ liệu; "
                f"ghi ra ngoài thư mục đó hoặc vào {OUTPUTS_DIR}/",
                f"the output is inside the input folder {raw}: a later run would read it as data; "
                f"write it elsewhere or under {OUTPUTS_DIR}/",
                file=str(out),
            )
    return None


def check_output(out: str | Path, inputs: Iterable[str | Path], folder: bool = False) -> None:
    """Raise InputError when writing `out` could overwrite or later be mistaken for one of `inputs`,
    OutputError when `out` is something other than a regular file (a device, a pipe, a folder) or,
    with `folder`, other than a folder."""
    if not (folder and Path(out).is_dir()):
        check_target(Path(out))
    problem = output_problem(out, list(inputs))
    if problem is not None:
        raise InputError([problem])
