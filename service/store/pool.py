"""A pool of query worker processes over one on-disk store.

Each request takes an idle worker, sends it the job and waits until the deadline. Past the
deadline the worker is killed (the query really stops) and replaced; the caller gets a
QueryTimeout. Other requests keep using the other workers meanwhile.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .worker import Answer, Job, worker_main

_ctx = mp.get_context("spawn")


class QueryTimeout(Exception):
    pass


class PoolUnavailable(Exception):
    pass


@dataclass
class _Worker:
    process: Any
    conn: Any
    started: float = field(default_factory=time.monotonic)


class WorkerPool:
    def __init__(self, directory: str, size: int = 4, start_timeout: float = 60.0) -> None:
        self.directory = directory
        self.size = size
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self.stats = {"timeouts": 0, "restarts": 0}
        workers = [self._spawn() for _ in range(size)]
        for w in workers:
            self._await_ready(w)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        parent, child = _ctx.Pipe()
        proc = _ctx.Process(target=worker_main, args=(self.directory, child), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent)

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(self.start_timeout):
            w.process.kill()
            raise PoolUnavailable("a query worker did not start in time")
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            w.process.kill()
            raise PoolUnavailable("a query worker exited while starting") from None
        if msg[0] != "ready":
            raise PoolUnavailable(f"a query worker failed to start: {msg}")

    def _replace(self, dead: _Worker) -> None:
        def restart() -> None:
            try:
                dead.process.kill()
                dead.process.join(5)
            finally:
                if self._closed:
                    return
                w = self._spawn()
                try:
                    self._await_ready(w)
                except PoolUnavailable:
                    return
                self.stats["restarts"] += 1
                self._idle.put(w)
        threading.Thread(target=restart, daemon=True).start()

    def run(self, job: Job, timeout: float, wait: float | None = None) -> Answer:
        """Run job on a worker; raises QueryTimeout past `timeout` seconds of execution."""
        try:
            w = self._idle.get(timeout=wait if wait is not None else timeout)
        except queue.Empty:
            raise PoolUnavailable("all query workers are busy") from None
        try:
            w.conn.send(job)
            if not w.conn.poll(timeout):
                self.stats["timeouts"] += 1
                self._replace(w)
                w = None
                raise QueryTimeout(f"query exceeded the {timeout:g} s time limit and was cancelled")
            kind, answer = w.conn.recv()
            return answer
        except (EOFError, OSError, BrokenPipeError):
            if w is not None:
                self._replace(w)
                w = None
            raise PoolUnavailable("a query worker died; it is being replaced") from None
        finally:
            if w is not None:
                self._idle.put(w)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.process.join(2)
            if w.process.is_alive():
                w.process.kill()
