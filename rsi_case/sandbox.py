"""Parsing untrusted files away from the web process.

Word, PDF and zip parsers can be made to run for minutes or to take
gigabytes (a .docx inflating to 300 MB XML, a PDF stream inflating to GBs).
``run(func, *args)`` calls ``func`` in a child process with limits on its
memory (RLIMIT_AS: what the child had at birth plus ``memory_mb``), its CPU
time (RLIMIT_CPU) and its wall-clock time (killed at ``seconds``), no core
dumps, and hands back its JSON-able result or raises ``Failed`` — the web
process never holds the parser's memory and never waits longer than the limit.

Children come from multiprocessing's *forkserver*: a clean process started
once (lazily, per web process), with the parsers and the modules that asked
for it (``preload``) already imported, forks a child per call in a few
milliseconds. Nothing of the web process is inherited — no database
connections, threads, locks or listening sockets — so it is safe with
waitress' threads, gunicorn and PostgreSQL. A fresh ``python -m`` per file
would cost 1.3 s of imports each time. The child's only way back is one JSON
message (never a pickle), of at most ``MAX_RESULT_BYTES``.

As with every multiprocessing start method but fork, a script that makes the
app parse files must keep its top-level code under ``if __name__ ==
"__main__":`` (the forkserver imports the main module once).

Memory is limited on Linux (where /proc tells the child its size); elsewhere
the time limits still hold.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import multiprocessing
import os
import resource
import signal
import threading

log = logging.getLogger(__name__)

MiB = 1024 * 1024
MAX_RESULT_BYTES = 64 * MiB  # an extracted text is cut at 2 million characters, an import body at 5


@dataclasses.dataclass(frozen=True)
class Limits:
    seconds: float = 20.0
    memory_mb: int = 512

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(seconds=float(settings.get("rsi_case.parse_timeout_seconds", 20)),
                   memory_mb=int(settings.get("rsi_case.parse_memory_mb", 512)))


DEFAULT_LIMITS = Limits()


class Failed(Exception):
    """``reason``: "timeout", "memory", "error" (the parser failed or the child
    died), "busy" (no free slot within the time limit) or "unavailable"."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


_PRELOAD = {"lxml.etree", "docx", "mammoth", "pypdf"}
_lock = threading.Lock()
_context = None
_slots = threading.BoundedSemaphore(2)
_slot_count = 2


def preload(module_name: str) -> None:
    """Have the forkserver import ``module_name`` once, so children start with
    it (a module holding sandboxed functions calls this at import)."""
    _PRELOAD.add(module_name)


def configure(processes: int) -> None:
    """At most ``processes`` children at a time in this process (each may
    take ``memory_mb``); the others wait for a free slot."""
    global _slots, _slot_count
    processes = max(1, int(processes))
    with _lock:
        if processes != _slot_count:
            _slots, _slot_count = threading.BoundedSemaphore(processes), processes


def _ctx():
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(sorted(_PRELOAD))
            _context = ctx
        return _context


def run(func, *args, limits: Limits = DEFAULT_LIMITS, wait: float | None = None):
    """``func(*args)`` in a limited child process; its result (JSON-able).
    Waits for a free slot ``wait`` seconds at most (default: the time limit)."""
    slots = _slots
    if not slots.acquire(timeout=limits.seconds if wait is None else wait):
        raise Failed("busy")
    try:
        return _run(func, args, limits)
    finally:
        slots.release()


def _run(func, args, limits: Limits):
    ctx = _ctx()
    reader, writer = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(writer, func, args, limits), name="rsi-case-parse", daemon=True)
    try:
        proc.start()
    except OSError as exc:
        reader.close()
        raise Failed("unavailable", str(exc)) from None
    finally:
        writer.close()
    killed = threading.Event()

    def kill():
        killed.set()
        try:
            proc.kill()
        except (ValueError, OSError):  # already gone
            pass

    timer = threading.Timer(limits.seconds, kill)
    timer.daemon = True
    timer.start()
    payload = None
    too_large = False
    try:
        payload = reader.recv_bytes(MAX_RESULT_BYTES)
    except EOFError:  # the child died (killed, out of CPU time, crashed)
        pass
    except OSError:  # a result larger than MAX_RESULT_BYTES
        too_large = True
        kill()
    finally:
        timer.cancel()
        reader.close()
        proc.join(5)
        if proc.exitcode is None:
            kill()
            proc.join()
        exitcode = proc.exitcode
        proc.close()
    if too_large:
        raise Failed("error", f"a result larger than {MAX_RESULT_BYTES} bytes")
    if payload is None:
        if killed.is_set() or exitcode == -signal.SIGXCPU:
            raise Failed("timeout", f"more than {limits.seconds:g} s")
        raise Failed("error", f"exit code {exitcode}")
    message = json.loads(payload)
    if "ok" in message:
        return message["ok"]
    raise Failed(message.get("failed", "error"), message.get("detail", ""))


# -- in the child -----------------------------------------------------------------

def _child(conn, func, args, limits: Limits) -> None:
    try:
        _limit_self(limits)
        payload = json.dumps(_call(func, args, limits), ensure_ascii=False).encode("utf-8")
    except MemoryError:
        payload = b'{"failed": "memory"}'
    except Exception as exc:  # a result that is not JSON
        payload = json.dumps({"failed": "error", "detail": f"{type(exc).__name__}: {exc}"[:500]}).encode()
    try:
        conn.send_bytes(payload)
    except (OSError, ValueError):  # the parent gave up (timeout, result too large)
        pass
    finally:
        conn.close()


def _call(func, args, limits: Limits) -> dict:
    try:
        return {"ok": func(*args)}
    except Exception as exc:  # the parser's failure (MemoryError included) is the answer, not a crash
        if out_of_memory(exc):
            return {"failed": "memory", "detail": f"more than {limits.memory_mb} MB"}
        return {"failed": "error", "detail": f"{type(exc).__name__}: {exc}"[:500]}


def out_of_memory(exc: BaseException) -> bool:
    """Was ``exc`` the memory limit? Parsers wrap a MemoryError in their own
    errors, and libxml2 out of memory says only "unknown error": so a failure
    after the child's resident memory grew past half its allowance counts too."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, MemoryError) or "memory allocation failed" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    grown = _proc_status("VmHWM")
    return bool(_birth and grown is not None and grown - _birth["rss"] >= _birth["allowance"] / 2)


_birth: dict = {}  # in a child: its resident size at birth and its memory allowance, in bytes


def _proc_status(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _limit_self(limits: Limits) -> None:
    try:  # the peak resident size starts again from here (a forked child inherits the server's)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        rss = _proc_status("VmRSS")
        if rss is not None:
            _birth.update(rss=rss, allowance=limits.memory_mb * MiB)
    except OSError:
        pass
    _set(resource.RLIMIT_CORE, 0)  # a crash leaves no core file (with document text) behind
    cpu = max(1, math.ceil(limits.seconds)) + 1
    _set(resource.RLIMIT_CPU, cpu, cpu + 1)  # SIGXCPU if the kill never came
    size = _virtual_size()
    if size is not None:
        _set(resource.RLIMIT_AS, size + limits.memory_mb * MiB)


def _set(which: int, soft: int, hard: int | None = None) -> None:
    hard = soft if hard is None else hard
    _old_soft, old_hard = resource.getrlimit(which)
    if old_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, old_hard), min(hard, old_hard)
    resource.setrlimit(which, (soft, hard))


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def kill_group(proc) -> None:
    """Kill a tool started in its own process group (``start_new_session``) with all it
    started, and reap it: nothing is left running after a limit or a crash."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        proc.communicate()
