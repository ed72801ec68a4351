"""Reading an untrusted PDF in a child process, with limits on memory, time and pages.

PDFium is C++: a crafted file (a decompression bomb, an endless content stream,
thousands of pages) could hold a web worker for minutes or exhaust its memory, and a
crash would take the worker down with it. So each PDF is read in a child process
with an address-space limit (RLIMIT_AS) and a CPU-time limit (RLIMIT_CPU) set in the
child, a wall-clock deadline kept by the caller, which kills the child when it
passes, and a cap on the number of pages. The child answers in JSON, never pickle,
so that even a child taken over by a crafted file cannot run code in the caller.

The children come from a small fork server: this file run as a script
(``python -I pdf_sandbox.py FD``), started once per calling process, importing only
the standard library, PDFium and the layout code. For each document it forks a
child, which costs a few milliseconds, where starting an interpreter and importing
PDFium costs ten times as much. Forking there, not in the caller, is what makes it
safe from a threaded web worker. (multiprocessing's own forkserver re-imports the
caller's ``__main__`` script in every child, which is slow and breaks scripts that
are not written to be imported.)

Messages on a job's socket are framed as one kind byte, an 8-byte length and the
payload: the child sends "P" (its process id) and "R" (its answer), the caller sends
"D" (the PDF), and the fork server sends "X" (the child's exit status) once it has
reaped the child.
"""

import contextlib
import json
import logging
import os
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

MEMORY_BYTES = 512 * 1024 * 1024
CPU_SECONDS = 8
WALL_SECONDS = 8.0
MAX_PAGES = 1000
_HEADER = struct.Struct("!cQ")
# No answer is longer: a thousand pages of dense text is a few megabytes. A longer one
# could only come from a child taken over by a crafted file.
_MAX_MESSAGE = 64 * 1024 * 1024
# After killing a child, how long to wait for the fork server to confirm it is gone.
_REAP_SECONDS = 2.0

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadFailure(Exception):
    """Why a PDF's text could not be read.

    ``reason`` is "time", "memory", "pages" (``pages`` then holds the count),
    "password" or "damaged".
    """

    reason: str
    pages: int = 0


def read_pages(data: bytes) -> list[str]:
    """The text of each page of the PDF ``data``, read in a child process within limits.

    Raises :class:`ReadFailure` when the PDF cannot be read or breaks a limit. The
    call returns within ``WALL_SECONDS`` (plus the moment it takes to kill the
    child), and the child is gone when it returns.
    """
    deadline = time.monotonic() + WALL_SECONDS
    job, theirs = socket.socketpair()
    with job:
        _SERVER.submit(theirs)
        pid, answer, status = _conversation(job, data, deadline)
        if status is None:
            _kill(pid, job)
            raise ReadFailure("time")
    if isinstance(answer, dict):
        pages = answer.get("pages")
        if isinstance(pages, list) and all(isinstance(page, str) for page in pages):
            return pages
        raise ReadFailure(str(answer.get("failure", "damaged")), int(answer.get("count", 0)))
    code = os.waitstatus_to_exitcode(status)
    logger.warning("PDF reader process %s ended with status %s and no answer", pid, code)
    if code == -signal.SIGXCPU:
        raise ReadFailure("time")
    if code >= 0:
        raise ReadFailure("damaged")
    # Anything else, under the address-space limit, is almost always an allocation
    # that failed: PDFium stops the process rather than run on without memory.
    raise ReadFailure("memory")


def _conversation(
    job: socket.socket, data: bytes, deadline: float
) -> tuple[int, dict | None, int | None]:
    """Send the PDF and listen until the child has ended or the deadline has passed.

    Returns the child's process id (0 if it never said), its answer (None if it gave
    none) and its exit status (None if the deadline passed first).
    """
    pid, answer = 0, None
    # If the child is stuck or gone, what follows says which.
    with contextlib.suppress(TimeoutError, OSError):
        _send(job, b"D", data, deadline)
    try:
        while True:
            kind, payload = _receive(job, deadline)
            if kind == b"P":
                pid = int(payload)
            elif kind == b"R":
                answer = json.loads(payload)
            elif kind == b"X":
                return pid, answer, int(payload)
    except TimeoutError:
        return pid, answer, None
    except (EOFError, OSError):  # the fork server died before it could say
        return pid, answer, 0


def _kill(pid: int, job: socket.socket) -> None:
    """Kill a child that passed the deadline, and wait until it has been reaped."""
    if not pid:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    logger.warning("Stopped PDF reader process %s: it passed its time limit", pid)
    try:
        while _receive(job, time.monotonic() + _REAP_SECONDS)[0] != b"X":
            pass
    except (TimeoutError, EOFError):
        logger.warning("PDF reader process %s was not confirmed gone", pid)


