"""An HTTP response as the routes build it; `server.Handler` writes it to the wire."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text/plain; charset=utf-8"


@dataclass
class Response:
    status: int
    body: bytes = b""
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Refused(Exception):
    """A request that will not be served, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(status, (message + "\n").encode("utf-8"), TEXT, dict(headers or {}))
