"""Errors raised by every adapter of a port, so callers never see vendor exceptions."""


class PortError(Exception):
    """Base class of all port errors."""


class NotFound(PortError):
    """The object, item or execution does not exist."""


class ConditionFailed(PortError):
    """A conditional write lost: the version or existence check did not hold."""


class InvalidRequest(PortError):
    """The request cannot be carried out as asked (bad key, bad SQL, bad token...)."""
