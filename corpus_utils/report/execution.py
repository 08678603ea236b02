"""Executing one notebook in its own kernel, and keeping track of the kernels a run has started.

Each kernel talks to the runner over Unix sockets in a private folder of its own
(``TMPDIR/corpus-report-kernels-PID-*/N/``), its connection file beside them, so that removing
the folder removes everything the kernel left. The folder name carries the run's process id: a later
run removes the folders of runs that are no longer alive (killed with SIGKILL, say).

Whatever stops a notebook (an exception in a cell, a cell timeout, a dead kernel), the executed copy
up to the failing cell is written to its destination before the failure is reported.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SOCKETS_PREFIX = "corpus-report-kernels-"


class NotebookFailed(RuntimeError):
    pass


class Kernels:
    """The kernel processes of one run, so that an interrupt can stop them at once. After ``stop``
    a kernel that is still being launched is stopped as soon as it is registered."""

    def __init__(self) -> None:
        self._procs: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self.stopped = False

    def add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.append(proc)
            stopped = self.stopped
        if stopped:
            _signal_group(proc, signal.SIGKILL)
            raise NotebookFailed("run interrupted")

    def stop(self, *, grace: float = 0.5) -> None:
        """SIGTERM to each running kernel's process group (the kernel and its workers), SIGKILL to
        what is left after ``grace`` seconds."""
        with self._lock:
            self.stopped = True
            running = [p for p in self._procs if p.poll() is None]
        for proc in running:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(p.poll() is None for p in running):
            time.sleep(0.02)
        for proc in running:
            if proc.poll() is None:
                _signal_group(proc, signal.SIGKILL)
                try:
                    proc.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    """Kernels are started in a session of their own (jupyter_client does so on POSIX): their pid is
    their process group."""
    try:
        os.killpg(proc.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def socket_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-"))


def alive(pid: Any) -> bool:
    """Whether process ``pid`` exists (a process of another user counts as alive)."""
    if not isinstance(pid, int) or pid <= 0:
        return True  # unknown: never treat as dead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_sockets(folder: Path | None = None) -> list[Path]:
    """Remove the kernel socket folders that runs no longer alive left in the temporary folder."""
    import shutil

    folder = Path(folder or tempfile.gettempdir())
    removed = []
    for path in sorted(folder.glob(f"{SOCKETS_PREFIX}*")):
        pid_text = path.name[len(SOCKETS_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or not path.is_dir() or path.is_symlink():
            continue
        if path.stat().st_uid != os.getuid() or alive(int(pid_text)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


SOCKET_PATH_MAX = 100  # a Unix socket path holds at most 107 bytes on Linux, 103 on macOS


def kernel_manager_class(socket_dir: Path, kernels: Kernels):
    """Kernels talk to the runner over Unix sockets in a private folder: no TCP ports to race
    for when notebooks run side by side, and nothing readable by other users of the machine.
    Under a temporary folder so deep that the socket paths would be too long, they fall back to
    TCP on 127.0.0.1 (one process: jupyter_client never hands out a port twice)."""
    from jupyter_client.manager import AsyncKernelManager

    ipc = len(os.fsencode(socket_dir / "k-5")) <= SOCKET_PATH_MAX

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if ipc:
                self.transport = "ipc"
                self.ip = str(socket_dir / "k")
            self.connection_file = str(socket_dir / "kernel.json")

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            await super()._async_launch_kernel(kernel_cmd, **kw)
            kernels.add(self.provisioner.process)

        # while ``kept``, nbclient's clean-up after a notebook leaves the kernel running (``recycle``)
        kept = False

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            if not self.kept:
                await super().shutdown_kernel(now=now, restart=restart)

        async def cleanup_resources(self, restart: bool = False) -> None:
            if not self.kept:
                await super().cleanup_resources(restart=restart)

    return IpcKernelManager


def preload() -> None:
    """Import what running and exporting a notebook takes (papermill, nbformat, nbconvert: 1-2 s, most
    of it jsonschema building its format grammars) in the background while the first kernels start,
    not in the first notebook's time."""

    def work() -> None:
        try:
            import papermill.engines  # noqa: F401
            from nbconvert import HTMLExporter  # noqa: F401

            from . import export  # noqa: F401
        except Exception:  # noqa: BLE001, S110 - the notebook's own import will say what is wrong
            pass

    threading.Thread(target=work, name="corpus-report-preload", daemon=True).start()


