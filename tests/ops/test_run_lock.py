"""The run lock: a second holder is told who holds it, and a holder that died is noticed by pid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

from orchestration.lib.run_lock import LOCK_NAME, RUN_PID_ENV, RunLock, pid_alive, stop_leftovers

HOLD = """
import os, subprocess, sys, time
from pathlib import Path
from orchestration.lib.run_lock import RUN_PID_ENV, RunLock
os.environ[RUN_PID_ENV] = str(os.getpid())
lock = RunLock(Path(sys.argv[1]), "run-one")
lock.acquire(on_wait=print, on_stale=print)
child = subprocess.Popen(
    [sys.executable, "-c", "import sys, time; print(flush=True); time.sleep(float(sys.argv[1]))", sys.argv[2]],
    stdout=subprocess.PIPE,
)
child.stdout.readline()  # the child is running, past exec()
print("held", child.pid, flush=True)  # the child stands for the dbt a run starts
time.sleep(float(sys.argv[2]))
lock.release()
"""


def test_a_second_run_is_told_who_holds_the_lock_then_gets_it(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "2"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().split()[0] == "held"
    waited_for = []
    started = time.monotonic()
    lock = RunLock(tmp_path, "run-two")
    lock.acquire(on_wait=waited_for.append, on_stale=lambda h, stopped: None)
    assert time.monotonic() - started > 0.5  # it really waited for the first to finish
    assert [(h.run_id, h.pid) for h in waited_for] == [("run-one", holder.pid)]
    assert json.loads((tmp_path / LOCK_NAME).read_text())["run_id"] == "run-two"
    lock.release()
    holder.wait()


def test_a_holder_killed_without_releasing_is_reported_as_dead(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path), "60"], stdout=subprocess.PIPE, text=True)
    held, child = holder.stdout.readline().split()
    assert held == "held"
    holder.kill()
    holder.wait()
    assert not pid_alive(holder.pid)
    leftover = [int(child)]
    assert pid_alive(leftover[0])  # kill -9 did not reach the holder's child
    stale, waited = [], []
    lock = RunLock(tmp_path, "run-two")
    lock.acquire(on_wait=waited.append, on_stale=lambda h, stopped: stale.append((h, stopped)))
    assert waited == []  # the kernel freed the lock with its holder
    assert [(h.run_id, h.pid, stopped) for h, stopped in stale] == [("run-one", holder.pid, leftover)]
    assert not pid_alive(leftover[0])  # stopped before the new holder touches the warehouse
    lock.release()
    assert (tmp_path / LOCK_NAME).read_text() == ""  # a clean release leaves no holder to report


def test_a_killed_process_not_yet_reaped_is_not_alive():
    """The next run may take the lock before the killed run's parent has reaped it."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert pid_alive(child.pid)
    child.kill()
    time.sleep(0.5)  # dead, but a zombie until wait()
    assert not pid_alive(child.pid)
    child.wait()


def test_a_holder_still_exiting_when_the_lock_frees_is_waited_for_and_reported_dead(tmp_path):
    """The kernel frees a killed holder's flock before its pid stops answering: a run that takes
    the lock in that moment still finds the record left behind and treats the holder as dead."""
    exiting = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (tmp_path / LOCK_NAME).write_text(json.dumps({"pid": exiting.pid, "run_id": "run-one", "started": "then"}))
    threading.Timer(1.0, exiting.kill).start()
    stale = []
    started = time.monotonic()
    lock = RunLock(tmp_path, "run-two")
    lock.acquire(on_wait=lambda h: None, on_stale=lambda h, stopped: stale.append((h.run_id, h.pid)))
    assert time.monotonic() - started > 0.5  # it waited for the pid to go
    assert stale == [("run-one", exiting.pid)]
    lock.release()
    exiting.wait()


def test_leftovers_are_found_by_the_dead_runs_pid_and_no_other_process_is_stopped():
    sleeper = [sys.executable, "-c", "import time; print(flush=True); time.sleep(60)"]
    marked = subprocess.Popen(sleeper, env={**os.environ, RUN_PID_ENV: "999999"}, stdout=subprocess.PIPE)
    bare = subprocess.Popen(sleeper, env={}, stdout=subprocess.PIPE)  # an environ that reads empty, like one mid-exec
    for process in (marked, bare):
        process.stdout.readline()
    try:
        assert stop_leftovers(999999) == [marked.pid]
        assert not pid_alive(marked.pid) and pid_alive(bare.pid)
    finally:
        for process in (marked, bare):
            process.kill()
            process.wait()
