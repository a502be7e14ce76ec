#!/usr/bin/env python3
"""Write a .charm (a zip file) the way `charmcraft pack` lays one out, without charmcraft.

    charm_archive.py layout PROJECT_DIR DISPATCH OUT_DIR [--readme FILE] [--license FILE]
        Fill OUT_DIR (emptied first) with what charmcraft would prime for PROJECT_DIR:
        dispatch (a copy of DISPATCH, mode 0755), metadata.yaml (charmcraft.yaml's metadata
        keys), config.yaml and actions.yaml (when the project has them), manifest.yaml,
        README.md and LICENSE.
    charm_archive.py zip DIR OUT_DIR
        Zip DIR's files (flat, each with its unix mode) into OUT_DIR/NAME_ARCH.charm, the name
        charmcraft gives it (the charm's name, this machine's architecture); print its path.
    charm_archive.py compare CHARM_FILE EXPANDED_YAML ANALYSE_JSON
        Check CHARM_FILE's files against what charmcraft itself derives from the project
        (EXPANDED_YAML: the output of `charmcraft expand-extensions`) and against its analysis
        (ANALYSE_JSON: `charmcraft analyse --format json CHARM_FILE`): every linter `ok` or
        `nonapplicable`, the manifest's attributes those of the analysis. Runs in charmcraft's
        venv (scripts/check-charmcraft.sh --analyse).

`layout` and `zip` need only python3's standard library: charmcraft.yaml is read as text, by
top-level key blocks, which covers the YAML our charmcraft.yaml files use (block mappings,
plain or block scalars). Keys that would need real YAML processing (extensions, a legacy
`bases` list, platforms with build-on/build-for) are refused rather than guessed; the
`compare` step, which uses charmcraft's own models, catches any other difference.

What charmcraft pack (4.x) does and this mirrors, for a charm whose charmcraft.yaml holds the
metadata (no metadata.yaml in the project):
- metadata.yaml: the metadata keys of charmcraft.yaml, `title` renamed `display-name` and
  `links` flattened (`documentation` -> `docs`, `contact` -> `maintainers`, `issues`, `source`,
  `website` as they are); `type`, `base`, `platforms`, `parts` and the other build keys dropped.
- config.yaml / actions.yaml: the project's files as they are (or the `config` / `actions` key).
- manifest.yaml: charmcraft-version, charmcraft-started-at, bases (name, channel, the
  architecture built for) and analysis.attributes (the attribute checkers' results on the
  packed files: `language` and `framework` are `unknown` for a compiled dispatch).
Juju reads metadata.yaml, manifest.yaml (bases), config.yaml and actions.yaml from the archive
and runs `dispatch`, whose executable bit comes from the zip entry's unix mode.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from charm_yaml import (  # noqa: E402  (a module beside this script)
    PackError,
    top_level_blocks,
    scalar,
    renamed,
    children,
    links_metadata,
    manifest_bases,
    yaml_quote,
)

# The charmcraft release whose `pack` output this mirrors; the CI check runs that release's
# `charmcraft analyse` (pinned in .ci/python-requirements-charmcraft.txt) on the result.
MIRRORED_CHARMCRAFT = "4.5.0"

# charmcraft.yaml keys that go to metadata.yaml (charmcraft's CharmMetadata fields), by the name
# they have there.
METADATA_KEYS = {
    "name": "name",
    "title": "display-name",
    "summary": "summary",
    "description": "description",
    "assumes": "assumes",
    "charm-user": "charm-user",
    "containers": "containers",
    "devices": "devices",
    "extra-bindings": "extra-bindings",
    "peers": "peers",
    "provides": "provides",
    "requires": "requires",
    "resources": "resources",
    "storage": "storage",
    "subordinate": "subordinate",
    "terms": "terms",
}
# Build-time keys: not part of the charm's metadata.
BUILD_KEYS = {
    "type",
    "base",
    "build-base",
    "platforms",
    "parts",
    "charmhub",
    "analysis",
    "charm-libs",
}
REFUSED_KEYS = {
    "extensions": "extensions need charmcraft to expand them",
    "bases": "a legacy `bases` list is not read here; declare `base` and `platforms`",
}
# `uname -m` -> the architecture name Juju and charmcraft use.
ARCHITECTURES = {"x86_64": "amd64", "aarch64": "arm64", "ppc64le": "ppc64el", "s390x": "s390x",
                 "riscv64": "riscv64"}



def manifest_yaml(distribution: str, channel: str, arch: str, started_at: str) -> str:
    return "\n".join(
        [
            f"# Written by scripts/pack.sh in the layout of charmcraft {MIRRORED_CHARMCRAFT}'s pack.",
            f"charmcraft-version: {MIRRORED_CHARMCRAFT}",
            f"charmcraft-started-at: {yaml_quote(started_at)}",
            "bases:",
            f"- name: {distribution}",
            f"  channel: {yaml_quote(channel)}",
            "  architectures:",
            f"  - {arch}",
            "analysis:",
            "  attributes:",
            "  - name: language",
            "    result: unknown",
            "  - name: framework",
            "    result: unknown",
            "",
        ]
    )


def started_at() -> str:
    """Pack time (UTC), or $SOURCE_DATE_EPOCH for a reproducible archive."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch
        else dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    )
    return when.isoformat().replace("+00:00", "Z")


