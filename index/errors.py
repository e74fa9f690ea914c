"""One error family for everything a user can cause: bad corpus files, a stale or damaged index."""

from __future__ import annotations


class QAError(Exception):
    """Base class: the message is meant for the user and says what to do."""


class CorpusError(QAError):
    """A corpus file cannot be read (undecodable, malformed JSON line, missing path)."""


class IndexLoadError(QAError):
    """The index directory is missing, damaged, or was built with other settings."""
