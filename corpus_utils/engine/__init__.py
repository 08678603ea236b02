"""Where the work runs: this process, a local Dask cluster, or an existing Dask scheduler."""

from .client import DASK, LOCAL, Executor, close_all, executor, parse, start
from .parts import Parts

__all__ = ["DASK", "LOCAL", "Executor", "Parts", "close_all", "executor", "parse", "start"]
