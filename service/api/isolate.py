"""Run a function in a separate process that is killed at its deadline — for work that
cannot be cancelled in a thread (SHACL validation of an upload)."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable
from typing import Any

_ctx = mp.get_context("spawn")


class Deadline(Exception):
    pass


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except Exception as exc:  # the parent decides how to report it
        conn.send(("error", (type(exc).__name__, str(exc))))
    finally:
        conn.close()


def run_isolated(fn: Callable[..., Any], args: tuple[Any, ...], timeout: float) -> tuple[str, Any]:
    parent, child = _ctx.Pipe(duplex=False)
    proc = _ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise Deadline(f"exceeded the {timeout:g} s time limit and was cancelled")
        return parent.recv()
    except EOFError:
        return "error", ("WorkerDied", "the validation process ended unexpectedly")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
