"""Helpers shared by the istio_route_*.py harnesses (the real charmlibs istio-ingress-route).

Every istio harness reads `{"cases": [case, ...]}` on stdin and writes `{"results": [result,
...]}` (one result per case, same order) on stdout, running one Scenario hook per case, so a
test pays the Python start-up once for many cases. A malformed case exits with status 2 (bad
input); an exception from the library or Scenario exits with status 1. The batch loop itself
(`run_cases`) lives in interop_common, shared with the certificate_transfer harnesses.
"""

from __future__ import annotations

from typing import ContextManager

from interop_common import (  # noqa: F401 (re-exported for the istio harnesses)
    LogRecorder,
    library_errors as _library_errors,
    run_cases,
    string_field,
)

# The library's module logger: get_config logs why it rejected a config here.
LIBRARY_LOGGER = "charmlibs.interfaces.istio_ingress_route._istio_ingress_route"
ENDPOINT = "istio-ingress-route"
INTERFACE = "istio_ingress_route"


def library_errors() -> ContextManager[LogRecorder]:
    """Record the library's error logs while the `with` block runs."""
    return _library_errors(LIBRARY_LOGGER)