def host_arch() -> str:
    machine = os.uname().machine
    if machine not in ARCHITECTURES:
        raise PackError(f"unknown machine architecture {machine!r}")
    return ARCHITECTURES[machine]


def yaml_file_or_key(project: Path, blocks: dict[str, list[str]], key: str) -> str | None:
    """config.yaml / actions.yaml: the project's file, else the charmcraft.yaml key's value."""
    path = project / f"{key}.yaml"
    if key in blocks and path.is_file():
        raise PackError(f"{key} is both in charmcraft.yaml and in {path.name}")
    if path.is_file():
        return path.read_text()
    if key in blocks:
        return "\n".join(line for entry in children(blocks[key]) for line in entry) + "\n"
    return None


def layout(project: Path, dispatch: Path, out: Path, readme: Path | None, license_file: Path | None) -> None:
    charmcraft_yaml = project / "charmcraft.yaml"
    blocks = top_level_blocks(charmcraft_yaml.read_text(), str(charmcraft_yaml))
    if (project / "metadata.yaml").exists():
        raise PackError(f"{project}/metadata.yaml exists: this script derives it from charmcraft.yaml")
    for key, why in REFUSED_KEYS.items():
        if key in blocks:
            raise PackError(f"charmcraft.yaml has {key!r}: {why}")
    if scalar(blocks.get("type", ["type: (missing)"])) != "charm":
        raise PackError("charmcraft.yaml: `type` must be `charm`")

    metadata: dict[str, list[str]] = {}
    for key, block in blocks.items():
        if key in METADATA_KEYS:
            metadata[METADATA_KEYS[key]] = renamed(block, METADATA_KEYS[key])
        elif key == "links":
            metadata.update(links_metadata(block))
        elif key not in BUILD_KEYS | {"config", "actions"}:
            raise PackError(f"charmcraft.yaml: key {key!r} is not known to this script")
    for required in ("name", "summary", "description"):
        if required not in metadata:
            raise PackError(f"charmcraft.yaml lacks {required!r}")
    arch = host_arch()
    distribution, channel = manifest_bases(blocks, arch)

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copyfile(dispatch, out / "dispatch")
    os.chmod(out / "dispatch", 0o755)
    # Sorted keys, as charmcraft writes metadata.yaml.
    text = "\n".join(line for key in sorted(metadata) for line in metadata[key]) + "\n"
    (out / "metadata.yaml").write_text(text)
    for key in ("config", "actions"):
        content = yaml_file_or_key(project, blocks, key)
        if content is not None:
            (out / f"{key}.yaml").write_text(content)
    (out / "manifest.yaml").write_text(manifest_yaml(distribution, channel, arch, started_at()))
    for source, name in ((readme, "README.md"), (license_file, "LICENSE")):
        if source is not None:
            shutil.copyfile(source, out / name)
    for path in out.iterdir():
        if path.name != "dispatch":
            os.chmod(path, 0o644)


