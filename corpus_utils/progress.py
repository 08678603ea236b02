"""Progress bars for long steps (loading, counting, alignment), on the terminal only.

A bar is a ``tqdm`` bar written to the process's own standard error (``sys.__stderr__``): inside a
notebook kernel that is the terminal of ``corpus-report`` (or of Jupyter), not the notebook, so an
executed notebook is not flooded with bar updates. Bars redraw at most every ``MININTERVAL``
seconds and only appear for work of at least ``min_total`` units, so small corpora stay silent.
"""

from __future__ import annotations

import sys

from tqdm.std import tqdm as _plain

MININTERVAL = 2.0  # seconds between redraws


def bar(*, total: int, desc: str, unit: str = "doc", min_total: int = 5000) -> _plain:
    """A throttled bar on the terminal for ``total`` units of work; disabled below ``min_total``.
    Use as a context manager and call ``update(k)`` as work is done."""
    return _plain(
        total=total,
        desc=desc,
        unit=unit,
        file=sys.__stderr__,
        mininterval=MININTERVAL,
        disable=total < min_total or sys.__stderr__ is None,
        leave=False,
        dynamic_ncols=True,
    )
