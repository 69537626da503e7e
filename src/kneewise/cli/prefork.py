"""Several waitress processes on one listening socket (`kneewise serve --processes N`).

The parent migrates, binds the port, then forks N children that each run waitress with their
own threads on the shared socket (the kernel hands each connection to one of them); it restarts
a child that dies and stops them all on SIGTERM or Ctrl+C. Python threads share one core for
pages (the GIL), so on a clinic's machine more processes use more cores.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from types import FrameType


def listening_socket(host: str, port: int) -> socket.socket:
    """The port, bound once by the parent and inherited by every child."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def run_processes(count: int, child: Callable[[int], None]) -> None:
    """Fork `count` children running `child(number)`; restart any that dies until stopped."""
    from django.db import connections

    connections.close_all()  # never share a database connection across fork
    children: dict[int, int] = {}
    stopping = False

    def start(number: int) -> None:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                child(number)
            finally:
                os._exit(0)
        children[pid] = number

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for number in range(count):
        start(number)
    while not stopping:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.2)
            continue
        stopped = children.pop(pid, -1)
        if stopped >= 0 and not stopping:
            print(
                f"Web process {stopped + 1} stopped ({status}); starting it again.", file=sys.stderr
            )
            time.sleep(1)  # a process that dies at start must not spin
            start(stopped)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in list(children):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    print("Kneewise stopped.", file=sys.stderr)
