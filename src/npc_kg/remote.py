"""remote: the tool's one HTTP client, for every remote SPARQL and Graph Store call (`query
--endpoint`, `load`, and the Wikidata endpoint of `link`).

`request` checks the URL first (http or https, a host, a valid port: anything else is a usage
error, exit 2), takes credentials from the URL's userinfo or, for the user's own store, from the
environment, retries what is worth retrying, and turns every failure into an `HttpError` (exit 3)
that names the service. Credentials never leave in the open:

- the URL sent carries no userinfo (it becomes HTTP Basic), and no message shows it;
- a redirect to another origin (scheme, host or port) drops the Authorization header, which
  urllib's own redirect handler would forward;
- every message is passed through `Secrets.redact`, which blanks the password, the token and the
  Authorization value, including where an error body the server sent back echoes them;
- only the HTTP and HTTPS handlers are installed, so no URL reads a local file (nor, through an
  error message, shows where the tool is installed).

Only the standard library is imported: `npc-kg query` starts fast.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from . import __version__
from .errors import InputError, RemoteError

TOKEN_ENV = "NPC_KG_STORE_TOKEN"
USER_ENV = "NPC_KG_STORE_USER"
PASSWORD_ENV = "NPC_KG_STORE_PASSWORD"
SCHEMES = ("http", "https")
MASK = "***"

# What still looks like a credential once the known secrets are blanked: the value of an
# Authorization header (after its scheme), and a URL's userinfo password. Each part is one
# possessive run, so the scan is linear.
_CREDENTIAL_RE = re.compile(r"""(?i)(authorization["']?+[ \t]*+[:=][ \t]*+["']?+(?:(?:bearer|basic|digest)[ \t]++)?+)"""
                            r"""[^\s"',;]++"""
                            r"|(//[^/?#@\s:]*+):[^/?#@\s]*+@")


@dataclass(frozen=True)
class Retry:
    """How patiently to retry a request that got a 5xx answer or none at all."""

    attempts: int = 4
    delay: float = 0.5  # seconds before the first retry; doubled before each further one

    def pauses(self) -> list[float]:
        """The pause before each retry."""
        return [self.delay * 2 ** n for n in range(max(self.attempts, 1) - 1)]


NO_RETRY = Retry(attempts=1)


@dataclass(frozen=True)
class Response:
    status: int
    media_type: str  # lower-case, without parameters
    body: bytes


class HttpError(RemoteError):
    """A request failed; `status` is the HTTP status, or None when the service did not answer."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Secrets:
    """The secret strings of one request, to blank out of anything printed."""

    values: tuple[str, ...] = ()

    def redact(self, text: str) -> str:
        for secret in sorted(self.values, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return _CREDENTIAL_RE.sub(_mask_credential, text)


def _mask_credential(match: re.Match[str]) -> str:
    return f"{match[1]}{MASK}" if match[1] else f"{match[2]}:{MASK}@"


@dataclass(frozen=True)
class Target:
    """A checked URL: what is sent (no userinfo), what messages call it, and its credentials."""

    url: str  # without userinfo
    name: str  # without userinfo or query string
    authorization: str | None
    credentials: str  # where the Authorization header comes from, safe to print
    secrets: Secrets


def target(url: str, *, store_credentials: bool = True) -> Target:
    """`url` checked and split from its credentials: the URL's own userinfo (HTTP Basic), else,
    when `store_credentials`, the environment's (`authorization`). A URL that is not an http(s) URL
    with a host is a usage error."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as err:  # an invalid IPv6 literal, a port that is not a number
        raise InputError(f"{redact_url(url)!r} is not a valid URL ({err})") from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise InputError(f"{redact_url(url)!r} is not an http:// or https:// URL with a host")
    host = parts.hostname
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
    bare = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    name = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    secrets: list[str] = []
    if parts.username is not None or parts.password is not None:
        user, password = urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or "")
        header, source = _basic(user, password), "HTTP Basic from the URL's userinfo"
        secrets += [parts.password or "", password]
    elif store_credentials:
        header, source = authorization()
        secrets += [os.environ.get(TOKEN_ENV, ""), os.environ.get(PASSWORD_ENV, "")]
    else:
        header, source = None, "no credentials"
    if header:
        secrets += [header, header.partition(" ")[2]]
    return Target(bare, name, header, source, Secrets(tuple(s for s in secrets if s)))


