"""Errors that services raise. Views turn them into a message on the page, the API into a status
code with a machine code and a human message (enforcement.api.errors)."""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}
        self.extra: dict = {}  # further keys of the API's error answer (enforcement.api.errors)


class InvalidInput(ServiceError):
    """Bad input: `fields` maps each wrong field to its messages; nothing was saved."""


class NotAllowed(ServiceError):
    """The actor may not do this (their role or court does not allow it)."""

    status = 403
    code = "not_allowed"


class NotFound(ServiceError):
    """Missing, or not visible to the actor: the same answer for both, so existence does not leak."""

    status = 404
    code = "not_found"


class Conflict(ServiceError):
    """The action does not fit the object's current state (or lost a race): HTTP 409."""

    status = 409
    code = "conflict"