def _send(sock: socket.socket, kind: bytes, payload: bytes, deadline: float | None = None) -> None:
    sock.settimeout(None if deadline is None else max(deadline - time.monotonic(), 0.001))
    sock.sendall(_HEADER.pack(kind, len(payload)) + payload)


def _receive(sock: socket.socket, deadline: float) -> tuple[bytes, bytes]:
    """One framed message; raises TimeoutError at the deadline, EOFError at the end."""
    kind, length = _HEADER.unpack(_exactly(sock, _HEADER.size, deadline))
    if length > _MAX_MESSAGE and kind != b"D":
        raise EOFError("message too long")
    return kind, _exactly(sock, length, deadline)


def _exactly(sock: socket.socket, size: int, deadline: float) -> bytes:
    chunks, missing = [], size
    while missing:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock.settimeout(remaining)
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class _ForkServer:
    """The calling process's fork server, started when first needed and again if it dies.

    A process forked from the caller (a web server's worker) starts its own rather
    than share its parent's.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._control: socket.socket | None = None
        os.register_at_fork(after_in_child=self._forget)

    def submit(self, job: socket.socket) -> None:
        """Hand one end of a job's socket to the fork server, which forks a child for it."""
        with job, self._lock:
            control = self._control or self._start()
            try:
                socket.send_fds(control, [b"J"], [job.fileno()])
            except OSError:  # it has died: start another
                control = self._start()
                socket.send_fds(control, [b"J"], [job.fileno()])

    def _start(self) -> socket.socket:
        """Start a fork server (ending the last one, if any); give the socket to it."""
        if self._control is not None:
            self._control.close()
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        ours, theirs = socket.socketpair()
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-I", os.path.abspath(__file__), str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        self._control = ours
        return ours

    def _forget(self) -> None:
        """In a forked child: leave the parent's fork server to the parent."""
        self._lock = threading.Lock()
        if self._control is not None:
            self._control.close()
        self._process = self._control = None


_SERVER = _ForkServer()


def _serve(control: socket.socket) -> None:
    """The fork server: fork a child for each job until the caller goes away."""
    # Imported once here, so that every child starts with them loaded.
    import pdf_layout  # noqa: F401
    import pypdfium2  # noqa: F401

    jobs: dict[int, socket.socket] = {}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    while True:
        watched: list[socket.socket | int] = [control, wake_r]
        ready, _, _ = select.select(watched, [], [])
        if wake_r in ready:
            os.read(wake_r, 4096)
            _reap(jobs)
        if control in ready:
            message, fds, _, _ = socket.recv_fds(control, 1, 1)
            if not message:
                break  # the caller has gone
            job = socket.socket(fileno=fds[0])
            try:
                pid = os.fork()
            except OSError:  # out of processes or memory: this job fails, not the server
                job.close()
                continue
            if pid == 0:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                for other in (control, *jobs.values()):
                    other.close()
                os.close(wake_r)
                os.close(wake_w)
                _child(job)
            jobs[pid] = job
    for pid in jobs:
        os.kill(pid, signal.SIGKILL)


def _reap(jobs: dict[int, socket.socket]) -> None:
    """Tell the caller of each child that has ended how it ended."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if job := jobs.pop(pid, None):
            # Never wait on a caller: one that stopped listening gets nothing.
            job.setblocking(False)
            with contextlib.suppress(OSError):
                job.sendall(_HEADER.pack(b"X", len(str(status))) + str(status).encode())
            job.close()


def _child(job: socket.socket) -> None:
    """Runs in the child: set the limits, read the PDF, answer, exit."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _send(job, b"P", str(os.getpid()).encode())
        _, data = _receive(job, time.monotonic() + WALL_SECONDS)
        try:
            answer = _read(data)
        except MemoryError:
            answer = {"failure": "memory"}
        except Exception:  # PDFium refusing a page, or the layout tripping on nonsense
            answer = {"failure": "damaged"}
        _send(job, b"R", json.dumps(answer, ensure_ascii=False).encode())
    finally:
        os._exit(0)


def _read(data: bytes) -> dict:
    """Open the PDF and read each page, or say why not."""
    import pypdfium2
    import pypdfium2.raw as pdfium
    from pdf_layout import page_text

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code in (pdfium.FPDF_ERR_PASSWORD, pdfium.FPDF_ERR_SECURITY):
            return {"failure": "password"}
        return {"failure": "damaged"}
    count = len(document)
    if count > MAX_PAGES:
        return {"failure": "pages", "count": count}
    pages = []
    for index in range(count):
        page = document[index]
        textpage = page.get_textpage()
        pages.append(page_text(textpage.raw))
        textpage.close()
        page.close()
    return {"pages": pages}


if __name__ == "__main__":
    # Run as a script with -I: only this folder's layout module, the standard library
    # and PDFium are importable, not the caller's path or the rest of the project.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    _serve(socket.socket(fileno=int(sys.argv[1])))