def _basic(user: str, password: str) -> str:
    return f"Basic {base64.b64encode(f'{user}:{password}'.encode()).decode('ascii')}"


def authorization() -> tuple[str | None, str]:
    """The Authorization header from the environment, and a description of where it came from
    that is safe to print (it never contains the secret)."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return f"Bearer {token}", f"bearer token from {TOKEN_ENV}"
    user = os.environ.get(USER_ENV)
    if user:
        return _basic(user, os.environ.get(PASSWORD_ENV, "")), f"HTTP Basic from {USER_ENV}/{PASSWORD_ENV}"
    return None, "no credentials"


def redact_url(url: str) -> str:
    """A URL, even one that does not parse, with any userinfo password blanked."""
    return _CREDENTIAL_RE.sub(_mask_credential, url)


def service_name(url: str) -> str:
    """The URL without credentials or query string: what messages call the service."""
    return target(url, store_credentials=False).name


def with_query(url: str, params: Mapping[str, str]) -> str:
    """`url` (checked) with `params` added to whatever query string it already has."""
    target(url, store_credentials=False)
    return url + ("&" if urllib.parse.urlsplit(url).query else "?") + urllib.parse.urlencode(params)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


class _SameOriginCredentials(urllib.request.HTTPRedirectHandler):
    """urllib copies every header onto a redirected request: the Authorization header (and so the
    user's token or password) goes on only to the origin it was meant for."""

    def redirect_request(self, req: urllib.request.Request, fp, code: int, msg: str,  # type: ignore[no-untyped-def]
                         headers, newurl: str) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(new.full_url) != _origin(req.full_url):
            new.remove_header("Authorization")
        return new


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only (no file:, ftp: or data: URLs, even by redirect); proxies from the
    environment as it is when the request is made."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    _SameOriginCredentials(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def request(method: str, url: str, *, body: bytes | None = None, headers: Mapping[str, str] | None = None,
            timeout: float = 60.0, retry: Retry = NO_RETRY, store_credentials: bool = True) -> Response:
    """Send one HTTP request; raise `HttpError` on any status >= 400 or when nobody answers,
    after the retries `retry` allows for 5xx answers and failed connections. `store_credentials`:
    send the environment's credentials (the user's own store), not only the URL's."""
    goal = target(url, store_credentials=store_credentials)
    sent = {"User-Agent": f"npc-kg/{__version__}", **(headers or {})}
    if goal.authorization:
        sent["Authorization"] = goal.authorization
    pauses = retry.pauses()
    while True:
        try:
            with _opener().open(urllib.request.Request(goal.url, data=body, headers=sent, method=method),
                                timeout=timeout) as answer:
                return Response(answer.status, answer.headers.get_content_type(), answer.read())
        except urllib.error.HTTPError as err:
            detail = _detail(err, goal.secrets)
            failure = HttpError(f"{goal.name}: HTTP {err.code} {err.reason}{detail}", err.code)
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException, ValueError) as err:
            reason = getattr(err, "reason", None) or err
            if isinstance(reason, TimeoutError):
                reason = f"no answer within {timeout:g} s"
            failure = HttpError(f"{goal.name}: cannot connect ({reason})", None)
        failure = HttpError(goal.secrets.redact(failure.message), failure.status)
        if not pauses or (failure.status is not None and failure.status < 500):
            raise failure
        time.sleep(pauses.pop(0))


def _detail(err: urllib.error.HTTPError, secrets: Secrets) -> str:
    """The first line of an error answer's body (servers put the reason there), redacted before it
    is cut short, so that no part of a secret the server echoes survives."""
    try:
        text = secrets.redact(err.read().decode("utf-8", "replace")).strip()
    except (OSError, http.client.HTTPException):
        return ""
    line = text.splitlines()[0] if text else ""
    return f": {line[:300]}" if line else ""
