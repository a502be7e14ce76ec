#!/usr/bin/env python3
"""Ask the REAL charmlibs `CertificateTransferRequires` what it makes of provider bags.

Per case, a tiny requirer charm (defined below) runs one hook on the `receive-ca-cert`
endpoint under `ops.testing` (Scenario), leader by default:

- `hook: "relation-changed"` (default), with the given provider app bag and unit bags on the
  remote side. The library computes the relation's certificates and emits
  `certificate_set_updated` when they differ from what it last saw (a fresh charm: whenever
  it reads a non-empty set... or an empty one, the first time). The charm records the event,
  `get_all_certificates(relation.id)`, `get_all_certificates_by_relation()` and
  `is_ready(relation)`, and which remote unit the library's v0 fallback reads: the first of
  `relation.units`, a Python set whose order varies from run to run.
- `hook: "relation-created"`: what the library writes in our own app bag (the leader's
  `version` hint).

Usage: .venv/bin/python tests/interop/certificate_transfer_requirer_check.py < in.json > out.json
"""

from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from certificate_transfer_common import (  # noqa: E402
    INTERFACE,
    LIBRARY_LOGGER,
    REQUIRER_ENDPOINT,
)
from interop_common import (  # noqa: E402
    InputError,
    check_keys,
    databag,
    library_errors,
    optional_bool,
    quiet_libraries,
    run_cases,
    string_field,
    units_databags,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.certificate_transfer import CertificateTransferRequires  # noqa: E402
from ops import testing  # noqa: E402

SCRIPT = "certificate_transfer_requirer_check.py"
REQUIRER_META = {
    "name": "gateway-api-integrator",
    "requires": {REQUIRER_ENDPOINT: {"interface": INTERFACE}},
}
CASE_KEYS = {
    "provider_app_data",
    "provider_units_data",
    "requirer_app_data",
    "hook",
    "leader",
}
HOOKS = {"relation-changed", "relation-created"}

RECORD: dict[str, Any] = {}


class CertificateTransferRequirerCharm(ops.CharmBase):
    """Minimal certificate_transfer requirer recording what the library reports."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        # Registered first, so the library handles relation-changed before our observer.
        self.transfer = CertificateTransferRequires(self, REQUIRER_ENDPOINT)
        framework.observe(self.transfer.on.certificate_set_updated, self._on_updated)
        framework.observe(self.on[REQUIRER_ENDPOINT].relation_changed, self._on_changed)

    def _on_updated(self, event: Any) -> None:
        RECORD["event"] = sorted(event.certificates)

    def _on_changed(self, event: ops.RelationChangedEvent) -> None:
        relation = event.relation
        units = list(relation.units)
        RECORD.update(
            certificates=sorted(self.transfer.get_all_certificates(relation.id)),
            by_relation=self.transfer.get_all_certificates_by_relation(relation.id).get(
                relation.id
            ),
            is_ready=self.transfer.is_ready(relation),
            first_unit=units[0].name if units else None,
        )


def run_one(case: dict[str, Any]) -> dict[str, Any]:
    hook = string_field(case, "hook", "relation-changed")
    if hook not in HOOKS:
        raise InputError(f"hook must be one of {sorted(HOOKS)}")
    check_keys(case, CASE_KEYS, {"provider_app_data"} if hook == "relation-changed" else set())
    RECORD.clear()
    RECORD.update(event=None, certificates=None, by_relation=None, is_ready=None, first_unit=None)
    units = units_databags(case.get("provider_units_data", {"0": {}}), "provider_units_data")
    relation = testing.Relation(
        endpoint=REQUIRER_ENDPOINT,
        interface=INTERFACE,
        remote_app_name="ca-provider",
        remote_app_data=databag(case.get("provider_app_data"), "provider_app_data"),
        remote_units_data=units or {0: {}},
        local_app_data=databag(case.get("requirer_app_data"), "requirer_app_data"),
    )
    state = testing.State(leader=optional_bool(case, "leader", True), relations={relation})
    context = testing.Context(CertificateTransferRequirerCharm, meta=REQUIRER_META)
    if hook == "relation-created":
        event = context.on.relation_created(relation)
    else:
        event = context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data))
    with library_errors(LIBRARY_LOGGER) as errors:
        state_out = context.run(event, state)
    return {
        **RECORD,
        "errors": errors.messages,
        "requirer_app_data": dict(state_out.get_relation(relation.id).local_app_data),
    }


if __name__ == "__main__":
    run_cases(SCRIPT, run_one)
