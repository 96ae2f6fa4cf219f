"""Executors behind one interface: ``concurrent.futures.Executor``.

- :class:`SerialExecutor`: runs each task in this process when it is submitted
  (one worker);
- local processes: a ``ProcessPoolExecutor`` with its own context, ``fork`` where that is
  safe and ``spawn`` elsewhere (:func:`start_method`; the global multiprocessing start
  method is never touched), one process per core by default;
- Dask: ``Client.get_executor()`` of a ``dask.distributed`` client, either connected to a
  running scheduler (``tcp://HOST:PORT``) or to a ``LocalCluster`` of worker
  processes on loopback (``dask_local`` of them). ``distributed`` is imported only here, and
  only when asked for; it is the optional extra ``stabsim[dask]``.

Every executor returns ``concurrent.futures.Future`` objects, so the driver uses
``concurrent.futures.wait`` whatever runs the tasks.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from sim.cores import available_cores
from sim.errors import OptionError

DASK_HINT = "install the optional extra: pip install 'stabsim[dask]'"


class SerialExecutor(cf.Executor):
    """Runs every task at once in the calling process; the futures come back done."""

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # the driver re-raises it from future.result()
            future.set_exception(exc)
        return future


@dataclass(frozen=True)
class ExecutorSpec:
    """Which executor to use; at most one of ``scheduler`` and ``dask_local`` is set.

    Attributes
    ----------
    workers
        Local worker processes (``None``: one per available core; 1: serial).
    scheduler
        Address of a running Dask scheduler, e.g. ``tcp://10.0.0.5:8786``.
    dask_local
        Number of worker processes of a Dask ``LocalCluster`` to start on loopback.
    connect_timeout
        Seconds to wait for a scheduler to answer.
    """

    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    connect_timeout: float = 10.0

    def __post_init__(self) -> None:
        given = [
            option
            for option, value in (
                ("workers", self.workers),
                ("scheduler", self.scheduler),
                ("dask_local", self.dask_local),
            )
            if value is not None
        ]
        if len(given) > 1:
            raise OptionError(f"give only one of `{given[0]}` and `{given[1]}`", given[1])
        for option, value in (("workers", self.workers), ("dask_local", self.dask_local)):
            if value is not None and value < 1:
                raise OptionError(f"must be at least 1, got {value}", option)

    @property
    def label(self) -> str:
        """A short description for the manifest and the progress line."""
        if self.scheduler:
            return f"dask scheduler {self.scheduler}"
        if self.dask_local:
            return f"dask LocalCluster of {self.dask_local} workers"
        workers = self.local_workers()
        return "serial" if workers == 1 else f"{workers} local processes"

    def local_workers(self) -> int:
        return self.workers if self.workers is not None else available_cores()

    def capacity(self) -> int:
        """How many tasks can run at once (a guess for a remote scheduler)."""
        if self.scheduler:
            return 0
        return self.dask_local or self.local_workers()


@contextlib.contextmanager
def open_executor(spec: ExecutorSpec) -> Iterator[cf.Executor]:
    """Start the executor ``spec`` asks for, yield it, and shut it down afterwards."""
    if spec.scheduler is not None or spec.dask_local is not None:
        with _dask_executor(spec) as executor:
            yield executor
        return
    workers = spec.local_workers()
    if workers == 1:
        yield SerialExecutor()
        return
    import multiprocessing

    context = multiprocessing.get_context(start_method())
    with cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=die_with_parent
    ) as executor:
        with one_thread_per_worker():
            warm_up(executor, workers)
        yield executor


def start_method() -> str:
    """How to start the local workers, for this pool only (the global default is untouched).

    ``fork`` where it is safe and cheap: on Linux, from a process that runs no other Python
    thread (a child forked while another thread holds a lock could deadlock); the workers
    then inherit the modules already imported and start at once (and the driver's BLAS
    thread setting, which the evaluation's small matrices hardly use). ``spawn`` otherwise:
    each worker starts a fresh interpreter, with one BLAS thread, and imports the evaluation
    code (about half a second).
    """
    import sys
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def die_with_parent() -> None:
    """Worker initializer: on Linux, ask the kernel to kill this worker when the driver dies.

    A forked worker holds copies of the driver's pipe ends, so it would not notice a driver
    killed with SIGKILL and would wait for work for ever (``prctl(PR_SET_PDEATHSIG)``).
    """
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the driver died before the request took effect
        os._exit(1)


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def one_thread_per_worker() -> Iterator[None]:
    """Environment for starting worker processes: one BLAS/OpenMP thread each.

    With one worker process per core, threaded linear algebra inside each worker would only
    oversubscribe the cores (Dask's nanny sets the same variables for its workers). The
    variables are set while the workers start and restored afterwards.
    """
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update({name: "1" for name in THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def warm_up(executor: cf.Executor, workers: int) -> None:
    """Start every worker process now (and import the evaluation code in each)."""
    futures = [executor.submit(_import_evaluation) for _ in range(workers)]
    for future in futures:
        future.result()


def _import_evaluation() -> None:
    import sim.sweep.evaluate  # noqa: F401


@contextlib.contextmanager
def _dask_executor(spec: ExecutorSpec) -> Iterator[cf.Executor]:
    try:
        from distributed import Client
    except ImportError:
        option = "scheduler" if spec.scheduler else "dask_local"
        raise OptionError(f"needs dask.distributed ({DASK_HINT})", option) from None
    with contextlib.ExitStack() as stack:
        if spec.scheduler is not None:
            client = _connect(Client, spec.scheduler, spec.connect_timeout)
            warn_without_workers(client, spec.scheduler)
        else:
            cluster = stack.enter_context(local_cluster(spec.dask_local))
            client = Client(cluster)
        stack.enter_context(client)
        yield client.get_executor(pure=False)


def warn_without_workers(client, address: str) -> bool:
    """Say on stderr when the scheduler has no workers: the sweep then waits until one
    joins, which would otherwise look like a hang. Returns whether it warned."""
    import sys

    if client.scheduler_info().get("workers"):
        return False
    print(f"warning: the Dask scheduler at {address} has no workers; the sweep waits until "
          "one joins (start one with: dask worker ADDRESS)", file=sys.stderr)  # fmt: skip
    return True


def _connect(client_type, address: str, timeout: float):
    try:
        return client_type(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise OptionError(
            f"cannot reach a Dask scheduler at {address!r} ({exc})", "scheduler"
        ) from None


def local_cluster(workers: int):
    """A Dask ``LocalCluster`` of ``workers`` single-threaded processes on loopback."""
    import logging

    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
