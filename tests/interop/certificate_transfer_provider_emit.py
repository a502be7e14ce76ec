#!/usr/bin/env python3
"""Let the REAL charmlibs `CertificateTransferProvides` write its bags, to feed our requirer.

Per case, a tiny provider charm (defined below) runs one `send-ca-cert-relation-changed` hook
under `ops.testing` (Scenario), leader by default, with the given requirer app databag on the
remote side (its `version` key decides v1 or v0) and the given provider bags before the hook.
In the hook the charm applies the case's `operations` in order through the library's public
methods: `{"add": [pem, ...]}` → `add_certificates(set(...))`, `{"remove": pem}` →
`remove_certificate(pem)`, `{"remove_all": true}` → `remove_all_certificates()`, each for the
hook's relation. The result is both provider bags exactly as the library left them.

Usage: .venv/bin/python tests/interop/certificate_transfer_provider_emit.py < in.json > out.json
"""

from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from certificate_transfer_common import (  # noqa: E402
    INTERFACE,
    LIBRARY_LOGGER,
    PROVIDER_ENDPOINT,
    string_list,
)
from interop_common import (  # noqa: E402
    InputError,
    check_keys,
    databag,
    library_errors,
    optional_bool,
    quiet_libraries,
    run_cases,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.certificate_transfer import CertificateTransferProvides  # noqa: E402
from ops import testing  # noqa: E402

SCRIPT = "certificate_transfer_provider_emit.py"
PROVIDER_META = {
    "name": "ca-provider",
    "provides": {PROVIDER_ENDPOINT: {"interface": INTERFACE}},
}
CASE_KEYS = {
    "requirer_app_data",
    "provider_app_data",
    "provider_unit_data",
    "operations",
    "leader",
}

# Scenario instantiates the charm class itself, so each case reaches it through module state.
OPERATIONS: list[tuple[str, Any]] = []


def operations(value: Any) -> list[tuple[str, Any]]:
    """Validate the `operations` list."""
    if not isinstance(value, list):
        raise InputError("operations must be a list")
    parsed = []
    for index, op in enumerate(value):
        what = f"operations[{index}]"
        if not isinstance(op, dict) or len(op) != 1:
            raise InputError(f"{what} must be an object with one key: add, remove or remove_all")
        ((name, arg),) = op.items()
        if name == "add":
            parsed.append((name, set(string_list(arg, f"{what}.add"))))
        elif name == "remove":
            if not isinstance(arg, str):
                raise InputError(f"{what}.remove must be a string")
            parsed.append((name, arg))
        elif name == "remove_all":
            if arg is not True:
                raise InputError(f"{what}.remove_all must be true")
            parsed.append((name, None))
        else:
            raise InputError(f"{what}: unknown operation {name!r}")
    return parsed


class CertificateTransferProviderCharm(ops.CharmBase):
    """Minimal certificate_transfer provider applying the case's operations."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self.transfer = CertificateTransferProvides(self, PROVIDER_ENDPOINT)
        framework.observe(self.on[PROVIDER_ENDPOINT].relation_changed, self._on_changed)

    def _on_changed(self, event: ops.RelationChangedEvent) -> None:
        relation_id = event.relation.id
        for name, arg in OPERATIONS:
            if name == "add":
                self.transfer.add_certificates(arg, relation_id)
            elif name == "remove":
                self.transfer.remove_certificate(arg, relation_id)
            else:
                self.transfer.remove_all_certificates(relation_id)


def run_one(case: dict[str, Any]) -> dict[str, Any]:
    check_keys(case, CASE_KEYS, {"operations"})
    OPERATIONS[:] = operations(case["operations"])
    relation = testing.Relation(
        endpoint=PROVIDER_ENDPOINT,
        interface=INTERFACE,
        remote_app_name="gateway-api-integrator",
        remote_app_data=databag(case.get("requirer_app_data"), "requirer_app_data"),
        local_app_data=databag(case.get("provider_app_data"), "provider_app_data"),
        local_unit_data=databag(case.get("provider_unit_data"), "provider_unit_data"),
    )
    state = testing.State(leader=optional_bool(case, "leader", True), relations={relation})
    context = testing.Context(CertificateTransferProviderCharm, meta=PROVIDER_META)
    with library_errors(LIBRARY_LOGGER) as errors:
        state_out = context.run(
            context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data)),
            state,
        )
    out = state_out.get_relation(relation.id)
    return {
        "provider_app_data": dict(out.local_app_data),
        "provider_unit_data": dict(out.local_unit_data),
        "errors": errors.messages,
    }


if __name__ == "__main__":
    run_cases(SCRIPT, run_one)
