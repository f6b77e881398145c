"""schemathesis against the app's OpenAPI spec: generated requests, valid and invalid, never get a 500,
and responses match the documented status codes, content types and schemas.

Bounded in time: a few examples per operation and mode, no per-example deadline, no shrinking (a failure
reports the first failing request as it is). The whole run takes a few seconds."""

from __future__ import annotations

import os
import sqlite3

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from web_helpers import TOKEN

from kabar.web import create_app

EXAMPLES = int(os.environ.get("KABAR_FUZZ_EXAMPLES", "10"))  # CI stays bounded; raise it locally
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck), database=None)


@pytest.fixture(scope="module")
def api_schema(samples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "k.db"
    with sqlite3.connect(samples_db) as src, sqlite3.connect(db) as dst:  # a copy: generated ingests write
        src.backup(dst)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db), TOKEN))


def _has_query_or_body(operation) -> bool:
    return operation.label.startswith("POST") or any(getattr(p.location, "value", p.location) == "query" for p in operation.iter_parameters())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_spec(api_schema, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not _has_query_or_body(operation):
            # A path segment is a string whatever is generated, so there is nothing invalid to send; the
            # positive run already sends arbitrary ids.
            continue

        @BOUNDED
        @given(case=operation.as_strategy(generation_mode=mode))
        def check(case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

        try:
            check()
        except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as exc:
            raise AssertionError(f"{operation.label} ({mode}): {exc}") from exc
