#!/usr/bin/env python3
"""Run the REAL charmlibs `IstioIngressRouteProvider` (istio-ingress-k8s's side) on a requirer bag.

Per case, a tiny provider charm (defined below) runs one `istio-ingress-route-relation-changed`
hook under `ops.testing` (Scenario), leader by default, with the given requirer app databag on
the remote side. The library handles the hook as in production: when the remote app bag has a
`config` key it calls `update_ingress_address()` (writing `external_host` and `tls_enabled`,
from the constructor arguments, into the local app bag) and emits `ready`. The charm then
calls `get_config(relation)`, and with `wipe` it calls `wipe_ingress_data(relation)` in its
`ready` handler. The result says what the library parsed (re-serialised with
`model_dump_json()`, i.e. what a requirer using the library would have written for the same
config), why it refused (the message it logs) and what it left in the provider bag.

Usage: .venv/bin/python tests/interop/istio_route_provider_check.py < input.json > output.json
"""

from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from interop_common import check_keys, databag, optional_bool, quiet_libraries  # noqa: E402
from istio_route_common import (  # noqa: E402
    ENDPOINT,
    INTERFACE,
    library_errors,
    run_cases,
    string_field,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.istio_ingress_route import IstioIngressRouteProvider  # noqa: E402
from ops import testing  # noqa: E402

SCRIPT = "istio_route_provider_check.py"
PROVIDER_META = {
    "name": "gateway-api-integrator",
    "provides": {ENDPOINT: {"interface": INTERFACE}},
}
CASE_KEYS = {
    "requirer_app_data",
    "provider_app_data",
    "external_host",
    "tls_enabled",
    "wipe",
    "leader",
    "remote_app_name",
}

# Scenario instantiates the charm class itself, so each case reaches it through module state.
SETTINGS: dict[str, Any] = {}
RECORD: dict[str, Any] = {}


class IstioProviderCharm(ops.CharmBase):
    """Minimal istio-ingress-route provider recording what the library hands it."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        # Registered first, so the library handles relation-changed before our observer.
        self.route = IstioIngressRouteProvider(
            self,
            relation_name=ENDPOINT,
            external_host=SETTINGS["external_host"],
            tls_enabled=SETTINGS["tls_enabled"],
        )
        framework.observe(self.route.on.ready, self._on_ready)
        framework.observe(self.on[ENDPOINT].relation_changed, self._on_relation_changed)

    def _on_ready(self, event: ops.RelationEvent) -> None:
        RECORD["ready"] = True
        if SETTINGS["wipe"]:
            self.route.wipe_ingress_data(event.relation)

    def _on_relation_changed(self, event: ops.RelationChangedEvent) -> None:
        RECORD["is_ready"] = self.route.is_ready(event.relation)
        config = self.route.get_config(event.relation)
        RECORD["config"] = None if config is None else config.model_dump_json()


def run_one(case: dict[str, Any]) -> dict[str, Any]:
    check_keys(case, CASE_KEYS, {"requirer_app_data"})
    SETTINGS.update(
        external_host=string_field(case, "external_host", ""),
        tls_enabled=optional_bool(case, "tls_enabled", False),
        wipe=optional_bool(case, "wipe", False),
    )
    RECORD.clear()
    RECORD.update(ready=False, is_ready=False, config=None)
    relation = testing.Relation(
        endpoint=ENDPOINT,
        interface=INTERFACE,
        remote_app_name=string_field(case, "remote_app_name", "myapp") or "myapp",
        remote_app_data=databag(case["requirer_app_data"], "requirer_app_data"),
        local_app_data=databag(case.get("provider_app_data"), "provider_app_data"),
    )
    state = testing.State(
        leader=optional_bool(case, "leader", True), relations={relation}
    )
    context = testing.Context(IstioProviderCharm, meta=PROVIDER_META)
    with library_errors() as errors:
        state_out = context.run(
            context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data)),
            state,
        )
    return {
        "ready_event": RECORD["ready"],
        "is_ready": RECORD["is_ready"],
        "config": RECORD["config"],
        "config_error": errors.messages[0] if errors.messages else None,
        "provider_app_data": dict(state_out.get_relation(relation.id).local_app_data),
    }


if __name__ == "__main__":
    run_cases(SCRIPT, run_one)
