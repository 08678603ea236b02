"""The runner and what notebooks share: parameters, display helpers, findings, HTML export."""

from .runner import main

__all__ = ["main"]
