"""Property-based fuzzing of the HTTP API from its own OpenAPI document (schemathesis), against a real
uvicorn server over the real seed index: valid and invalid requests for every operation, with every
schemathesis check — no server error, only documented status codes, responses matching their schemas,
invalid data refused, valid data accepted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from qa.config import Settings
from tests.helpers_server import LiveServer
from web.app import create_app

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 50  # per operation


@pytest.fixture(scope="module")
def live_url(seed_index_dir: Path, assistant: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Writes (upload, delete) need a token the fuzzer does not have (401, documented): a fuzzed upload must
    # not rebuild the seed index the other tests share.
    settings = Settings(index_dir=seed_index_dir, upload_dir=tmp_path_factory.mktemp("uploads"), admin_token="fuzz")
    with LiveServer(create_app(settings, assistant=assistant)) as url:
        yield url


# The document the server publishes: FastAPI builds it from the routes alone (no index needed), so it is
# read here, at collection, and the cases it yields are sent to the live server. (schemathesis' lazy
# `from_fixture` loader does not work with this pytest.)
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_the_api_holds_to_its_openapi_document(case: Any, live_url: str) -> None:
    case.call_and_validate(base_url=live_url)


def test_every_error_a_route_can_answer_is_documented(live_url: str) -> None:
    spec = httpx.get(f"{live_url}/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"200", "503"} <= codes, (method, path, codes)  # no index loaded: 503, everywhere
            assert "413" in codes, (method, path, codes)  # the body limit applies to every route
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path, codes)
