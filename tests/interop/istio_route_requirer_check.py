#!/usr/bin/env python3
"""Ask the REAL charmlibs `IstioIngressRouteRequirer` what it makes of a provider bag.

Per case, a tiny requirer charm (defined below) runs one `istio-ingress-route-relation-changed`
hook under `ops.testing` (Scenario), leader by default, with the given provider app databag on
the remote side (and optionally its own `config` bag on the local side). The library emits
`ready` on every relation-changed of a leader; the charm records, in its `ready` handler (or
after the hook when no event came), the library's `external_host`, `tls_enabled` and
`is_ready()`, and the URL its documentation says to build: `{https|http}://{external_host}`.

Usage: .venv/bin/python tests/interop/istio_route_requirer_check.py < input.json > output.json
"""

from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from interop_common import check_keys, databag, optional_bool, quiet_libraries  # noqa: E402
from istio_route_common import (  # noqa: E402
    ENDPOINT,
    INTERFACE,
    run_cases,
    string_field,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.istio_ingress_route import IstioIngressRouteRequirer  # noqa: E402
from ops import testing  # noqa: E402

SCRIPT = "istio_route_requirer_check.py"
REQUIRER_META = {
    "name": "myapp",
    "requires": {ENDPOINT: {"interface": INTERFACE, "limit": 1}},
}
CASE_KEYS = {"provider_app_data", "requirer_app_data", "leader", "remote_app_name"}

RECORD: dict[str, Any] = {}


class IstioRequirerCharm(ops.CharmBase):
    """Minimal istio-ingress-route requirer recording what the library reports."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self.route = IstioIngressRouteRequirer(self, relation_name=ENDPOINT)
        framework.observe(self.route.on.ready, self._on_ready)
        framework.observe(self.on[ENDPOINT].relation_changed, self._on_relation_changed)

    def _snapshot(self) -> None:
        host = self.route.external_host
        tls = self.route.tls_enabled
        RECORD.update(
            external_host=host,
            tls_enabled=tls,
            is_ready=self.route.is_ready(),
            url=f"{'https' if tls else 'http'}://{host}" if host else None,
        )

    def _on_ready(self, _: ops.RelationEvent) -> None:
        RECORD["ready_event"] = True
        self._snapshot()

    def _on_relation_changed(self, _: ops.RelationChangedEvent) -> None:
        if not RECORD["ready_event"]:
            self._snapshot()


def run_one(case: dict[str, Any]) -> dict[str, Any]:
    check_keys(case, CASE_KEYS, {"provider_app_data"})
    RECORD.clear()
    RECORD["ready_event"] = False
    relation = testing.Relation(
        endpoint=ENDPOINT,
        interface=INTERFACE,
        remote_app_name=string_field(case, "remote_app_name", "gateway-api-integrator")
        or "gateway-api-integrator",
        remote_app_data=databag(case["provider_app_data"], "provider_app_data"),
        local_app_data=databag(case.get("requirer_app_data"), "requirer_app_data"),
    )
    state = testing.State(
        leader=optional_bool(case, "leader", True), relations={relation}
    )
    context = testing.Context(IstioRequirerCharm, meta=REQUIRER_META)
    context.run(
        context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data)),
        state,
    )
    return {
        "ready_event": RECORD["ready_event"],
        "external_host": RECORD["external_host"],
        "tls_enabled": RECORD["tls_enabled"],
        "is_ready": RECORD["is_ready"],
        "url": RECORD["url"],
    }


if __name__ == "__main__":
    run_cases(SCRIPT, run_one)
