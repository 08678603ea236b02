"""The one exception type users see: a one-line message that names the culprit and the fix."""


class CorpusError(ValueError):
    """Bad input or bad parameter. Its message is one line and says what to do.

    In a notebook (IPython, JupyterLab, papermill) it shows as that one line, not a traceback:
    IPython asks an exception for ``_render_traceback_`` before it formats one.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"CorpusError: {self}"]
