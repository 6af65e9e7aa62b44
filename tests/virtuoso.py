"""A real Virtuoso open source server for the tests, started the way README's "Loading into
Virtuoso" says: its own virtuoso.ini in a fresh directory (every file of the database there, both
listeners on 127.0.0.1 only, small buffers), then, through isql, a user with the SPARQL_UPDATE role
for the Graph Store Protocol's authenticated endpoint (HTTP Digest) and a new password for `dba`, so
no default password is left. The tests use random passwords; README shows the same commands.

`virtuoso-t` and `isql-vt` come from Debian's `virtuoso-opensource` (`make virtuoso` installs it); a
missing binary fails the tests that need it, it never skips them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVER = "virtuoso-t"
ISQL = "isql-vt"
STARTUP_SECONDS = 20
USER = "npc_loader"

# The README shows this file with {dir} = /abs/path/virtuoso-db, {port} = 1111, {http_port} = 8890.
INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort           = 127.0.0.1:{port}
DisableUnixSocket    = 1
MaxClientConnections = 4
NumberOfBuffers      = 4000
MaxDirtyBuffers      = 3000
ThreadsPerQuery      = 1
DirsAllowed          = {dir}
CaseMode             = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}
ServerThreads        = 4
MaxClientConnections = 4

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""

# Run as dba (default password "dba" in a new database): the loading user, then dba's own password.
SETUP_SQL = """\
DB.DBA.USER_CREATE('{user}', '{password}');
GRANT SPARQL_UPDATE TO "{user}";
SET PASSWORD "dba" "{dba_password}";
"""


@dataclass(frozen=True)
class VirtuosoServer:
    pid: int
    base_url: str
    isql_port: int
    user: str
    password: str
    dba_password: str

    @property
    def query_url(self) -> str:
        """The SPARQL endpoint: no authentication, reads only."""
        return self.base_url + "/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint that asks for HTTP Digest credentials."""
        return self.base_url + "/sparql-graph-crud-auth"

    def environment(self) -> dict[str, str]:
        """The loading user's credentials as `npc-kg load` reads them."""
        return {"NPC_KG_STORE_USER": self.user, "NPC_KG_STORE_PASSWORD": self.password}

    def sql(self, statements: str, *, password: str | None = None) -> str:
        """Run SQL statements as dba through isql; fail on any error it reports."""
        return isql(self.isql_port, password or self.dba_password, statements)

    def answers(self) -> bool:
        query = urllib.parse.urlencode({"query": "ASK {}"})
        try:
            with _direct.open(f"{self.query_url}?{query}", timeout=1):
                return True
        except (urllib.error.URLError, OSError):
            return False


_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class VirtuosoError(RuntimeError):
    pass


def binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise VirtuosoError(f"{name} not found: install Debian's virtuoso-opensource (`make virtuoso`) "
                            "to run the Virtuoso tests")
    return found


def server_command(ini: Path, server: str = SERVER) -> list[str]:
    return [server, "+foreground", "+configfile", str(ini)]


def isql_command(port: int, password: str, client: str = ISQL) -> list[str]:
    """isql as dba; the statements come on its standard input."""
    return [client, f"127.0.0.1:{port}", "dba", password]


def isql(port: int, password: str, statements: str) -> str:
    done = subprocess.run(isql_command(port, password, binary(ISQL)), input=statements,
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise VirtuosoError(f"isql failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done.stdout


@contextmanager
def virtuoso(directory: Path, port: int, http_port: int) -> Iterator[VirtuosoServer]:
    """A new Virtuoso database in `directory`, serving on 127.0.0.1; stopped (its whole process
    group) on exit."""
    server_binary = binary(SERVER)
    binary(ISQL)
    directory.mkdir(parents=True, exist_ok=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, port=port, http_port=http_port), encoding="utf-8")
    log = directory / "virtuoso.out"
    with open(log, "wb") as output:
        process = subprocess.Popen(server_command(ini, server_binary), cwd=directory,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    server = VirtuosoServer(process.pid, f"http://127.0.0.1:{http_port}", port, USER, secrets.token_urlsafe(12),
                            secrets.token_urlsafe(12))
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not server.answers():
            if process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited with {process.returncode}: {_tail(directory)}")
            if time.monotonic() > deadline:
                raise VirtuosoError(f"virtuoso-t did not answer within {STARTUP_SECONDS}s: {_tail(directory)}")
            time.sleep(0.1)
        isql(port, "dba", SETUP_SQL.format(user=server.user, password=server.password,
                                           dba_password=server.dba_password))
        yield server
    finally:
        _stop(process)


def listening(pid: int) -> set[tuple[str, int]]:
    """The TCP addresses (IPv4 and IPv6, as hex host and port) process `pid` listens on, from /proc."""
    sockets = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and f"socket:[{fields[9]}]" in sockets:  # 0A: LISTEN
                host, port = fields[1].split(":")
                found.add((host, int(port, 16)))
    return found


def _tail(directory: Path) -> str:
    texts = [(directory / name).read_text(errors="replace") for name in ("virtuoso.out", "virtuoso.log")
             if (directory / name).is_file()]
    return "\n".join(text[-2000:] for text in texts)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group (Virtuoso checkpoints and exits), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
