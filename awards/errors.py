"""Domain errors raised by services; the API and the pages map them to responses.

Services never raise HTTP exceptions. `config.api.exception_handler` turns a
`ConflictError` into 409 and Django's `ValidationError` into 400.
"""

from __future__ import annotations


class ConflictError(Exception):
    """The current state forbids the action (submit twice, vote after closing...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionError(ConflictError):
    """An illegal workflow move."""


class PayloadTooLarge(Exception):
    """An upload over its size limit (413)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
