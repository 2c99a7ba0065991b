"""The worker's loop: take the lease, then drain the search outbox (and
rebuild the index when it is missing, or damaged as a web process reported)
until told to stop; renew the lease from a thread meanwhile, so a long
rebuild does not let it expire. Without the lease it waits as a standby and
takes over when the holder stops or its heartbeat grows older than the time
to live.

Slow tasks (OCR of a scanned file: minutes) run in a thread of their own
while the lease is held, so they never hold up the index; each task has
``work_once() -> int`` and ``loop(stop, holding)``."""

from __future__ import annotations

import logging
import threading
import time

from . import lease

log = logging.getLogger(__name__)


class Worker:
    def __init__(self, engine, indexer, *, name: str, poll: float = 0.5,
                 ttl: float = lease.TTL_SECONDS, holder: str | None = None, tasks=()):
        self.engine = engine
        self.tasks = list(tasks)
        self._holding = threading.Event()
        self.indexer = indexer
        self.name = name
        self.poll = poll
        self.ttl = ttl
        self.holder = holder or lease.holder_name()
        self.stop = threading.Event()  # set by SIGTERM/SIGINT: finish the current batch, give the lease back
        self._lost = threading.Event()
        self._error = ""

    # -- the lease -------------------------------------------------------------

    def _beat(self, done: threading.Event) -> None:
        last_ok = time.monotonic()
        while not done.wait(self.ttl / 3):
            state = "rebuilding" if self.indexer.state == "rebuilding" else "running"
            try:
                if not lease.renew(self.engine, self.name, self.holder, state, self._error):
                    log.warning("worker %s: the lease %s was taken by another worker; stopping work", self.holder,
                                self.name)
                    self._lost.set()
                    return
                last_ok = time.monotonic()
            except Exception:  # the database away: keep trying, but not past the time to live
                log.exception("worker %s: could not renew the lease", self.holder)
                if time.monotonic() - last_ok > self.ttl:
                    self._lost.set()
                    return

    def _hold(self) -> threading.Event | None:
        """Take the lease and start renewing it; None when another worker has it."""
        if not lease.acquire(self.engine, self.name, self.holder, self.ttl):
            return None
        self._lost.clear()
        done = threading.Event()
        threading.Thread(target=self._beat, args=(done,), name="worker-lease", daemon=True).start()
        log.info("worker %s: holds the lease %s", self.holder, self.name)
        return done

    # -- the work --------------------------------------------------------------

    def work_once(self) -> int:
        """One round: a requested check/rebuild, then everything queued (the
        slow tasks' queues too, then the index again with what they changed)."""
        self.indexer.rebuild_if_requested()
        done = self.indexer.drain()
        self.indexer.prune_now_and_then()
        if self.tasks:
            while any([task.work_once() for task in self.tasks]):
                pass
            done += self.indexer.drain()
        self._error = ""
        return done

    def _start_tasks(self) -> list[threading.Thread]:
        threads = []
        for task in self.tasks:
            t = threading.Thread(target=task.loop, args=(self.stop, self._holding.is_set),
                                 name=f"worker-{type(task).__name__}", daemon=True)
            t.start()
            threads.append(t)
        return threads

    def run(self) -> None:
        beating = None
        standby_said = False
        threads = self._start_tasks()
        try:
            while not self.stop.is_set():
                if beating is None:
                    try:
                        beating = self._hold()
                    except Exception:
                        log.exception("worker %s: could not reach the database for the lease", self.holder)
                    if beating is None:
                        if not standby_said:
                            log.info("worker %s: another worker holds the lease %s; waiting as standby",
                                     self.holder, self.name)
                            standby_said = True
                        self.stop.wait(self.ttl / 3)
                        continue
                    standby_said = False
                    self._holding.set()
                if self._lost.is_set():
                    self._holding.clear()
                    beating.set()
                    beating = None
                    continue
                try:
                    self.work_once()
                except Exception as exc:  # the outbox (or the mailbox) keeps the work; try again shortly
                    self._error = repr(exc)
                    log.exception("worker %s: %s failed; retrying", self.holder, self.name)
                    self.stop.wait(2)
                if not self.stop.is_set():
                    self.indexer.wait_for_changes(self.poll)
        finally:
            self._holding.clear()
            self.stop.set()
            for t in threads:
                t.join(5)  # a task in the middle of a file: its job is taken again once stale
            if beating is not None:
                beating.set()
                if not self._lost.is_set():
                    try:
                        lease.release(self.engine, self.name, self.holder)
                    except Exception:
                        log.exception("worker %s: could not give the lease back (it expires by itself)",
                                      self.holder)
            log.info("worker %s: stopped", self.holder)
