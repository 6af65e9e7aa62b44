"""Errors the user sees, and the exit codes of DESIGN.md.

Every error the tool raises on purpose is a `UserError` with the file and line it concerns; the CLI
prints `FILE:LINE: message` and exits with the error's code, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1  # the data violate the shapes
EXIT_BAD_INPUT = 2  # bad input or usage
EXIT_REMOTE = 3  # a remote store or endpoint failed


class UserError(Exception):
    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return f"{self.file}:{self.line or 1}: {self.message}"


class InputError(UserError):
    """The input cannot be read as an article or graph (exit 2)."""


class ValidationFailed(UserError):
    """The data violate the shapes (exit 1)."""

    exit_code = EXIT_INVALID


class RemoteError(UserError):
    """A remote store or endpoint failed (exit 3)."""

    exit_code = EXIT_REMOTE


@contextmanager
def reported_as(path: Path) -> Iterator[None]:
    """Errors about an article name it as the user gave it; the records themselves carry only
    the file name, so that output does not depend on where the corpus lies."""
    try:
        yield
    except UserError as err:
        if err.file == path.name:
            err.file = str(path)
        raise
