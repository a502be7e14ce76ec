#!/usr/bin/env python3
"""Ask the REAL charmlibs `TLSCertificatesRequiresV4` (APP mode) which certificates it accepts.

A tiny requirer charm (defined below) runs one `certificates-relation-changed` hook under
`ops.testing` (Scenario): our requirer app databag on the local side, a provider app databag
on the remote side, and the given private key in the app-owned key secret under the label the
library uses (`<LIBID>-private-key-app-certificates`). The library reconciles as in production
(it drops CSRs that match neither a configured request nor the key, and re-requests missing
ones), stores accepted certificates in secrets and emits `certificate_available` /
`certificate_denied`. Afterwards the charm calls `get_assigned_certificates()`. The result says
which certificates were accepted, which events fired, which secrets exist, and whether the
library rewrote our databag. See README.md in this directory for the JSON contract.

Usage: .venv/bin/python tests/interop/tls_requirer_check.py < input.json > output.json
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from interop_common import (  # noqa: E402
    EXIT_BAD_INPUT,
    EXIT_LIBRARY_ERROR,
    InputError,
    check_keys,
    databag,
    fail,
    optional_str,
    quiet_libraries,
    read_input,
    write_output,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.tls_certificates import (  # noqa: E402
    CertificateAvailableEvent,
    CertificateDeniedEvent,
    CertificateRequestAttributes,
    CertificateSigningRequest,
    Mode,
    PrivateKey,
    ProviderCertificate,
    TLSCertificatesError,
    TLSCertificatesRequiresV4,
)
from charmlibs.interfaces.tls_certificates._tls_certificates import LIBID  # noqa: E402
from ops import testing  # noqa: E402

SCRIPT = "tls_requirer_check.py"
ENDPOINT = "certificates"
REQUIRER_META = {
    "name": "gateway-api-integrator",
    "requires": {ENDPOINT: {"interface": "tls-certificates", "limit": 1}},
}
PRIVATE_KEY_LABEL = f"{LIBID}-private-key-app-{ENDPOINT}"
INPUT_KEYS = {
    "requirer_app_data",
    "provider_app_data",
    "private_key_pem",
    "certificate_requests",
    "remote_app_name",
}
ATTRIBUTE_KEYS = {
    "common_name",
    "sans_dns",
    "sans_ip",
    "sans_oid",
    "email_address",
    "organization",
    "organizational_unit",
    "country_name",
    "state_or_province_name",
    "locality_name",
    "is_ca",
    "add_unique_id_to_subject_name",
}


@dataclasses.dataclass
class HookRecord:
    """What the requirer charm saw during the hook."""

    events: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    accepted: list[dict[str, Any]] = dataclasses.field(default_factory=list)


# Scenario instantiates the charm class itself, so the requests reach it through module state.
CERTIFICATE_REQUESTS: list[CertificateRequestAttributes] = []
RECORD = HookRecord()


def provider_certificate_json(certificate: ProviderCertificate) -> dict[str, Any]:
    """The parts of a provider certificate a test compares (PEMs stripped).

    `get_assigned_certificates()` does not filter out revoked entries, hence `revoked`.
    """
    return {
        "certificate_signing_request": str(certificate.certificate_signing_request),
        "certificate": str(certificate.certificate),
        "ca": str(certificate.ca),
        "chain": [str(c) for c in certificate.chain],
        "revoked": bool(certificate.revoked),
    }


class TlsRequirerCharm(ops.CharmBase):
    """Minimal APP-mode tls-certificates requirer that records what the library accepts."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        # Registered first, so the library's own reconciliation runs before our handler.
        self.certificates = TLSCertificatesRequiresV4(
            self, ENDPOINT, certificate_requests=CERTIFICATE_REQUESTS, mode=Mode.APP
        )
        framework.observe(self.certificates.on.certificate_available, self._on_available)
        framework.observe(self.certificates.on.certificate_denied, self._on_denied)
        framework.observe(self.on[ENDPOINT].relation_changed, self._on_relation_changed)

    def _on_available(self, event: CertificateAvailableEvent) -> None:
        RECORD.events.append(
            {
                "event": "certificate_available",
                "certificate_signing_request": str(event.certificate_signing_request),
            }
        )

    def _on_denied(self, event: CertificateDeniedEvent) -> None:
        RECORD.events.append(
            {
                "event": "certificate_denied",
                "certificate_signing_request": str(event.certificate_signing_request),
                "error": event.error.model_dump(exclude_none=True),
            }
        )

    def _on_relation_changed(self, _: ops.RelationChangedEvent) -> None:
        certificates, _key = self.certificates.get_assigned_certificates()
        RECORD.accepted = [provider_certificate_json(c) for c in certificates]