# the modules the notebooks import (pandas, matplotlib, scipy through the statistics: 2-4 s of a
# kernel's start): a worker with no notebook ready yet imports them in the kernel it will hand on;
# then ``gc.freeze``: the garbage collector no longer walks the modules' objects on each full pass
PRELOAD = (
    "import pandas, matplotlib.pyplot, corpus_utils.charts, corpus_utils.claims, corpus_utils.explore, "
    "corpus_utils.phrases, corpus_utils.corpus.audit, corpus_utils.corpus.load, corpus_utils.report.nb\n"
    "import gc as _g; _g.freeze(); del _g"
)
# as nbclient starts its kernels: quiet, and no history file (nbclient's ``ipython_hist_file``)
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]


async def _run_silently(km: Any, code: str, timeout: float, *, started: bool = False) -> None:
    """Run ``code`` in the kernel of ``km``, counted nowhere (no history, no execution count);
    ``NotebookFailed`` if it raises. ``started``: the kernel has just been started, wait until it
    answers (a kernel-info request, as ``wait_for_ready`` but without its 0.2 s listening for
    output). Only the reply is awaited: the kernel's output goes to no one."""
    kc = km.client()
    kc.start_channels(iopub=False, stdin=False, hb=False)
    try:
        deadline = time.monotonic() + timeout
        while started:
            try:
                await kc._recv_reply(kc.kernel_info(), timeout=1)  # noqa: SLF001
                break
            except TimeoutError:
                if not await km.is_alive() or time.monotonic() > deadline:
                    raise NotebookFailed("the kernel did not start") from None
        msg_id = kc.execute(code, silent=True, store_history=False)
        reply = await kc._recv_reply(msg_id, timeout=timeout)  # noqa: SLF001 - the shell reply of msg_id
        if reply["content"]["status"] != "ok":
            why = f"{reply['content'].get('ename')}: {reply['content'].get('evalue', '')}".splitlines()[0]
            raise NotebookFailed(f"the kernel could not run {code[:40]!r}: {why}")
    finally:
        kc.stop_channels()


async def _start_warm(km: Any, code: str, timeout: float) -> None:
    await km.start_kernel(extra_arguments=list(KERNEL_ARGS), cwd=str(Path.cwd()))
    await _run_silently(km, code, timeout, started=True)


def warm_kernel(
    socket_dir: Path, kernels: Kernels, *, code: str = PRELOAD, timeout: float = 120
) -> Any | None:
    """A kernel started and its modules imported (``PRELOAD``) while no notebook is ready for it
    (a worker waiting for the notebooks that the next one needs), for ``execute(..., warm=)``.
    None when that fails: the notebook then starts its own kernel and reports its own errors.
    Call it, ``execute`` and ``shutdown`` in one thread (the kernel's sockets belong to that
    thread's event loop)."""
    from jupyter_core.utils import run_sync

    socket_dir.mkdir()
    km = kernel_manager_class(socket_dir, kernels)(kernel_name="python3")
    try:
        run_sync(_start_warm)(km, code, timeout)
    except Exception:  # noqa: BLE001 - any failure: fall back to a cold kernel
        shutdown(km)
        return None
    return km


def shutdown(km: Any) -> None:
    """Stop a warm kernel that no notebook took (the run ended or was interrupted)."""
    from jupyter_core.utils import run_sync

    km.kept = False

    async def stop() -> None:
        try:
            if await km.is_alive():
                await km.shutdown_kernel(now=True)
        finally:
            await km.cleanup_resources()

    try:
        run_sync(stop)()
    except Exception:  # noqa: BLE001 - already dead or killed by an interrupt
        pass


@contextlib.contextmanager
def _stopped_after(km: Any | None, *, keep: bool) -> Iterator[list[Any]]:
    """Yields a list: the block appends ``km`` to it once the notebook has run. nbclient leaves the
    kernel running; it is shut down afterwards unless ``keep`` and the notebook ran."""
    ran: list[Any] = []
    if km is not None:
        km.kept = True
    try:
        yield ran
    finally:
        if km is not None and not (keep and ran):
            shutdown(km)


# readies a kernel a notebook ran in for the next one: no figure left open, a fresh namespace and
# execution count, the memory of the last notebook's objects returned (IPython's reset collects)
RESET = (
    "import sys as _s\n"
    "if 'matplotlib.pyplot' in _s.modules: _s.modules['matplotlib.pyplot'].close('all')\n"
    "del _s\n"
    "get_ipython().reset(new_session=True)"
)


# waits for the PNGs ``nb.figure`` left to forked processes (a kernel that exits waits at exit)
FINISH = "import sys as _s\n_p = _s.modules.get('corpus_utils.engine.processes')\n" + (
    "if _p is not None: _p.finish_background()\ndel _s, _p"
)


