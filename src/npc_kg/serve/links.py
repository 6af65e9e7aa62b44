"""Where a page's links point: absolute paths on the server, relative file names in a static site.

Pages are rendered once for both; only the `Links` they are given differs. On the server a link to
a resource goes to its IRI's path (`/session/12-2`, which 303-redirects to the page), so that copying
a link copies the identifier; a static site has no redirects and links straight to `.html` files,
relative to the page, so it works from any folder and from the file system.
"""

from __future__ import annotations

import posixpath
from typing import Protocol
from urllib.parse import quote

_SAFE = "/-._~!$&'()*+,;=:@"


def _fragment(fragment: str) -> str:
    return "#" + quote(fragment, safe=_SAFE) if fragment else ""


class Links(Protocol):
    sparql: str | None  # the endpoint, when there is one

    def resource(self, path: str, fragment: str = "") -> str: ...

    def index(self, name: str) -> str: ...

    def home(self) -> str: ...

    def file(self, path: str) -> str: ...


class ServerLinks:
    sparql: str | None = "/sparql"

    def resource(self, path: str, fragment: str = "") -> str:
        return self.file(path) + _fragment(fragment)

    def index(self, name: str) -> str:
        return f"/{quote(name, safe=_SAFE)}/"

    def home(self) -> str:
        return "/"

    def file(self, path: str) -> str:
        return "/" + quote(path, safe=_SAFE)


class SiteLinks:
    """Links relative to the page at `page`, a file path inside the site."""

    sparql: str | None = None

    def __init__(self, page: str) -> None:
        self.folder = posixpath.dirname(page) or "."

    def resource(self, path: str, fragment: str = "") -> str:
        return self.file(path + ".html") + _fragment(fragment)

    def index(self, name: str) -> str:
        return self.file(f"{name}/index.html")

    def home(self) -> str:
        return self.file("index.html")

    def file(self, path: str) -> str:
        return quote(posixpath.relpath(path, self.folder), safe=_SAFE)
