"""A pool of query worker processes over one on-disk store.

Each request takes an idle worker, sends it the job and waits until the deadline. Past the
deadline the worker is killed (the query really stops) and replaced; the caller gets a
QueryTimeout. Other requests keep using the other workers meanwhile.

The HTTP service waits on the event loop itself (`run_async`: the worker's pipe is watched
with `add_reader`), so a request costs no thread hand-off; threads (`run`) wait as before.
Idle workers go to waiters first come, first served, whichever kind they are.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from .worker import Answer, Job, worker_main

_ctx = mp.get_context("spawn")


class QueryTimeout(Exception):
    pass


class PoolUnavailable(Exception):
    pass


class PoolClosed(PoolUnavailable):
    """The pool was retired (a reload or an update) while the caller waited for a worker."""


# A query still running after this many seconds is demoted to a low CPU priority (nice 10,
# ~1/10 of a core's share under contention), so that a runaway query does not slow the
# short ones sharing the machine while it waits for its deadline.
LONG_QUERY_S = 0.25
LOW_PRIORITY = 10


@dataclass
class _Worker:
    process: Any
    conn: Any
    started: float = field(default_factory=time.monotonic)
    demoted: bool = False


def _demote(w: _Worker) -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, w.process.pid, LOW_PRIORITY)
        w.demoted = True
    except OSError:  # the worker just exited: nothing to demote
        pass


def _promote(w: _Worker) -> bool:
    """Back to normal priority; False when this user may not raise a priority (no
    CAP_SYS_NICE): the worker must then be replaced rather than reused."""
    try:
        os.setpriority(os.PRIO_PROCESS, w.process.pid, 0)
        w.demoted = False
        return True
    except OSError:
        return False


class _Waiter:
    """One caller waiting for an idle worker. `offer` and `give_up` race (the worker may be
    released just as the wait times out): whoever takes the lock first decides."""

    def __init__(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._lock = threading.Lock()
        self.worker: _Worker | None = None
        self.abandoned = False
        self.loop = loop
        self.future: asyncio.Future[None] | None = loop.create_future() if loop else None
        self.event = None if loop else threading.Event()

    def offer(self, w: _Worker) -> bool:
        with self._lock:
            if self.abandoned:
                return False
            self.worker = w
        if self.loop is not None:
            self.loop.call_soon_threadsafe(_resolve, self.future)
        else:
            self.event.set()
        return True

    def give_up(self) -> _Worker | None:
        """Stop waiting; returns the worker if one was offered meanwhile."""
        with self._lock:
            self.abandoned = True
            return self.worker


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class _Idle:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: deque[_Worker] = deque()
        self._waiters: deque[_Waiter] = deque()
        self.closed = False

    def put(self, w: _Worker) -> None:
        while True:
            with self._lock:
                if not self._waiters:
                    self._free.append(w)
                    return
                waiter = self._waiters.popleft()
            if waiter.offer(w):
                return

    def _take_or_wait(self, loop: asyncio.AbstractEventLoop | None) -> _Worker | _Waiter | None:
        with self._lock:
            if self.closed:
                return None
            if self._free:
                return self._free.popleft()
            waiter = _Waiter(loop)
            self._waiters.append(waiter)
            return waiter

    def get(self, timeout: float) -> _Worker | None:
        got = self._take_or_wait(None)
        if not isinstance(got, _Waiter):
            return got
        got.event.wait(timeout)
        return got.give_up()

    async def get_async(self, timeout: float) -> _Worker | None:
        got = self._take_or_wait(asyncio.get_running_loop())
        if not isinstance(got, _Waiter):
            return got
        timer = got.loop.call_later(timeout, _resolve, got.future)
        try:
            await got.future
        except BaseException:
            w = got.give_up()
            if w is not None:
                self.put(w)
            raise
        finally:
            timer.cancel()
        return got.give_up()

    def close(self) -> list[_Worker]:
        """Refuse new takers, wake every waiter empty-handed; the idle workers, to stop."""
        with self._lock:
            self.closed = True
            free, self._free = list(self._free), deque()
            waiters, self._waiters = list(self._waiters), deque()
        for waiter in waiters:
            if waiter.loop is not None:
                waiter.loop.call_soon_threadsafe(_resolve, waiter.future)
            else:
                waiter.event.set()
        return free


class WorkerPool:
    def __init__(self, directory: str, size: int = 4, start_timeout: float = 60.0, in_memory: bool = False) -> None:
        self.directory = directory
        self.in_memory = in_memory
        self.size = size
        self.start_timeout = start_timeout
        self._idle = _Idle()
        self._closed = False
        self.stats = {"timeouts": 0, "restarts": 0}
        workers = [self._spawn() for _ in range(size)]
        for w in workers:
            self._await_ready(w)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        parent, child = _ctx.Pipe()
        proc = _ctx.Process(target=worker_main, args=(self.directory, child, self.in_memory), daemon=True)
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

    def _release(self, w: _Worker) -> None:
        if self._closed:  # a job that outlived close(): retire its worker instead
            threading.Thread(target=_stop, args=(w,), daemon=True).start()
        elif w.demoted and not _promote(w):
            self._replace(w)
        else:
            self._idle.put(w)

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

    def _settle(self, w: _Worker, deadline: float) -> None:
        """A caller stopped waiting (cancelled) while its job ran: collect the answer in the
        background so that the worker's next job does not read it, or kill it at the deadline."""
        def collect() -> None:
            try:
                if w.conn.poll(max(0.0, deadline - time.monotonic())):
                    w.conn.recv()
                    self._release(w)
                    return
            except (EOFError, OSError):
                pass
            self._replace(w)
        threading.Thread(target=collect, daemon=True).start()

    def _expired(self, w: _Worker, timeout: float) -> QueryTimeout:
        """Past its deadline: the worker is killed (the only way to stop the query) and replaced."""
        self.stats["timeouts"] += 1
        self._replace(w)
        return QueryTimeout(f"query exceeded the {timeout:g} s time limit and was cancelled")

    def _lost(self, w: _Worker | None) -> PoolUnavailable:
        if w is not None:
            self._replace(w)
        return PoolUnavailable("a query worker died; it is being replaced")

    def run(self, job: Job, timeout: float, wait: float | None = None) -> Answer:
        """Run job on a worker; raises QueryTimeout past `timeout` seconds of execution."""
        w = self._idle.get(wait if wait is not None else timeout)
        if w is None:
            raise self._unavailable()
        try:
            w.conn.send(job)
            if not w.conn.poll(min(LONG_QUERY_S, timeout)):
                _demote(w)
            if not w.conn.poll(max(0.0, timeout - LONG_QUERY_S)):
                w, worker = None, w
                raise self._expired(worker, timeout)
            kind, answer = w.conn.recv()
            return answer
        except (EOFError, OSError):  # the worker died (a broken pipe is an OSError)
            w, worker = None, w
            raise self._lost(worker) from None
        finally:
            if w is not None:
                self._release(w)

    async def run_async(self, job: Job, timeout: float, wait: float | None = None) -> Answer:
        """`run` for the event loop: no thread is used while waiting for a worker or its answer."""
        w = await self._idle.get_async(wait if wait is not None else timeout)
        if w is None:
            raise self._unavailable()
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + timeout
        try:
            w.conn.send(job)
            ready: asyncio.Future[None] = loop.create_future()
            fd = w.conn.fileno()
            loop.add_reader(fd, _resolve, ready)
            timer = loop.call_later(timeout, _resolve, ready)
            demotion = loop.call_later(LONG_QUERY_S, _demote, w)
            try:
                await ready
            finally:
                timer.cancel()
                demotion.cancel()
                loop.remove_reader(fd)
                # uvloop leaves a watched fd non-blocking; recv must wait for the rest of an
                # answer longer than the pipe's buffer (the worker is writing it right now)
                os.set_blocking(fd, True)
            if not w.conn.poll():
                w, worker = None, w
                raise self._expired(worker, timeout)
            kind, answer = w.conn.recv()
            return answer
        except (EOFError, OSError):  # the worker died (a broken pipe is an OSError)
            w, worker = None, w
            raise self._lost(worker) from None
        except BaseException:  # cancelled while the job runs
            if w is not None:
                self._settle(w, deadline)
                w = None
            raise
        finally:
            if w is not None:
                self._release(w)

    def _unavailable(self) -> PoolUnavailable:
        if self._closed:
            return PoolClosed("the query workers were retired (the graph is being reloaded)")
        return PoolUnavailable("all query workers are busy")

    def close(self) -> None:
        self._closed = True
        for w in self._idle.close():
            _stop(w)


def _stop(w: _Worker) -> None:
    try:
        w.conn.send(None)
    except OSError:
        pass
    w.process.join(2)
    if w.process.is_alive():
        w.process.kill()