def zip_dir(directory: Path, charm: Path) -> None:
    """Zip the directory's regular files (no subdirectories) with their unix modes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    tmp = charm.with_name(charm.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.iterdir()):
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                raise PackError(f"{path}: only regular files are packed")
            # zip timestamps are local times (as zipfile.write does; UTC for SOURCE_DATE_EPOCH,
            # so that the archive does not depend on the time zone), 1980 at the earliest
            when = time.gmtime(int(epoch)) if epoch else time.localtime(info.st_mtime)
            when = max(when[:6], (1980, 1, 1, 0, 0, 0))
            entry = zipfile.ZipInfo(path.name, date_time=when)
            entry.create_system = 3  # unix: readers take the mode from external_attr
            entry.external_attr = (stat.S_IFREG | stat.S_IMODE(info.st_mode)) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(entry, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    tmp.replace(charm)


# Linter results that pass: `nonapplicable` is what a compiled (non-Python) charm gets from the
# Python-only linters, and from additional-files, which only runs inside charmcraft's build.
PASSING_LINT_RESULTS = {"ok", "nonapplicable"}


def compare(charm: Path, expanded_yaml: Path, analyse_json: Path) -> tuple[list[str], str]:
    """Differences between the archive and what charmcraft derives from the project, and a
    summary of the analysis."""
    import json

    import yaml  # charmcraft's venv has these
    from charmcraft.models.metadata import CharmMetadata
    from charmcraft.models.project import CharmcraftProject

    project = CharmcraftProject.unmarshal(yaml.safe_load(expanded_yaml.read_text()))
    project_dict = project.marshal()
    problems = []
    with zipfile.ZipFile(charm) as archive:
        names = set(archive.namelist())

        def load(name: str):
            return yaml.safe_load(archive.read(name)) if name in names else None

        expected_metadata = CharmMetadata.from_charm(project).marshal()
        metadata = load("metadata.yaml") or {}
        for key in sorted(set(metadata) | set(expected_metadata)):
            if metadata.get(key) != expected_metadata.get(key):
                problems.append(
                    f"metadata.yaml {key}: {metadata.get(key)!r}, charmcraft: {expected_metadata.get(key)!r}"
                )
        for key in ("config", "actions"):
            if load(f"{key}.yaml") != project_dict.get(key):
                problems.append(f"{key}.yaml differs from the project's {key}")
        manifest = load("manifest.yaml") or {}
        arch = host_arch()
        base_name, _, channel = project.base.partition("@")
        expected_bases = [{"name": base_name, "channel": channel, "architectures": [arch]}]
        if manifest.get("bases") != expected_bases:
            problems.append(f"manifest.yaml bases {manifest.get('bases')!r} != {expected_bases!r}")
        results = json.loads(analyse_json.read_text())
        for result in results:
            if result["check_type"] == "lint" and result["result"] not in PASSING_LINT_RESULTS:
                problems.append(f"linter {result['name']}: {result['result']}: {result['text']}")
        attributes = [
            {"name": result["name"], "result": result["result"]}
            for result in results
            if result["check_type"] == "attribute"
        ]
        if manifest.get("analysis") != {"attributes": attributes}:
            problems.append(f"manifest.yaml analysis {manifest.get('analysis')!r} != {attributes!r}")
        for key in ("charmcraft-version", "charmcraft-started-at"):
            if not isinstance(manifest.get(key), str):
                problems.append(f"manifest.yaml: {key} is not a string")
        info = archive.getinfo("dispatch") if "dispatch" in names else None
        if info is None or (info.external_attr >> 16) & 0o777 != 0o755:
            problems.append("dispatch is missing or not mode 0755")
        expected_names = {"dispatch", "metadata.yaml", "manifest.yaml", "README.md", "LICENSE"}
        expected_names |= {f"{key}.yaml" for key in ("config", "actions") if project_dict.get(key)}
        if names != expected_names:
            problems.append(f"files {sorted(names)} != {sorted(expected_names)}")
    by_result: dict[str, list[str]] = {}
    for result in results:
        by_result.setdefault(f"{result['check_type']} {result['result']}", []).append(result["name"])
    summary = "; ".join(f"{key}: {', '.join(names)}" for key, names in sorted(by_result.items()))
    return problems, summary


def main(argv: list[str]) -> int:
    try:
        if argv[:1] == ["layout"] and len(argv) >= 4:
            rest = argv[4:]
            options = dict(zip(rest[::2], rest[1::2]))
            if len(rest) % 2 or set(options) - {"--readme", "--license"}:
                raise PackError(f"bad options: {rest}")
            layout(
                Path(argv[1]),
                Path(argv[2]),
                Path(argv[3]),
                Path(options["--readme"]) if "--readme" in options else None,
                Path(options["--license"]) if "--license" in options else None,
            )
        elif argv[:1] == ["zip"] and len(argv) == 3:
            directory = Path(argv[1])
            names = re.findall(r"^name: *(\S+)$", (directory / "metadata.yaml").read_text(), re.M)
            if len(names) != 1:
                raise PackError(f"{directory}/metadata.yaml: no single `name:` line")
            charm = Path(argv[2]) / f"{names[0].strip(chr(39) + chr(34))}_{host_arch()}.charm"
            zip_dir(directory, charm)
            print(charm)
        elif argv[:1] == ["compare"] and len(argv) == 4:
            problems, summary = compare(Path(argv[1]), Path(argv[2]), Path(argv[3]))
            name = Path(argv[1]).name
            for problem in problems:
                print(f"{name}: {problem}", file=sys.stderr)
            print(f"{name}: charmcraft analyse: {summary}", file=sys.stderr)
            if not problems:
                print(f"{name}: ok (every linter passes; files as charmcraft pack derives them)", file=sys.stderr)
            return 1 if problems else 0
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
    except PackError as error:
        print(f"charm_archive.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
