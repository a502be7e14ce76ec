#!/usr/bin/env python3
"""Run the REAL charmlibs `TLSCertificatesProvidesV4` against a requirer's relation data.

A tiny provider charm (defined below) runs one `certificates-relation-changed` hook under
`ops.testing` (Scenario) with the given requirer databags on the remote side. The library
first reconciles its own bag (drops certificates whose CSR disappeared); the charm then lists
`get_outstanding_certificate_requests()`, signs each with the library's `generate_certificate`
(or denies each with `set_relation_error`), publishes them with `set_relation_certificate`
and, if asked, calls `revoke_all_certificates()`. The provider app databag as the library wrote
it is printed. See README.md in this directory for the JSON contract.

Usage: .venv/bin/python tests/interop/tls_provider.py < input.json > output.json
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import timedelta
from typing import Any

sys.dont_write_bytecode = True  # keep tests/interop free of __pycache__

from interop_common import (  # noqa: E402
    EXIT_BAD_INPUT,
    EXIT_LIBRARY_ERROR,
    InputError,
    check_keys,
    databag,
    fail,
    optional_bool,
    optional_str,
    positive_int,
    quiet_libraries,
    read_input,
    units_databags,
    write_output,
)

quiet_libraries()

import ops  # noqa: E402
from charmlibs.interfaces.tls_certificates import (  # noqa: E402
    Certificate,
    CertificateError,
    CertificateRequestErrorCode,
    PrivateKey,
    ProviderCapabilities,
    ProviderCertificate,
    ProviderCertificateError,
    TLSCertificatesError,
    TLSCertificatesProvidesV4,
    generate_ca,
    generate_certificate,
    generate_private_key,
)
from ops import testing  # noqa: E402

SCRIPT = "tls_provider.py"
ENDPOINT = "certificates"
PROVIDER_META = {
    "name": "tls-provider",
    "provides": {ENDPOINT: {"interface": "tls-certificates"}},
}
INPUT_KEYS = {
    "requirer_app_data",
    "requirer_units_data",
    "remote_app_name",
    "provider_app_data",
    "ca_cert_pem",
    "ca_key_pem",
    "validity_days",
    "revoke",
    "deny_code",
    "capabilities",
}


@dataclasses.dataclass
class IssuePlan:
    """What the provider charm does with each outstanding request in its hook."""

    ca: Certificate
    ca_key: PrivateKey
    validity: timedelta
    revoke: bool
    deny_code: CertificateRequestErrorCode | None
    capabilities: ProviderCapabilities | None


@dataclasses.dataclass
class HookRecord:
    """What the provider charm saw during the hook."""

    outstanding: list[str] = dataclasses.field(default_factory=list)


# Scenario instantiates the charm class itself, so the plan reaches it through module state.
PLAN: IssuePlan | None = None
RECORD = HookRecord()


class TlsProviderCharm(ops.CharmBase):
    """Minimal tls-certificates provider: signs (or denies) every outstanding request."""

    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        assert PLAN is not None
        # Registered first, so the library's own reconciliation runs before our handler.
        self.certificates = TLSCertificatesProvidesV4(
            self, ENDPOINT, provider_capabilities=PLAN.capabilities
        )
        framework.observe(self.on[ENDPOINT].relation_changed, self._on_relation_changed)

    def _on_relation_changed(self, _: ops.RelationChangedEvent) -> None:
        assert PLAN is not None
        outstanding = self.certificates.get_outstanding_certificate_requests()
        RECORD.outstanding = [str(request.certificate_signing_request) for request in outstanding]
        for request in outstanding:
            if PLAN.deny_code is not None:
                self.certificates.set_relation_error(
                    ProviderCertificateError(
                        relation_id=request.relation_id,
                        certificate_signing_request=request.certificate_signing_request,
                        error=CertificateError(
                            code=PLAN.deny_code.value,
                            name=PLAN.deny_code.name,
                            message=f"denied ({PLAN.deny_code.name})",
                        ),
                    )
                )
                continue
            certificate = generate_certificate(
                csr=request.certificate_signing_request,
                ca=PLAN.ca,
                ca_private_key=PLAN.ca_key,
                validity=PLAN.validity,
                is_ca=request.is_ca,
            )
            self.certificates.set_relation_certificate(
                ProviderCertificate(
                    relation_id=request.relation_id,
                    certificate=certificate,
                    certificate_signing_request=request.certificate_signing_request,
                    ca=PLAN.ca,
                    chain=[certificate, PLAN.ca],
                )
            )
        if PLAN.revoke:
            self.certificates.revoke_all_certificates()


def load_ca(spec: dict[str, Any], validity: timedelta) -> tuple[Certificate, PrivateKey, bool]:
    """Return (CA certificate, CA key, generated?) from the input, generating a CA if none."""
    cert_pem = optional_str(spec, "ca_cert_pem")
    key_pem = optional_str(spec, "ca_key_pem")
    if (cert_pem is None) != (key_pem is None):
        raise InputError("give both ca_cert_pem and ca_key_pem, or neither")
    if cert_pem is None or key_pem is None:
        key = generate_private_key()
        return generate_ca(private_key=key, validity=validity, common_name="interop-ca"), key, True
    try:
        ca = Certificate.from_string(cert_pem)
        key = PrivateKey.from_string(key_pem)
    except (TLSCertificatesError, ValueError) as e:
        raise InputError(f"cannot parse the CA certificate or key: {e}") from e
    if not ca.matches_private_key(key):
        raise InputError("ca_key_pem is not the private key of ca_cert_pem")
    if not ca.is_ca:
        raise InputError("ca_cert_pem is not a CA certificate (BasicConstraints ca=false)")
    return ca, key, False


def deny_code(spec: dict[str, Any]) -> CertificateRequestErrorCode | None:
    """Parse the optional `deny_code` (101, 102, 103, 201 or 999)."""
    code = spec.get("deny_code")
    if code is None:
        return None
    try:
        return CertificateRequestErrorCode(code)
    except ValueError as e:
        allowed = [c.value for c in CertificateRequestErrorCode]
        raise InputError(f"deny_code must be one of {allowed}") from e


def capabilities(spec: dict[str, Any]) -> ProviderCapabilities | None:
    """Parse the optional `capabilities` object with the library's own model."""
    value = spec.get("capabilities")
    if value is None:
        return None
    try:
        return ProviderCapabilities.model_validate(value)
    except ValueError as e:
        raise InputError(f"capabilities: {e}") from e


