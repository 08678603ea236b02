"""Where the work runs: this process, a local Dask cluster, or an existing Dask scheduler."""

from .client import DASK, LOCAL, Executor, close_all, executor, parse, start

__all__ = ["DASK", "LOCAL", "Executor", "Parts", "close_all", "executor", "parse", "start"]


def __getattr__(name: str):
    if name == "Parts":  # with pandas, on first use: the runner needs the client only
        from .parts import Parts

        return Parts
    raise AttributeError(f"module 'corpus_utils.engine' has no attribute {name!r}")
