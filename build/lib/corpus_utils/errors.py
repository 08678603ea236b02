"""The one exception type users see: a one-line message that names the culprit and the fix."""


class CorpusError(ValueError):
    """Bad input or bad parameter. Its message is one line and says what to do."""
