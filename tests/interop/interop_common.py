"""Input/output helpers shared by the interop harness scripts in this directory.

Each harness reads one JSON object on stdin and writes one JSON object on stdout; anything a
human should read goes to stderr. Bad input exits with status 2, a failure inside the real
library (or Scenario) exits with status 1.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import warnings
from typing import Any, Callable, Iterator, NoReturn

EXIT_LIBRARY_ERROR = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """The stdin JSON does not follow the harness's contract."""


def quiet_libraries() -> None:
    """Send library logging to stderr (warnings and above) and hide deprecation noise."""
    # ops/Scenario lower the root logger to DEBUG, so filter on the handler, not the logger.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def fail(script: str, code: int, message: str) -> NoReturn:
    """Print `script: message` to stderr and exit with `code`."""
    print(f"{script}: {message}", file=sys.stderr)
    sys.exit(code)


def read_input(script: str) -> dict[str, Any]:
    """Read and parse the JSON object on stdin, exiting with status 2 if it is not one."""
    raw = sys.stdin.read()
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        fail(script, EXIT_BAD_INPUT, f"stdin is not JSON: {e}")
    if not isinstance(value, dict):
        fail(script, EXIT_BAD_INPUT, "stdin must be a JSON object")
    return value


def write_output(value: dict[str, Any]) -> None:
    """Write the result object as indented JSON on stdout."""
    json.dump(value, sys.stdout, indent=2)
    sys.stdout.write("\n")


def check_keys(value: dict[str, Any], allowed: set[str], required: set[str] = frozenset()) -> None:
    """Reject unknown keys (catches typos) and missing required keys."""
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InputError(f"unknown key(s) {unknown}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(value))
    if missing:
        raise InputError(f"missing key(s) {missing}")


def databag(value: Any, what: str) -> dict[str, str]:
    """Validate a Juju databag: an object whose keys and values are all strings."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise InputError(f"{what} must be an object of string keys to string values")
    return dict(value)


def units_databags(value: Any, what: str) -> dict[int, dict[str, str]]:
    """Validate `{unit: databag}` where a unit is `N` or `app/N`; returns unit number → bag."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{what} must be an object mapping unit ('0' or 'app/0') to a databag")
    bags: dict[int, dict[str, str]] = {}
    for unit, bag in value.items():
        number = str(unit).rsplit("/", 1)[-1]
        if not number.isdigit():
            raise InputError(f"{what}: unit key {unit!r} is neither 'N' nor 'app/N'")
        bags[int(number)] = databag(bag, f"{what}[{unit!r}]")
    return bags


def optional_str(value: dict[str, Any], key: str) -> str | None:
    """Return `value[key]` if it is a non-empty string, None if absent or null."""
    item = value.get(key)
    if item is None:
        return None
    if not isinstance(item, str) or not item:
        raise InputError(f"{key} must be a non-empty string")
    return item


def optional_bool(value: dict[str, Any], key: str, default: bool) -> bool:
    """Return `value[key]` as a strict bool (no truthy strings)."""
    item = value.get(key, default)
    if not isinstance(item, bool):
        raise InputError(f"{key} must be true or false")
    return item


def positive_int(value: dict[str, Any], key: str, default: int) -> int:
    """Return `value[key]` as a positive integer."""
    item = value.get(key, default)
    if isinstance(item, bool) or not isinstance(item, int) or item <= 0:
        raise InputError(f"{key} must be a positive integer")
    return item


def string_field(case: dict[str, Any], key: str, default: str) -> str:
    """`case[key]` as a string (empty allowed)."""
    value = case.get(key, default)
    if not isinstance(value, str):
        raise InputError(f"{key} must be a string")
    return value


class LogRecorder(logging.Handler):
    """Keeps a library's log records of one hook (error level and above)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def library_errors(logger_name: str) -> Iterator[LogRecorder]:
    """Record the error logs of logger `logger_name` while the `with` block runs."""
    recorder = LogRecorder()
    logger = logging.getLogger(logger_name)
    logger.addHandler(recorder)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)


def run_cases(script: str, run_one: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """The batch loop: read `{"cases": [...]}`, run each case, print `{"results": [...]}`.

    A malformed case (InputError) exits with status 2 naming its index; an exception from the
    library or Scenario exits with status 1.
    """
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
