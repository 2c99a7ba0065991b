"""The child process that parses untrusted files (rsi_case.sandbox): it
answers, or it is stopped — by its memory limit, by the clock, by a crash —
and the caller gets a clean Failed with the reason, never the child's memory."""

from __future__ import annotations

import os
import resource
import threading
import time

import pytest

from rsi_case import sandbox

# the forkserver imports this module once (pytest imports every test module
# before the first test starts it), so a child does not import pytest anew
sandbox.preload(__name__)

LIMITS = sandbox.Limits(seconds=3, memory_mb=200)
MARK = "set in the parent only"
_state = {"mark": "as imported"}


# -- what the children run (module level: the child imports them by name) -------------

def answer(x):
    return {"x": x, "pid": os.getpid(), "text": "æøå"}


def hog():
    chunks = []
    while True:
        chunks.append(bytearray(16 * 1024 * 1024))


def hog_and_hide_it():
    """What libxml2 does: out of memory, it reports "unknown error"."""
    try:
        hog()
    except MemoryError:
        raise ValueError("unknown error") from None


def spin():
    while True:
        pass


def sleep():
    time.sleep(60)


def fail():
    raise ValueError("ødelagt fil")


def crash():
    import ctypes

    ctypes.string_at(0)  # reads address 0: SIGSEGV


def not_json():
    return {1, 2, 3}


def big(n):
    return "x" * n


def seen_mark():
    return _state["mark"]


def limits_seen():
    return {"core": resource.getrlimit(resource.RLIMIT_CORE)[0], "cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
            "as": resource.getrlimit(resource.RLIMIT_AS)[0]}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- tests ---------------------------------------------------------------------------------

def test_the_result_comes_back_from_another_process():
    result = sandbox.run(answer, 7, limits=LIMITS)
    assert result["x"] == 7 and result["text"] == "æøå"
    assert result["pid"] != os.getpid()


def test_the_child_starts_clean_not_as_a_copy_of_the_caller():
    """Forkserver, not fork: what the web process holds (here a module variable
    changed at run time; there, database connections and threads) is not in
    the child."""
    _state["mark"] = MARK
    try:
        assert sandbox.run(seen_mark, limits=LIMITS) == "as imported"
    finally:
        _state["mark"] = "as imported"


def test_the_child_has_its_limits_set():
    seen = sandbox.run(limits_seen, limits=LIMITS)
    assert seen["core"] == 0
    assert seen["cpu"] == 4  # the wall-clock limit rounded up, plus one second
    assert seen["as"] != resource.RLIM_INFINITY


def test_a_child_that_takes_too_much_memory_is_stopped_and_the_caller_stays_small():
    before = peak_mb()
    started = time.monotonic()
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(hog, limits=LIMITS)
    assert err.value.reason == "memory"
    assert time.monotonic() - started < 10  # stopped by the memory limit, not the clock (generous: shared machine)
    assert peak_mb() - before < 50


def test_running_out_of_memory_is_recognised_when_the_parser_hides_it():
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(hog_and_hide_it, limits=LIMITS)
    assert err.value.reason == "memory"


def test_a_child_that_never_ends_is_killed_on_time():
    for task in (spin, sleep):  # burning CPU, and waiting without it
        started = time.monotonic()
        with pytest.raises(sandbox.Failed) as err:
            sandbox.run(task, limits=sandbox.Limits(seconds=1, memory_mb=200))
        elapsed = time.monotonic() - started
        assert err.value.reason == "timeout", task.__name__
        assert 0.9 < elapsed < 5, (task.__name__, elapsed)


def test_a_failing_parser_is_an_error_not_a_crash_of_the_caller():
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(fail, limits=LIMITS)
    assert err.value.reason == "error"
    assert "ValueError: ødelagt fil" in err.value.detail


def test_a_child_that_dies_is_an_error():
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(crash, limits=LIMITS)
    assert err.value.reason == "error"
    assert "exit code -11" in err.value.detail


def test_only_json_comes_back():
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(not_json, limits=LIMITS)
    assert err.value.reason == "error"
    assert "not JSON serializable" in err.value.detail


def test_a_result_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_RESULT_BYTES", 1000)
    assert sandbox.run(big, 500, limits=LIMITS) == "x" * 500
    with pytest.raises(sandbox.Failed) as err:
        sandbox.run(big, 5000, limits=LIMITS)
    assert err.value.reason == "error"


def test_children_at_once_are_limited_and_a_caller_does_not_wait_forever():
    sandbox.configure(1)
    try:
        blocker = threading.Thread(target=lambda: pytest.raises(sandbox.Failed, sandbox.run, sleep,
                                                                limits=sandbox.Limits(seconds=2, memory_mb=200)))
        blocker.start()
        time.sleep(0.3)
        with pytest.raises(sandbox.Failed) as err:
            sandbox.run(answer, 1, limits=sandbox.Limits(seconds=0.5, memory_mb=200))
        assert err.value.reason == "busy"
        blocker.join()
        assert sandbox.run(answer, 2, limits=LIMITS)["x"] == 2  # the slot is free again
    finally:
        sandbox.configure(2)


def test_a_normal_call_is_quick():
    sandbox.run(answer, 0, limits=LIMITS)  # the forkserver is running
    started = time.monotonic()
    for i in range(5):
        sandbox.run(answer, i, limits=LIMITS)
    assert (time.monotonic() - started) / 5 < 0.25  # ~10 ms on an idle machine
