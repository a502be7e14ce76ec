#!/usr/bin/env python3
"""Let the REAL charmlibs `IstioIngressRouteRequirer` write a config, to feed our provider.

Per case, the `config` description (a JSON object with the fields of the library's
`IstioIngressRouteConfig`, e.g. `{"model": "m", "listeners": [{"port": 80, "protocol":
"HTTP"}], "http_routes": [...]}`) is built into the library's models with
`IstioIngressRouteConfig.model_validate` — what a charm's constructor calls amount to — and a
tiny leader requirer charm calls `submit_config(config)` during one
`istio-ingress-route-relation-changed` hook under `ops.testing` (Scenario). The result is the
requirer app databag exactly as the library wrote it, or the library's validation error when
the description is refused (no bag is written then).

Usage: .venv/bin/python tests/interop/istio_route_requirer_emit.py < input.json > output.json
"""

from __future__ import annotations

import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from interop_common import InputError, check_keys, quiet_libraries  # noqa: E402
from istio_route_common import ENDPOINT, INTERFACE, run_cases  # noqa: E402

quiet_libraries()

import ops  # noqa: E402
import pydantic  # noqa: E402
from charmlibs.interfaces.istio_ingress_route import (  # noqa: E402
    IstioIngressRouteConfig,
    IstioIngressRouteRequirer,
)
from ops import testing  # noqa: E402

SCRIPT = "istio_route_requirer_emit.py"
REQUIRER_META = {
    "name": "myapp",
    "requires": {ENDPOINT: {"interface": INTERFACE, "limit": 1}},
}
CASE_KEYS = {"config"}

CONFIG: list[IstioIngressRouteConfig] = []


class IstioEmitCharm(ops.CharmBase):
    """Minimal leader requirer that submits the case's config."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self.route = IstioIngressRouteRequirer(self, relation_name=ENDPOINT)
        framework.observe(self.on[ENDPOINT].relation_changed, self._on_relation_changed)

    def _on_relation_changed(self, _: ops.RelationChangedEvent) -> None:
        self.route.submit_config(CONFIG[0])


def run_one(case: dict[str, Any]) -> dict[str, Any]:
    check_keys(case, CASE_KEYS, CASE_KEYS)
    if not isinstance(case["config"], dict):
        raise InputError("config must be an object")
    try:
        config = IstioIngressRouteConfig.model_validate(case["config"])
    except pydantic.ValidationError as e:
        return {"requirer_app_data": None, "error": str(e)}
    CONFIG[:] = [config]
    relation = testing.Relation(endpoint=ENDPOINT, interface=INTERFACE)
    context = testing.Context(IstioEmitCharm, meta=REQUIRER_META)
    state_out = context.run(
        context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data)),
        testing.State(leader=True, relations={relation}),
    )
    bag = dict(state_out.get_relation(relation.id).local_app_data)
    return {"requirer_app_data": bag, "error": None}


if __name__ == "__main__":
    run_cases(SCRIPT, run_one)
