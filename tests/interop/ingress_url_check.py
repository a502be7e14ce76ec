"""Reads ingress provider databags as the ingress v2 requirer does, with the real pydantic.

The ingress v2 library (charms.traefik_k8s.v2.ingress) is a Charmhub library, not a PyPI
package, so it cannot be installed here. Its requirer reads the provider's `ingress` key with
`json.loads` and validates it against a pydantic model whose one field is `url: AnyHttpUrl`
(interfaces.md §1.2); on dump pydantic normalises the URL. This harness applies exactly that
validation with the pydantic version pinned in .ci/python-requirements-tls.txt and reports, per
bag, whether it is accepted and whether pydantic's normalisation leaves it unchanged (the
library would then write the same bytes).

stdin:  {"bags": [{"ingress": "<JSON text>"}, ...]}
stdout: {"results": [{"accepted": bool, "url": str|null, "normalised": str|null,
                       "unchanged": bool, "error": str|null}, ...]}
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pydantic

from interop_common import (
    EXIT_BAD_INPUT,
    InputError,
    check_keys,
    databag,
    fail,
    quiet_libraries,
    read_input,
    write_output,
)

SCRIPT = "ingress_url_check.py"


class IngressUrl(pydantic.BaseModel):
    """The `ingress` value: `{"url": AnyHttpUrl}`."""

    url: pydantic.AnyHttpUrl


def check(bag: dict[str, str]) -> dict[str, Any]:
    raw = bag.get("ingress")
    if raw is None:
        return {"accepted": False, "url": None, "normalised": None, "unchanged": False,
                "error": "no ingress key"}
    try:
        value = json.loads(raw)
        model = IngressUrl.model_validate(value)
    except (json.JSONDecodeError, pydantic.ValidationError) as e:
        return {"accepted": False, "url": None, "normalised": None, "unchanged": False,
                "error": str(e)}
    normalised = str(model.url)
    url = value["url"]
    return {"accepted": True, "url": url, "normalised": normalised,
            "unchanged": normalised == url, "error": None}


def main() -> None:
    quiet_libraries()
    request = read_input(SCRIPT)
    try:
        check_keys(request, {"bags"}, {"bags"})
        if not isinstance(request["bags"], list):
            raise InputError("bags must be a list")
        bags = [databag(bag, f"bags[{i}]") for i, bag in enumerate(request["bags"])]
    except InputError as e:
        fail(SCRIPT, EXIT_BAD_INPUT, str(e))
    write_output({"results": [check(bag) for bag in bags]})


if __name__ == "__main__":
    main()
    sys.exit(0)
