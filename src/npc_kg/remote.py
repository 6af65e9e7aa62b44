"""remote: the tool's one HTTP client, for every remote SPARQL and Graph Store call (`query
--endpoint`, `load`, and the Wikidata endpoint of `link`).

`request` checks the URL first (http or https, a host, a valid port: anything else is a usage
error, exit 2), takes credentials from the URL's userinfo or, for the user's own store, from the
environment, retries what is worth retrying, and turns every failure into an `HttpError` (exit 3)
that names the service. Credentials never leave in the open:

- a bearer token goes with every request; a user and password only answer the server's challenge
  (401 with `WWW-Authenticate`): HTTP Digest (RFC 7616, MD5 or SHA-256, qop=auth) when it is
  offered, so the password never crosses the wire, else HTTP Basic. The challenge is remembered
  per origin for the rest of the process, so a load answers it once, not once per graph;
- the URL sent carries no userinfo, and no message shows it;
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
import hashlib
import http.client
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import __version__
from .errors import InputError, RemoteError

TOKEN_ENV = "NPC_KG_STORE_TOKEN"
USER_ENV = "NPC_KG_STORE_USER"
PASSWORD_ENV = "NPC_KG_STORE_PASSWORD"
SCHEMES = ("http", "https")
ANSWERED = "HTTP Digest or Basic, as the server asks"  # how a user and password are sent
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
class Login:
    """A user and password, sent only to answer a server's challenge."""

    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Target:
    """A checked URL: what is sent (no userinfo), what messages call it, and its credentials."""

    url: str  # without userinfo
    name: str  # without userinfo or query string
    authorization: str | None  # a bearer token's header, sent with every request
    login: Login | None  # a user and password, for the server's challenge
    credentials: str  # where the credentials come from, safe to print
    secrets: Secrets


def target(url: str, *, store_credentials: bool = True) -> Target:
    """`url` checked and split from its credentials: the URL's own userinfo, else, when
    `store_credentials`, the environment's (`credentials`). A URL that is not an http(s) URL with a
    host is a usage error."""
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
    header: str | None = None
    login: Login | None = None
    if parts.username is not None or parts.password is not None:
        login = Login(urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or ""))
        source = f"user and password from the URL's userinfo ({ANSWERED})"
        secrets += [parts.password or ""]
    elif store_credentials:
        header, login, source = credentials()
        secrets += [os.environ.get(TOKEN_ENV, ""), os.environ.get(PASSWORD_ENV, "")]
    else:
        source = "no credentials"
    for sent in (header, login and _basic(login)):  # a login's Basic header is what a Basic challenge gets
        if sent:
            secrets += [sent, sent.partition(" ")[2]]
    if login:
        secrets.append(login.password)
    return Target(bare, name, header, login, source, Secrets(tuple(s for s in secrets if s)))


def _basic(login: Login) -> str:
    return f"Basic {base64.b64encode(f'{login.user}:{login.password}'.encode()).decode('ascii')}"


def credentials() -> tuple[str | None, Login | None, str]:
    """The environment's credentials: a bearer token's Authorization header or a login, and a
    description of where they came from that is safe to print (it never contains the secret)."""
    token = os.environ.get(TOKEN_ENV)
    if token:
        return f"Bearer {token}", None, f"bearer token from {TOKEN_ENV}"
    user = os.environ.get(USER_ENV)
    if user:
        return None, Login(user, os.environ.get(PASSWORD_ENV, "")), \
            f"user and password from {USER_ENV}/{PASSWORD_ENV} ({ANSWERED})"
    return None, None, "no credentials"


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


# --------------------------------------------------------------------------- answering a challenge

# One auth-param or scheme token of a WWW-Authenticate header (RFC 9110 11.6.1), or the comma between
# them. Each part is one possessive run and a quoted string's two alternatives exclude each other, so
# the scan is linear.
_CHALLENGE_PART_RE = re.compile(r"""([!#$%&'*+.^_`|~\w-]++)(?:[ \t]*+=[ \t]*+("(?:[^"\\]++|\\.)*+"|[^\s,"]*+))?+|,""")
_DIGEST_HASHES = {"md5": hashlib.md5, "sha-256": hashlib.sha256}


