"""The OpenAPI document as 3.0, which the bundled Swagger UI can render.

FastAPI writes OpenAPI 3.1 (JSON Schema 2020-12: `anyOf` with `{"type": "null"}`, `examples` lists,
`const`, numeric `exclusiveMinimum`, `contentMediaType` for uploads). Swagger UI 4.15 — the newest in
swagger-ui-bundle, the only packaged copy we can serve offline — refuses 3.1 ("Unable to render this
definition"). The schema is rewritten into its 3.0.3 equivalents; nothing is lost that a client needs.
"""

from __future__ import annotations

from typing import Any

OPENAPI_VERSION = "3.0.3"


_DATA = frozenset({"example", "examples", "default", "enum", "const"})  # values, not schemas: kept as they are


def _schema_30(schema: Any) -> Any:
    """One JSON Schema (and everything inside it) in OpenAPI 3.0's dialect."""
    if isinstance(schema, list):
        return [_schema_30(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {
        key: _schema_30(value) if key not in ("example", "default", "enum") else value for key, value in schema.items()
    }
    for key in ("anyOf", "oneOf"):
        options = out.get(key)
        if isinstance(options, list) and any(o == {"type": "null"} for o in options):
            rest = [o for o in options if o != {"type": "null"}]
            del out[key]
            if len(rest) == 1 and "$ref" not in rest[0]:
                out = {**rest[0], **out}
            elif len(rest) == 1:
                out["allOf"] = rest  # a $ref cannot carry siblings in 3.0
            else:
                out[key] = rest
            out["nullable"] = True
    if isinstance(out.get("type"), list):  # ["string", "null"]
        types = [t for t in out["type"] if t != "null"]
        out["nullable"] = out.get("nullable", False) or len(types) < len(out["type"])
        out["type"] = types[0] if len(types) == 1 else types
    if isinstance(out.get("examples"), list):
        examples = out.pop("examples")
        if examples:
            out.setdefault("example", examples[0])
    if "const" in out:
        out["enum"] = [out.pop("const")]
    for key, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(out.get(key), int | float) and not isinstance(out.get(key), bool):
            out[bound] = out[key]
            out[key] = True
    if "contentMediaType" in out:  # an uploaded file
        out.pop("contentMediaType")
        out["format"] = "binary"
    out.pop("$schema", None)
    return out


def _walk(node: Any) -> Any:
    """The OpenAPI document outside schemas: every `schema` value and components.schemas converted."""
    if isinstance(node, list):
        return [_walk(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "schema":
            out[key] = _schema_30(value)
        elif key == "schemas" and isinstance(value, dict):
            out[key] = {name: _schema_30(s) for name, s in value.items()}
        else:
            out[key] = _walk(value)
    return out


def openapi_30(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` (OpenAPI 3.1 from FastAPI) as OpenAPI 3.0.3; the input is not changed."""
    out = _walk(spec)
    out["openapi"] = OPENAPI_VERSION
    info = out.get("info", {})
    if "summary" in info:  # info.summary is 3.1-only
        summary = info.pop("summary")
        info.setdefault("description", summary)
    return out
