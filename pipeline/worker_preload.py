"""Imported once by the workers' fork server (pipeline.workers): the spaCy model every extraction
worker needs, loaded before the workers fork.

Forking is only safe from a process with one thread, so this loads nothing that starts threads:
no polars, DuckDB or pyarrow (workers import those themselves, after the fork), and numpy's BLAS
limited to one thread (workers are one per core anyway). A failure here is left to the worker,
which then loads the model itself and reports the error in the run.
"""
import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from pipeline.core.events import extract  # noqa: E402  (after the thread limits)
from pipeline.core.temporal import tagger  # noqa: E402,F401  (its compiled patterns)

try:
    extract.load_nlp()
except Exception:  # noqa: BLE001  (re-raised by the worker's own load, where the run sees it)
    extract.load_nlp.cache_clear()
