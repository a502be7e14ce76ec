"""Reading charmcraft.yaml as text, by top-level key blocks (no YAML library): the part of
charm_archive.py that understands the file's layout. See charm_archive.py for what is covered
and what is refused.
"""

from __future__ import annotations

import re

# charmcraft.yaml `links` keys and the metadata.yaml keys charmcraft flattens them to.
LINK_KEYS = {
    "documentation": "docs",
    "contact": "maintainers",
    "issues": "issues",
    "source": "source",
    "website": "website",
}

TOP_LEVEL_KEY = re.compile(r"^([A-Za-z0-9_-]+):(?:\s|$)")


class PackError(Exception):
    """A project this script cannot pack faithfully."""


def top_level_blocks(text: str, source: str) -> dict[str, list[str]]:
    """Split YAML text into {key: lines}, each block's first line being `key: ...`.

    Top-level comments and document markers are dropped; trailing blank lines are trimmed.
    """
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#") or line.rstrip() == "---":
            continue
        if not line.strip() or line[0] in " \t":
            if current is None:
                if line.strip():
                    raise PackError(f"{source}:{number}: indented line before any key")
                continue
            current.append(line)
            continue
        match = TOP_LEVEL_KEY.match(line)
        if not match:
            raise PackError(f"{source}:{number}: not a `key:` line at the top level: {line!r}")
        key = match.group(1)
        if key in blocks:
            raise PackError(f"{source}:{number}: duplicate key {key!r}")
        current = blocks[key] = [line]
    for lines in blocks.values():
        trim(lines)
    return blocks


def trim(lines: list[str]) -> None:
    while lines and not lines[-1].strip():
        lines.pop()


def scalar(block: list[str]) -> str:
    """The value of a one-line `key: value` block, unquoted."""
    if len(block) != 1:
        raise PackError(f"expected a one-line value: {block[0]!r}")
    value = block[0].split(":", 1)[1].split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def renamed(block: list[str], new_key: str) -> list[str]:
    key = block[0].split(":", 1)[0]
    return [new_key + block[0][len(key) :]] + block[1:]


def children(block: list[str]) -> list[list[str]]:
    """The entries of a block mapping (`key:` then indented `child: ...` lines), dedented."""
    if block[0].split(":", 1)[1].split(" #", 1)[0].strip():
        raise PackError(f"expected a block mapping under {block[0]!r}")
    body = block[1:]
    indent = min((len(line) - len(line.lstrip(" ")) for line in body if line.strip()), default=0)
    entries: list[list[str]] = []
    for line in body:
        starts_entry = (
            line.strip()
            and len(line) - len(line.lstrip(" ")) == indent
            and not line.lstrip().startswith(("#", "- "))
        )
        if starts_entry:
            entries.append([line[indent:]])
        elif entries:
            entries[-1].append(line[indent:])
    for entry in entries:
        trim(entry)
    return entries


def links_metadata(block: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for entry in children(block):
        key = entry[0].split(":", 1)[0]
        if key not in LINK_KEYS:
            raise PackError(f"unknown key under links: {key!r}")
        if key == "contact" and len(entry) == 1:
            # charmcraft turns a single contact into a one-item maintainers list
            out["maintainers"] = ["maintainers:", f"- {entry[0].split(':', 1)[1].strip()}"]
        else:
            out[LINK_KEYS[key]] = renamed(entry, LINK_KEYS[key])
    return out


def manifest_bases(blocks: dict[str, list[str]], arch: str) -> tuple[str, str]:
    """(distribution, channel) of the charm's base, after checking `arch` is a platform."""
    if "base" not in blocks or "platforms" not in blocks:
        raise PackError("charmcraft.yaml needs `base` and `platforms`")
    distribution, _, channel = scalar(blocks["base"]).partition("@")
    if not distribution or not channel:
        raise PackError(f"base {scalar(blocks['base'])!r} is not <name>@<channel>")
    platforms = {}
    for entry in children(blocks["platforms"]):
        name, _, value = entry[0].partition(":")
        if value.strip() or len(entry) > 1:
            raise PackError(
                f"platform {name!r}: only platforms named after an architecture, with no "
                "build-on/build-for, are read here"
            )
        platforms[name] = True
    if arch not in platforms:
        raise PackError(f"this machine builds for {arch}, which is not among the platforms {sorted(platforms)}")
    return distribution, channel


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
