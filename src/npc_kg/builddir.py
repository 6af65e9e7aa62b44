"""The build directory as one unit: locked while a command writes it, replaced whole, never half-done.

A new build is written into a hidden sibling directory (`.OUT.npc-kg-new-*`); only when every file
of it, the cache included, is written does it take OUT's place, by one atomic exchange of the two
directories (Linux's renameat2 with RENAME_EXCHANGE), or where that is missing by two renames,
undone if the second fails. A reader sees the old build or the new one, never a mixture, and a
failed build changes nothing. Whatever else OUT holds (a review file, a .gitignore, a user's
notes) is carried into the new directory as hard links. An exclusive lock (`.OUT.npc-kg-lock`
beside OUT, so it outlives the exchange) keeps a second command from writing the same directory;
what an interrupted command left (sibling directories, temporary files) is removed, or put back,
by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError

NEW, OLD, LOCK = "npc-kg-new-", "npc-kg-old-", "npc-kg-lock"
# Temporary files earlier versions wrote into OUT itself (`.graph.nt.abc123de.tmp`): leftovers, never carried.
LEFTOVER_FILE = re.compile(r"\.[\w.-]{1,64}\.[a-z0-9_]{8}\.tmp")


def lock_path(out_dir: Path) -> Path:
    """The lock file of a build directory: beside it, so that it outlives the directory's exchange."""
    out_dir = _real(out_dir)
    return out_dir.parent / f".{out_dir.name}.{LOCK}"


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the build directory's exclusive lock for a whole command (reading its cache and review
    file included); a second command exits 2 at once rather than wait for a build of unknown length.
    First removes, or puts back, what an interrupted command left. (A symbolic link given as OUT
    is followed: the directory it names is the build directory.)"""
    out_dir = _real(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("--out is not a directory", str(out_dir), 1)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out_dir)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise InputError(f"another npc-kg command is writing this build directory (it holds {path}); "
                             "run again when it has finished", str(out_dir), 1) from None
        try:
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                break  # else the holder removed the file as we opened it: lock the new one
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        _recover(out_dir)
        yield
    finally:
        os.unlink(path)  # while still held, so that no one locks a file about to vanish
        os.close(fd)


def replace(out_dir: Path, files: dict[str, bytes], fill: Callable[[Path], object] = lambda staging: None,
            own: Collection[str] = ()) -> None:
    """Make `out_dir` hold `files`, what `fill` writes into the new directory (the entries `own`
    names are the caller's, not carried), and whatever else it held before; call under `locked`."""
    out_dir = _real(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{NEW}", dir=out_dir.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        fill(staging)
        if out_dir.is_dir():
            _carry(out_dir, staging, set(files) | set(own))
            os.chmod(staging, stat.S_IMODE(os.stat(out_dir).st_mode))
        else:
            os.chmod(staging, 0o777 & ~_umask())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _switch(staging, out_dir)


def carry(source: Path, target: Path) -> None:
    """One entry of an old build directory into the new one: a hard link to each file (a copy where
    links are refused), symbolic links as links, never followed."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link)
    else:
        _link(source, target)


def _carry(old: Path, new: Path, written: set[str]) -> None:
    for entry in sorted(old.iterdir()):
        if entry.name not in written and not LEFTOVER_FILE.fullmatch(entry.name):
            carry(entry, new / entry.name)


def _link(source: str | Path, target: str | Path) -> None:
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _switch(staging: Path, out_dir: Path) -> None:
    """Put the complete new directory in OUT's place; on failure, OUT is as it was and the new one gone."""
    try:
        if not out_dir.exists():
            os.replace(staging, out_dir)
            return
        if _exchange(staging, out_dir):
            shutil.rmtree(staging, ignore_errors=True)  # now the old build; what stays, the next command removes
            return
        old = out_dir.parent / staging.name.replace(NEW, OLD, 1)
        os.replace(out_dir, old)
        try:
            os.replace(staging, out_dir)
        except BaseException:
            os.replace(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _recover(out_dir: Path) -> None:
    """After an interrupted command: the old build back in place if it was taken away mid-switch
    (the build that was interrupted did not succeed), then every sibling it left removed."""
    prefix = f".{out_dir.name}."
    left = sorted(p for p in out_dir.parent.iterdir()
                  if p.name.startswith((prefix + NEW, prefix + OLD)) and not p.is_symlink() and p.is_dir())
    if not out_dir.exists() and (olds := [p for p in left if p.name.startswith(prefix + OLD)]):
        os.replace(olds[0], out_dir)
        left.remove(olds[0])
    for path in left:
        shutil.rmtree(path)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    if code in (errno.EBUSY, errno.EXDEV):
        raise InputError("is a mount point, or on another file system than its parent folder: npc-kg replaces a "
                         "build directory whole, by renaming it; build into a folder inside it", str(b), 1)
    raise OSError(code, os.strerror(code), str(b))


def _real(out_dir: Path) -> Path:
    return Path(os.path.realpath(out_dir))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
