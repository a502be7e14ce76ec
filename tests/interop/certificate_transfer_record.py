#!/usr/bin/env python3
"""Record the certificate_transfer golden files from the REAL charmlibs library.

Runs the situations below through the two harnesses in this directory (in-process: the same
`run_one` functions the Rust tests drive over stdin) and writes one
`certificate_transfer.<situation>.json` per situation into GOLDEN_DIR, taking the test
certificates from GOLDEN_DIR/certs/ca-{1,2,3}.pem (verbatim: ca-2.pem has no final newline).
Each file holds the harness input, the bags the library wrote (`app`, `unit`, in its write
order) and what the library's requirer read back from them (`read`, sorted).

Usage: .venv/bin/python tests/interop/certificate_transfer_record.py \
           lib/relation-data/tests/golden/recorded
"""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

import certificate_transfer_provider_emit as provider  # noqa: E402
import certificate_transfer_requirer_check as requirer  # noqa: E402


def situations(ca: list[str]) -> list[tuple[str, str, dict[str, Any], str | None]]:
    """(name, what it shows, provider input, name of the situation whose bags come before)."""
    v1 = {"version": "1"}
    return [
        ("provide-v1", "v1 requirer; add_certificates({ca-2, ca-1})",
         {"requirer_app_data": v1, "operations": [{"add": [ca[1], ca[0]]}]}, None),
        ("provide-v1-three", "then add_certificates({ca-3}): merged with what the bag holds",
         {"requirer_app_data": v1, "operations": [{"add": [ca[2]]}]}, "provide-v1"),
        ("provide-v1-remove", "then remove_certificate(ca-2)",
         {"requirer_app_data": v1, "operations": [{"remove": ca[1]}]}, "provide-v1-three"),
        ("provide-v1-removed-all", "then remove_all_certificates()",
         {"requirer_app_data": v1, "operations": [{"remove_all": True}]}, "provide-v1-three"),
        ("provide-v0", "requirer without `version`; add_certificates({ca-2, ca-1})",
         {"requirer_app_data": {}, "operations": [{"add": [ca[1], ca[0]]}]}, None),
        ("provide-v0-removed-all", "then remove_all_certificates(): the unit bag is left as it was",
         {"requirer_app_data": {}, "operations": [{"remove_all": True}]}, "provide-v0"),
    ]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    ca = [(out / "certs" / f"ca-{i}.pem").read_text() for i in (1, 2, 3)]
    written: dict[str, dict[str, Any]] = {}

    created = requirer.run_one({"hook": "relation-created"})
    files = {
        "requirer-created": {
            "situation": "the requirer leader's relation-created: its version hint",
            "input": {"hook": "relation-created"},
            "app": created["requirer_app_data"],
        }
    }
    for name, what, case, before in situations(ca):
        if before:
            case = {
                **case,
                "provider_app_data": written[before]["app"],
                "provider_unit_data": written[before]["unit"],
            }
        result = provider.run_one(case)
        app, unit = result["provider_app_data"], result["provider_unit_data"]
        read = requirer.run_one({"provider_app_data": app, "provider_units_data": {"0": unit}})
        written[name] = {"app": app, "unit": unit}
        files[name] = {
            "situation": what,
            "input": case,
            "app": app,
            "unit": unit,
            "read": read["certificates"],
        }
    for name, content in files.items():
        path = out / f"certificate_transfer.{name}.json"
        path.write_text(json.dumps(content, indent=2) + "\n")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
