"""Helpers shared by the certificate_transfer_*.py harnesses (the real charmlibs
certificate-transfer library, `charmlibs.interfaces.certificate_transfer`).

Like the istio harnesses, each reads `{"cases": [case, ...]}` on stdin and writes `{"results":
[result, ...]}` on stdout (the batch loop is `interop_common.run_cases`), one Scenario hook per
case. A malformed case exits with status 2, an exception from the library or Scenario with 1.
"""

from __future__ import annotations

from typing import Any

from interop_common import InputError

# The library's module logger: the requirer and provider log why they ignored a bag here.
LIBRARY_LOGGER = "charmlibs.interfaces.certificate_transfer._certificate_transfer"
INTERFACE = "certificate_transfer"
# The integrator's future requires endpoint, and the usual name of the provides side.
REQUIRER_ENDPOINT = "receive-ca-cert"
PROVIDER_ENDPOINT = "send-ca-cert"


def string_list(value: Any, what: str) -> list[str]:
    """A JSON list of strings (any strings: the library checks nothing more)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f"{what} must be a list of strings")
    return list(value)
