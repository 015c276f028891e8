"""One run at a time per data directory (and per Dagster instance), said out loud.

The lock is an `flock` on `<dir>/run.lock`: the kernel releases it when its holder exits or is
killed, so a dead run can never hold it. The file also records who holds it (pid, run id, start
time) so that a second run can say whom it is waiting for, and whether the last holder died.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "run.lock"
RUN_PID_ENV = "SCRUTINY_RUN_PID"  # set by a run for the processes it starts (dbt, the DfE validator)


def pid_alive(pid: int) -> bool:
    """Whether the process runs; a killed one its parent has not reaped yet (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


@dataclass(frozen=True)
class Holder:
    pid: int
    run_id: str
    started: str

    def describe(self) -> str:
        return f"run {self.run_id} (pid {self.pid}, started {self.started})"


def stop_leftovers(dead_pid: int, timeout: float = 30.0) -> list[int]:
    """Processes a dead run started outlive it (kill -9 does not reach its children): a dbt still
    building would hold the warehouse's write lock and fail the next run. They are found by the
    SCRUTINY_RUN_PID their environment inherited from the dead run, killed and waited for."""
    marker = f"{RUN_PID_ENV}={dead_pid}".encode()
    pending = [int(environ.parent.name) for environ in Path("/proc").glob("[0-9]*/environ")]
    pending.remove(os.getpid())
    found = []
    # a process still inside exec() (dbt the moment the run died) shows an empty environ for a while
    for _ in range(20):
        unread = []
        for pid in pending:
            carries = _carries(pid, marker)
            if carries:
                found.append(pid)
            elif carries is None:
                unread.append(pid)
        if not unread:
            break
        pending = unread
        time.sleep(0.05)
    for pid in found:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    for pid in found:
        _wait_until_gone(pid, timeout)
    return found


def _carries(pid: int, marker: bytes) -> bool | None:
    """Whether the environment of `pid` carries `marker`; None while it is alive with an
    environment that reads empty (mid-exec). One gone, a zombie, a kernel thread or another
    user's (a run's processes are this user's) does not."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    if marker in environ.split(b"\0"):
        return True
    return None if not environ and pid_alive(pid) and _has_executable(pid) else False


def _has_executable(pid: int) -> bool:
    """False for a kernel thread, whose environ is always empty."""
    try:
        os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False
    return True


def _wait_until_gone(pid: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text() or "{}")
        return Holder(int(data["pid"]), str(data["run_id"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class RunLock:
    """Hold `<folder>/run.lock` for a run; `on_wait` is told about the holder before blocking,
    `on_stale` about a holder that died without releasing it (its record is overwritten) and
    the pids of its leftover processes, stopped before this run touches the warehouse."""

    def __init__(self, folder: Path, run_id: str):
        self.path = folder / LOCK_NAME
        self.run_id = run_id
        self._handle = None

    def acquire(self, on_wait: Callable[[Holder | None], None], on_stale: Callable[[Holder, list[int]], None]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(read_holder(self.path))
            fcntl.flock(handle, fcntl.LOCK_EX)
        previous = read_holder(self.path)
        if previous is not None and previous.pid != os.getpid():
            # a clean release empties the record first, so a record left behind is a holder that died;
            # the kernel frees its flock while it is still exiting, before its pid stops answering
            _wait_until_gone(previous.pid)
            on_stale(previous, stop_leftovers(previous.pid))
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        handle.write(json.dumps({"pid": os.getpid(), "run_id": self.run_id, "started": started}))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        self._handle.seek(0)
        self._handle.truncate()
        self._handle.flush()
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None