def recycle(km: Any, *, timeout: float = 60) -> Any | None:
    """``km`` (a kernel a notebook ran in with ``execute(..., keep=True)``) reset for the next
    notebook (``RESET``): its modules stay imported, nothing else of the last notebook stays.
    None, and the kernel stopped, when it cannot be reset. Call it in the thread that ran it."""
    from jupyter_core.utils import run_sync

    try:
        run_sync(_run_silently)(km, RESET, timeout)
    except Exception:  # noqa: BLE001 - any failure: the next notebook gets another kernel
        shutdown(km)
        return None
    return km


def _handing_over(km: Any) -> type:
    """A kernel manager class whose "new instance" is the warm kernel ``km``: nbclient then finds
    its kernel running, runs the notebook in it and shuts it down as it does its own."""

    class Warm(type(km)):  # type: ignore[misc, valid-type]
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            return km  # not a Warm instance: __init__ is not run again

    return Warm


def reused(km: Any | None, ready: Any, reuse: bool) -> Any | None:
    """What a worker holds after a notebook: the kernel it ran in (kept by ``execute``), reset for
    the next notebook when kernels are ``reuse``d and ``ready`` (a ``schedule.Queue``) has a
    notebook left for it; otherwise the kernel is stopped and None is returned."""
    if km is None:
        return None
    if reuse and ready.reserve_warm():
        if recycle(km) is not None:
            return km
        ready.release_warm()
        return None
    shutdown(km)
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}"


def execute(
    nb: Path,
    dest: Path,
    parameters: dict[str, Any],
    *,
    timeout: int,
    socket_dir: Path | None,
    kernels: Kernels,
    warm: Any | None = None,
    keep: bool = False,
) -> Any | None:
    """Run ``nb`` with ``parameters`` into ``dest``; raise ``NotebookFailed`` (one line) if a cell
    fails, times out or the kernel dies, after writing the executed copy up to that cell to ``dest``.
    ``warm``: a kernel from ``warm_kernel`` to run it in (else one is started in ``socket_dir``).
    ``keep``: leave ``warm`` running once the notebook has run and return it (for ``recycle``);
    otherwise, and after a failure, it is stopped and None is returned.
    """
    with _stopped_after(warm, keep=keep) as ran:  # stopped here unless kept
        import nbformat
        import papermill
        from papermill.engines import NBClientEngine
        from papermill.exceptions import PapermillExecutionError
        from papermill.execute import raise_for_execution_errors
        from papermill.iorw import write_ipynb

        # papermill prepares (parameters injected, metadata) and writes the unexecuted copy; the engine
        # then fills the same notebook object cell by cell, so it holds every output up to a failure
        prepared = papermill.execute_notebook(
            str(nb),
            str(dest),
            parameters=parameters,
            kernel_name="python3",
            prepare_only=True,
            progress_bar=False,
            log_output=False,
        )
        try:
            NBClientEngine.execute_notebook(
                prepared,
                "python3",
                output_path=None,  # written once at the end, not after every cell
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
                kernel_manager_class=(
                    _handing_over(warm) if warm is not None else kernel_manager_class(socket_dir, kernels)
                ),
                # every path handed to the kernel is absolute
                resources={"metadata": {"path": str(Path.cwd())}},
                # the kernel's own log (e.g. "KeyboardInterrupt caught" at shutdown) is
                # noise on the console; errors in cells are in the notebook and the exit line
                extra_arguments=KERNEL_ARGS[:1],
            )
            raise_for_execution_errors(prepared, str(dest))  # writes the copy with papermill's banner
        except PapermillExecutionError as exc:
            raise NotebookFailed(
                f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}"
            ) from None
        except Exception as exc:  # noqa: BLE001 - timeout, dead kernel: one line, notebook named by caller
            line = _first_line(exc)
            prepared.metadata.setdefault("papermill", {})["exception"] = True  # never exported
            banner = nbformat.v4.new_markdown_cell(
                f"**corpus-report: the run of this notebook stopped:** `{line}`"
            )
            banner.metadata["tags"] = ["papermill-error-cell-tag"]
            prepared.cells.insert(0, banner)
            if not kernels.stopped:  # an interrupted run writes nothing more
                write_ipynb(prepared, str(dest))
            raise NotebookFailed(line) from None
        write_ipynb(prepared, str(dest))
        if warm is not None:  # the kernel is reset or killed next: the notebook's PNGs written first
            from jupyter_core.utils import run_sync

            run_sync(_run_silently)(warm, FINISH, timeout)
        ran.append(warm)
    return ran[0] if keep and ran else None