def attributes_from_spec(item: Any) -> CertificateRequestAttributes:
    """Build one `CertificateRequestAttributes` from its JSON form."""
    if not isinstance(item, dict):
        raise InputError("each certificate_requests entry must be an object")
    check_keys(item, ATTRIBUTE_KEYS)
    try:
        return CertificateRequestAttributes(**item)
    except (TypeError, ValueError) as e:
        raise InputError(f"certificate_requests entry {item}: {e}") from e


def attributes_from_bag(bag: dict[str, str]) -> list[CertificateRequestAttributes]:
    """Derive the requests from the CSRs in our bag, as the charm that wrote them would have."""
    try:
        entries = json.loads(bag.get("certificate_signing_requests", "[]"))
        return [
            CertificateRequestAttributes.from_csr(
                CertificateSigningRequest.from_string(entry["certificate_signing_request"]),
                bool(entry.get("ca")),
            )
            for entry in entries
        ]
    except (ValueError, KeyError, TypeError, TLSCertificatesError) as e:
        raise InputError(
            "cannot derive certificate_requests from requirer_app_data "
            f"(give them explicitly): {type(e).__name__}: {e}"
        ) from e


def build_state(spec: dict[str, Any]) -> tuple[testing.State, testing.Relation]:
    """Validate the input, set the charm's requests and return the Scenario state."""
    global CERTIFICATE_REQUESTS
    check_keys(
        spec, INPUT_KEYS, required={"requirer_app_data", "provider_app_data", "private_key_pem"}
    )
    requirer_bag = databag(spec["requirer_app_data"], "requirer_app_data")
    key_pem = optional_str(spec, "private_key_pem")
    assert key_pem is not None
    try:
        if not PrivateKey.from_string(key_pem).is_valid():
            raise InputError("private_key_pem is not a valid private key")
    except (TLSCertificatesError, ValueError) as e:
        raise InputError(f"private_key_pem: {e}") from e
    requests = spec.get("certificate_requests")
    if requests is None:
        CERTIFICATE_REQUESTS = attributes_from_bag(requirer_bag)
    elif isinstance(requests, list):
        CERTIFICATE_REQUESTS = [attributes_from_spec(item) for item in requests]
    else:
        raise InputError("certificate_requests must be a list of objects")
    relation = testing.Relation(
        endpoint=ENDPOINT,
        interface="tls-certificates",
        remote_app_name=optional_str(spec, "remote_app_name") or "tls-provider",
        remote_app_data=databag(spec["provider_app_data"], "provider_app_data"),
        local_app_data=requirer_bag,
    )
    key_secret = testing.Secret(
        tracked_content={"private-key": key_pem}, label=PRIVATE_KEY_LABEL, owner="app"
    )
    return testing.State(leader=True, relations={relation}, secrets={key_secret}), relation


def main() -> None:
    spec = read_input(SCRIPT)
    try:
        state, relation = build_state(spec)
    except InputError as e:
        fail(SCRIPT, EXIT_BAD_INPUT, str(e))
    context = testing.Context(TlsRequirerCharm, meta=REQUIRER_META)
    try:
        state_out = context.run(
            context.on.relation_changed(relation, remote_unit=min(relation.remote_units_data)),
            state,
        )
    except Exception as e:  # Scenario wraps whatever the charm or library raised
        cause = e.__cause__ or e
        fail(
            SCRIPT,
            EXIT_LIBRARY_ERROR,
            f"the requirer hook failed: {type(cause).__name__}: {cause}",
        )
    bag_out = dict(state_out.get_relation(relation.id).local_app_data)
    write_output(
        {
            "accepted": RECORD.accepted,
            "events": RECORD.events,
            "requirer_app_data": bag_out,
            "requirer_app_data_changed": bag_out != dict(relation.local_app_data),
            # Labels, owners, keys and expiry only: secret contents (the private key) stay out.
            "secrets": sorted(
                (
                    {
                        "label": secret.label,
                        "owner": secret.owner,
                        "keys": sorted(secret.tracked_content),
                        "expire": secret.expire.isoformat() if secret.expire else None,
                    }
                    for secret in state_out.secrets
                ),
                key=lambda s: s["label"] or "",
            ),
        }
    )


if __name__ == "__main__":
    main()
