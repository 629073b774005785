"""Google's own API schemas, as the Sheets stand-in's referee.

The discovery documents for Sheets v4 and Drive v3 ship inside google-api-python-client (a dev
dependency); they are loaded from the installed package at test time, never copied. Every request
body, query string and response the stand-in sees is checked here, so the stand-in cannot accept
a request or give an answer whose *shape* Google's schemas forbid. Schema-valid is not the same as
accepted: Google also refuses requests for reasons no schema states (a frozen header with no row
below it, a title taken in another letter case, ...); those rules live in the stand-in itself and
are listed in tests/test_sheets_google_rules.py.

The discovery dialect is a small JSON-schema subset: ``type`` (object, array, string, integer,
number, boolean, any), ``format`` (int32, int64 as a decimal *string*, double, ...), ``properties``,
``items``, ``additionalProperties``, ``enum`` and ``$ref``. Google rejects unknown fields in request
bodies, so unknown properties are errors here in both directions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Method:
    id: str
    http_method: str
    path: str
    parameters: dict[str, Any]
    request: str | None
    response: str | None


@dataclass
class Api:
    name: str
    schemas: dict[str, Any]
    global_params: dict[str, Any]
    methods: dict[str, Method]


def _documents_dir() -> Path:
    import googleapiclient

    return Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"


def _walk(resource: dict[str, Any], out: dict[str, Method]) -> None:
    for sub in resource.get("resources", {}).values():
        for m in sub.get("methods", {}).values():
            out[m["id"]] = Method(
                id=m["id"],
                http_method=m["httpMethod"],
                path=m.get("flatPath", m["path"]),
                parameters=m.get("parameters", {}),
                request=(m.get("request") or {}).get("$ref"),
                response=(m.get("response") or {}).get("$ref"),
            )
        _walk(sub, out)


@cache
def load_api(name: str) -> Api:
    """'sheets.v4' or 'drive.v3' from the installed googleapiclient package."""
    doc = json.loads((_documents_dir() / f"{name}.json").read_text(encoding="utf-8"))
    methods: dict[str, Method] = {}
    _walk(doc, methods)
    return Api(name, doc["schemas"], doc["parameters"], methods)


_INT = re.compile(r"^-?\d+$")


def validate(value: Any, schema: dict[str, Any], api: Api, path: str = "$") -> list[str]:
    """All the ways ``value`` breaks ``schema`` (empty list: it conforms)."""
    if "$ref" in schema:
        return validate(value, api.schemas[schema["$ref"]], api, path)
    kind = schema.get("type", "any")
    errors: list[str] = []
    if kind == "any" or value is None:
        return errors  # proto3 JSON: null means "the default", accepted for every field
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        props: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in props:
                errors += validate(item, props[key], api, f"{path}.{key}")
            elif extra is not None:
                errors += validate(item, extra, api, f"{path}[{key!r}]")
            else:
                errors.append(f"{path}: unknown field {key!r}")
        return errors
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: expected array, got {type(value).__name__}"]
        for i, item in enumerate(value):
            errors += validate(item, schema.get("items", {}), api, f"{path}[{i}]")
        return errors
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected string, got {type(value).__name__}"]
        if schema.get("format") in ("int64", "uint64") and not _INT.match(value):
            errors.append(f"{path}: expected an int64 string, got {value!r}")
        if "enum" in schema and value not in schema["enum"]:
            errors.append(f"{path}: {value!r} not one of {schema['enum']}")
        return errors
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return [f"{path}: expected integer, got {value!r}"]
        return errors
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [f"{path}: expected number, got {value!r}"]
        return errors
    if kind == "boolean":
        if not isinstance(value, bool):
            return [f"{path}: expected boolean, got {value!r}"]
        return errors
    return [f"{path}: schema type {kind!r} not understood by the validator"]


def validate_body(method: Method, api: Api, body: Any, *, response: bool) -> list[str]:
    ref = method.response if response else method.request
    if ref is None:
        return [] if body in (None, {}, b"") else [f"{method.id}: takes no body"]
    where = f"{method.id}.{'response' if response else 'request'}"
    return validate(body, {"$ref": ref}, api, where)


def validate_query(method: Method, api: Api, query: dict[str, list[str]]) -> list[str]:
    """Query parameters: known names, repeated only where repeatable, enums respected."""
    errors: list[str] = []
    for name, values in query.items():
        spec = method.parameters.get(name) or api.global_params.get(name)
        if spec is None:
            errors.append(f"{method.id}: unknown query parameter {name!r}")
            continue
        if spec.get("location") == "path":
            errors.append(f"{method.id}: {name!r} belongs in the path")
        if len(values) > 1 and not spec.get("repeated"):
            errors.append(f"{method.id}: {name!r} is not repeatable")
        for v in values:
            if "enum" in spec and v not in spec["enum"]:
                errors.append(f"{method.id}: {name}={v!r} not one of {spec['enum']}")
            if spec.get("type") == "boolean" and v not in ("true", "false", "True", "False"):
                errors.append(f"{method.id}: {name}={v!r} is not a boolean")
    return errors


# --- partial responses: the `fields` mask ------------------------------------------------------


def parse_fields(mask: str) -> dict[str, Any]:
    """'sheets(properties,protectedRanges),namedRanges' -> nested dict; {} means 'everything'."""
    tree: dict[str, Any] = {}
    pos = 0

    def parse_list(into: dict[str, Any]) -> None:
        nonlocal pos
        while pos < len(mask):
            m = re.compile(r"[A-Za-z0-9_*]+(?:/[A-Za-z0-9_*]+)*|\.").match(mask, pos)
            if m is None:
                raise ValueError(f"bad fields mask at {pos}: {mask!r}")
            parts = re.split(r"[/.]", m.group(0))
            pos = m.end()
            while pos < len(mask) and mask[pos] == ".":
                m2 = re.compile(r"[A-Za-z0-9_*]+").match(mask, pos + 1)
                if m2 is None:
                    raise ValueError(f"bad fields mask: {mask!r}")
                parts.append(m2.group(0))
                pos = m2.end()
            node = into
            for part in parts:
                node = node.setdefault(part, {})
            if pos < len(mask) and mask[pos] == "(":
                pos += 1
                parse_list(node)
                if pos >= len(mask) or mask[pos] != ")":
                    raise ValueError(f"unbalanced parentheses in fields mask: {mask!r}")
                pos += 1
            if pos < len(mask) and mask[pos] == ",":
                pos += 1
                continue
            return

    parse_list(tree)
    return tree


def apply_fields(value: Any, tree: dict[str, Any]) -> Any:
    if not tree or "*" in tree:
        return value
    if isinstance(value, list):
        return [apply_fields(v, tree) for v in value]
    if not isinstance(value, dict):
        return value
    return {k: apply_fields(v, tree[k]) for k, v in value.items() if k in tree}