def build_plan(spec: dict[str, Any]) -> tuple[IssuePlan, testing.Relation, bool]:
    """Validate the input and return the issue plan, the relation and whether a CA was made."""
    check_keys(spec, INPUT_KEYS, required={"requirer_app_data"})
    validity = timedelta(days=positive_int(spec, "validity_days", 365))
    ca, ca_key, generated = load_ca(spec, validity)
    plan = IssuePlan(
        ca=ca,
        ca_key=ca_key,
        validity=validity,
        revoke=optional_bool(spec, "revoke", False),
        deny_code=deny_code(spec),
        capabilities=capabilities(spec),
    )
    # Scenario needs at least one remote unit; unit 0 with an empty bag stands in for it.
    units = units_databags(spec.get("requirer_units_data"), "requirer_units_data") or {0: {}}
    relation = testing.Relation(
        endpoint=ENDPOINT,
        interface="tls-certificates",
        remote_app_name=optional_str(spec, "remote_app_name") or "gateway-api-integrator",
        remote_app_data=databag(spec["requirer_app_data"], "requirer_app_data"),
        remote_units_data=units,
        local_app_data=databag(spec.get("provider_app_data"), "provider_app_data"),
    )
    return plan, relation, generated


def main() -> None:
    global PLAN
    spec = read_input(SCRIPT)
    try:
        PLAN, relation, generated = build_plan(spec)
    except InputError as e:
        fail(SCRIPT, EXIT_BAD_INPUT, str(e))
    context = testing.Context(TlsProviderCharm, meta=PROVIDER_META)
    state = testing.State(leader=True, relations={relation})
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
            f"the provider hook failed: {type(cause).__name__}: {cause}",
        )
    write_output(
        {
            "outstanding": RECORD.outstanding,
            "provider_app_data": dict(state_out.get_relation(relation.id).local_app_data),
            "ca_cert_pem": str(PLAN.ca),
            "ca_generated": generated,
        }
    )


if __name__ == "__main__":
    main()
