"""A Dask scheduler without workers is reported at once, not waited on in silence."""

from __future__ import annotations

from sim.sweep.executors import warn_without_workers


class FakeClient:
    """``distributed.Client.scheduler_info()`` gives ``{"workers": {address: info}}``."""

    def __init__(self, workers: dict):
        self.workers = workers

    def scheduler_info(self) -> dict:
        return {"type": "Scheduler", "workers": self.workers}


def test_a_scheduler_without_workers_is_reported_on_stderr(capsys):
    assert warn_without_workers(FakeClient({}), "tcp://127.0.0.1:8786")
    err = capsys.readouterr().err
    assert err.startswith("warning: the Dask scheduler at tcp://127.0.0.1:8786 has no workers")


def test_a_scheduler_with_a_worker_is_not(capsys):
    assert not warn_without_workers(FakeClient({"tcp://127.0.0.1:40000": {}}), "tcp://x:1")
    assert capsys.readouterr().err == ""
