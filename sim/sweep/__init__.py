"""Parameter sweeps: sweep files, designs, chunked vectorised evaluation, executors
(local processes, Dask), the resumable Parquet chunk store, the merged table and manifest.

Use :func:`sim.sweep.loader.load_sweep` and :func:`sim.sweep.run.run_sweep` (also
``sim.load_sweep`` and ``sim.run_sweep``), or ``stabsim sweep FILE``.
"""
