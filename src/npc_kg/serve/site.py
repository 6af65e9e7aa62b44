"""Static export: the server's pages and documents as files, for any static web host.

The same renderers as the server, with links relative to each page (`links.SiteLinks`), so the site
works from any folder and straight from the file system. A resource's page is `{path}.html` beside
`{path}.ttl`, `.jsonld` and `.nt`, the names the server redirects to; each class index is
`{index}/index.html`. Output is deterministic (sorted, no timestamps) and written atomically: into
a temporary folder beside the target, which then takes the target's place. A folder holding
anything but an earlier export is never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import InputError
from .dataset import DUMPS, Dataset
from .documents import render
from .links import SiteLinks
from .negotiation import FORMATS
from .pages import home_page, index_page
from .search import site_files as search_files
from .views import INDEXES, Reader

MARKER = ".npc-kg-site"  # marks a folder this command wrote, and may therefore replace


def site_files(data: Dataset) -> dict[str, bytes]:
    """Every file of the site, by path."""
    reader = Reader(data)
    files: dict[str, bytes] = {MARKER: b"written by npc-kg publish\n"}

    def add(name: str, content: bytes) -> None:
        if name in files:
            raise InputError(f"two resources would be written to {name}", str(data.data_dir))
        files[name] = content

    add("index.html", home_page(reader.home(), SiteLinks("index.html")).encode("utf-8"))
    for index in INDEXES:
        page = f"{index}/index.html"
        add(page, index_page(reader.index(index), SiteLinks(page)).encode("utf-8"))
    for path in data.documents:
        for ext in FORMATS:
            add(f"{path}.{ext}", render(data, path, ext, SiteLinks(f"{path}.{ext}")))
    for name, content in search_files(data).items():
        add(name, content)
    void = data.void_path()
    if void:
        add(".well-known/void", files[f"{void}.ttl"])
    for dump in DUMPS:
        if (data.data_dir / dump).is_file():
            add(dump, (data.data_dir / dump).read_bytes())
    return dict(sorted(files.items()))


def write_site(target: Path, files: dict[str, bytes]) -> None:
    if target.exists() and not (target.is_dir() and (not any(target.iterdir()) or (target / MARKER).is_file())):
        raise InputError("exists and is not a site written by npc-kg publish: refusing to replace it", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
        if target.exists():
            previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, previous)
            os.replace(staging, target)
            shutil.rmtree(previous)
        else:
            os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
