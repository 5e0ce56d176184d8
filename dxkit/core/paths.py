"""Where outputs may go: never onto an input, never inside an input folder (but its `outputs/`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from dxkit.core.atomic import check_target
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "inputs"  # the bundled synthetic sample (in a checkout)
OUTPUTS_DIR = "outputs"  # a folder of this name inside an input folder holds outputs; readers skip it


def output_problem(out: str | Path, inputs: Iterable[str | Path]) -> Problem | None:
    """Why `out` may not be written given the `inputs` read (None when it may)."""
    target = Path(out).resolve()
    for raw in inputs:
        src = Path(raw).resolve()
        if target == src:
            return Problem("error", Message("input.output.is_input", input=raw), file=str(out))
        if src.is_dir() and target.is_relative_to(src):
            inside = target.relative_to(src).parts
            if inside and inside[0] == OUTPUTS_DIR:
                continue
            rule = Message("input.output.inside_input", input=raw, outputs=OUTPUTS_DIR)
            return Problem("error", rule, file=str(out))
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
