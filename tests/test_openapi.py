"""web/openapi.py: FastAPI's OpenAPI 3.1 rewritten as 3.0.3, which the bundled Swagger UI (4.15) renders.
The browser check that every operation renders is in tests/test_page_session.py."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import FastAPI, File, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from qa.config import Settings
from web.app import create_app
from web.openapi import openapi_30


class Inner(BaseModel):
    name: str


class Sample(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"kind": "a", "score": 1.5, "tags": [{"type": "null"}]}]})

    kind: Literal["a"]
    inner: Inner | None = None
    note: str | None = Field(None, examples=["x"])
    score: float = Field(gt=0, lt=10)
    tags: list[str] | int | None = None


def sample_app() -> FastAPI:
    app = FastAPI(title="sample", summary="one line")

    @app.post("/upload")
    def upload(files: Annotated[list[UploadFile], File()]) -> Sample:
        raise NotImplementedError

    @app.post("/sample")
    def sample(body: Sample, q: Annotated[str | None, Query()] = None) -> Sample:
        return body

    return app


def nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def schemas_only(spec: dict[str, Any]) -> dict[str, Any]:
    """components.schemas without their examples (data, which may hold anything)."""
    return {
        name: {k: v for k, v in schema.items() if k not in ("example", "examples")}
        for name, schema in spec.get("components", {}).get("schemas", {}).items()
    }


def assert_no_31_only_schema(spec: dict[str, Any]) -> None:
    for node in nodes({k: v for k, v in spec.items() if k != "components"} | {"schemas": schemas_only(spec)}):
        assert node != {"type": "null"}, node
        assert not isinstance(node.get("type"), list), node
        assert "const" not in node and "contentMediaType" not in node and "$schema" not in node, node
        for key in ("exclusiveMinimum", "exclusiveMaximum"):
            assert key not in node or isinstance(node[key], bool), node


def test_a_31_document_becomes_30_without_losing_what_clients_need() -> None:
    original = sample_app().openapi()
    before = json.dumps(original, sort_keys=True)
    spec = openapi_30(original)
    assert json.dumps(original, sort_keys=True) == before  # the input is not changed
    assert spec["openapi"] == "3.0.3" and "summary" not in spec["info"]
    assert_no_31_only_schema(spec)
    sample = spec["components"]["schemas"]["Sample"]
    props = sample["properties"]
    assert props["kind"]["enum"] == ["a"]
    assert props["inner"]["nullable"] is True and props["inner"]["allOf"] == [{"$ref": "#/components/schemas/Inner"}]
    assert props["note"] == {**props["note"], "type": "string", "nullable": True, "example": "x"}
    assert (props["score"]["minimum"], props["score"]["exclusiveMinimum"]) == (0, True)
    assert (props["score"]["maximum"], props["score"]["exclusiveMaximum"]) == (10, True)
    assert props["tags"]["nullable"] is True and len(props["tags"]["anyOf"]) == 2
    assert sample["example"] == {"kind": "a", "score": 1.5, "tags": [{"type": "null"}]}  # data, not rewritten
    upload = next(s for name, s in spec["components"]["schemas"].items() if name.startswith("Body_upload"))
    assert upload["properties"]["files"]["items"] == {"type": "string", "format": "binary"}
    [query] = spec["paths"]["/sample"]["post"]["parameters"]
    assert query["schema"]["nullable"] is True and query["schema"]["type"] == "string"


def test_the_app_serves_its_document_as_30() -> None:
    spec = create_app(Settings()).openapi()
    assert spec["openapi"] == "3.0.3"
    assert_no_31_only_schema(spec)
    history = spec["components"]["schemas"]["AskRequest"]["properties"]["history"]
    assert history["nullable"] is True and history["maxItems"] == 8
