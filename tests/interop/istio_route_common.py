"""Helpers shared by the istio_route_*.py harnesses (the real charmlibs istio-ingress-route).

Every istio harness reads `{"cases": [case, ...]}` on stdin and writes `{"results": [result,
...]}` (one result per case, same order) on stdout, running one Scenario hook per case, so a
test pays the Python start-up once for many cases. A malformed case exits with status 2 (bad
input); an exception from the library or Scenario exits with status 1.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import Any, Callable, Iterator

from interop_common import (
    EXIT_BAD_INPUT,
    EXIT_LIBRARY_ERROR,
    InputError,
    check_keys,
    fail,
    read_input,
    write_output,
)

# The library's module logger: get_config logs why it rejected a config here.
LIBRARY_LOGGER = "charmlibs.interfaces.istio_ingress_route._istio_ingress_route"
ENDPOINT = "istio-ingress-route"
INTERFACE = "istio_ingress_route"


class LogRecorder(logging.Handler):
    """Keeps the library's log records of one hook (error level and above)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def library_errors() -> Iterator[LogRecorder]:
    """Record the library's error logs while the `with` block runs."""
    recorder = LogRecorder()
    logger = logging.getLogger(LIBRARY_LOGGER)
    logger.addHandler(recorder)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)


def string_field(case: dict[str, Any], key: str, default: str) -> str:
    """`case[key]` as a string (empty allowed)."""
    value = case.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{key} must be a string")
    return value


def run_cases(script: str, run_one: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Read `{"cases": [...]}`, run each case, print `{"results": [...]}`."""
    spec = read_input(script)
    try:
        check_keys(spec, {"cases"}, {"cases"})
        cases = spec["cases"]
        if not isinstance(cases, list) or not all(isinstance(c, dict) for c in cases):
            raise InputError("cases must be a list of objects")
    except InputError as e:
        fail(script, EXIT_BAD_INPUT, str(e))
    results = []
    for index, case in enumerate(cases):
        try:
            results.append(run_one(case))
        except InputError as e:
            fail(script, EXIT_BAD_INPUT, f"cases[{index}]: {e}")
        except Exception as e:  # Scenario wraps whatever the charm or library raised
            cause = e.__cause__ or e
            fail(
                script,
                EXIT_LIBRARY_ERROR,
                f"cases[{index}]: the hook failed: {type(cause).__name__}: {cause}",
            )
    write_output({"results": results})
    sys.exit(0)