@dataclass
class Challenge:
    """What a server asked for in a 401: Basic, or Digest with its parameters. `count` is the
    Digest nonce count, the number of answers given with this nonce."""

    scheme: str  # "basic" or "digest"
    params: dict[str, str]
    count: int = 0

    def covers(self, url: str) -> bool:
        """Whether `url` is in the protection space the challenge named (Digest's `domain`, URIs
        or absolute paths the credentials are for; without it, the whole origin)."""
        path = urllib.parse.urlsplit(url).path or "/"
        domain = self.params.get("domain", "").split()
        return not domain or any(path.startswith(urllib.parse.urlsplit(uri).path or "/") for uri in domain)

    def answer(self, login: Login, method: str, uri: str, cnonce: str | None = None) -> str:
        """The Authorization header answering this challenge for one request (`cnonce`, the
        client's nonce, is random unless given)."""
        if self.scheme == "basic":
            return _basic(login)
        algorithm = self.params.get("algorithm", "MD5")
        digest = _DIGEST_HASHES[algorithm.lower().removesuffix("-sess")]

        def h(text: str) -> str:
            return digest(text.encode("utf-8")).hexdigest()

        self.count += 1
        realm, nonce, nc = self.params.get("realm", ""), self.params["nonce"], f"{self.count:08x}"
        cnonce = cnonce or os.urandom(16).hex()
        secret = h(f"{login.user}:{realm}:{login.password}")
        if algorithm.lower().endswith("-sess"):
            secret = h(f"{secret}:{nonce}:{cnonce}")
        response = h(f"{secret}:{nonce}:{nc}:{cnonce}:auth:{h(f'{method}:{uri}')}")
        user = f"username={_quoted(login.user)}" if login.user.isascii() else \
            f"username*=UTF-8''{urllib.parse.quote(login.user, safe='')}"
        fields = [user, f"realm={_quoted(realm)}", f"nonce={_quoted(nonce)}", f"uri={_quoted(uri)}",
                  f"algorithm={algorithm}", f"response={_quoted(response)}", "qop=auth", f"nc={nc}",
                  f"cnonce={_quoted(cnonce)}"]
        if "opaque" in self.params:
            fields.append(f"opaque={_quoted(self.params['opaque'])}")
        return "Digest " + ", ".join(fields)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def challenges(headers: list[str]) -> list[Challenge]:
    """The challenges of WWW-Authenticate headers, in order."""
    found: list[Challenge] = []
    for header in headers:
        for match in _CHALLENGE_PART_RE.finditer(header):
            name, value = match[1], match[2]
            if name is None:  # the comma between two parts
                continue
            if value is None:  # a scheme starts a challenge
                found.append(Challenge(name.lower(), {}))
            elif found:  # a parameter of the challenge
                found[-1].params[name.lower()] = re.sub(r"\\(.)", r"\1", value[1:-1]) if value[:1] == '"' else value
    return found


def _answerable(offered: list[Challenge]) -> Challenge | None:
    """The challenge to answer: Digest with qop=auth and a known algorithm (SHA-256 before MD5),
    else Basic; None when neither is offered."""
    def strength(challenge: Challenge) -> int:
        algorithm = challenge.params.get("algorithm", "MD5").lower().removesuffix("-sess")
        return 1 if algorithm == "sha-256" else 0

    digests = [c for c in offered if c.scheme == "digest" and "nonce" in c.params
               and "auth" in (q.strip() for q in c.params.get("qop", "").split(","))
               and c.params.get("algorithm", "MD5").lower().removesuffix("-sess") in _DIGEST_HASHES]
    if digests:
        return max(digests, key=strength)
    return next((c for c in offered if c.scheme == "basic"), None)


_CHALLENGES: dict[tuple[str, str, int | None], Challenge] = {}  # origin -> the last challenge it sent


def _request_uri(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _exchange(goal: Target, method: str, body: bytes | None, headers: dict[str, str], timeout: float) -> Response:
    """One request with its credentials: the bearer token, or for a login the answer to the
    challenge this origin sent last, if any; a 401 with a challenge the login can answer is
    answered once (to the URL that sent it, when that is the target's origin)."""
    url, origin = goal.url, _origin(goal.url)
    sent = dict(headers)
    if goal.authorization:
        sent["Authorization"] = goal.authorization
    elif goal.login and origin in _CHALLENGES and _CHALLENGES[origin].covers(url):
        sent["Authorization"] = _CHALLENGES[origin].answer(goal.login, method, _request_uri(url))
    try:
        return _send(url, method, body, sent, timeout)
    except urllib.error.HTTPError as err:
        challenge = _answerable(challenges(err.headers.get_all("WWW-Authenticate") or []))
        if err.code != 401 or goal.login is None or challenge is None or _origin(err.geturl()) != origin:
            raise
        err.close()
        url, _CHALLENGES[origin] = err.geturl(), challenge
    sent["Authorization"] = challenge.answer(goal.login, method, _request_uri(url))
    return _send(url, method, body, sent, timeout)  # a second 401 is the server's refusal


def _send(url: str, method: str, body: bytes | None, headers: dict[str, str], timeout: float) -> Response:
    with _opener().open(urllib.request.Request(url, data=body, headers=headers, method=method),
                        timeout=timeout) as answer:
        return Response(answer.status, answer.headers.get_content_type(), answer.read())


# --------------------------------------------------------------------------- requests


def request(method: str, url: str, *, body: bytes | None = None, headers: Mapping[str, str] | None = None,
            timeout: float = 60.0, retry: Retry = NO_RETRY, store_credentials: bool = True) -> Response:
    """Send one HTTP request; raise `HttpError` on any status >= 400 or when nobody answers,
    after the retries `retry` allows for 5xx answers and failed connections. `store_credentials`:
    send the environment's credentials (the user's own store), not only the URL's."""
    goal = target(url, store_credentials=store_credentials)
    sent = {"User-Agent": f"npc-kg/{__version__}", **(headers or {})}
    pauses = retry.pauses()
    while True:
        try:
            return _exchange(goal, method, body, sent, timeout)
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
