"""A small JSON Schema validator for the subset the registry's schemas use (kc.pages.registry_schema): type,
const, enum, pattern, minLength, minimum, minItems, required, properties, additionalProperties (false or a
schema), items, anyOf and local $ref to $defs. Anything else in a schema is refused, so that a schema using
more than this validator understands fails loudly instead of passing unchecked."""

from __future__ import annotations

import re
from typing import Any

KNOWN = {"$schema", "$id", "title", "$defs", "$ref", "type", "const", "enum", "pattern", "minLength",
         "minimum", "minItems", "required", "properties", "additionalProperties", "items", "anyOf"}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def errors(instance: Any, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    """Every violation of `schema` by `instance`, as 'path: problem'."""
    root = root or schema
    unknown = set(schema) - KNOWN
    if unknown:
        raise ValueError(f"{path}: schema keywords this validator does not know: {sorted(unknown)}")
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(instance, root["$defs"][name], root, path)
    out: list[str] = []
    if "anyOf" in schema:
        if all(errors(instance, s, root, path) for s in schema["anyOf"]):
            out.append(f"{path}: matches none of anyOf: {instance!r}"[:200])
        return out
    if "type" in schema and not TYPES[schema["type"]](instance):
        return [f"{path}: not of type {schema['type']}: {instance!r}"[:200]]
    if "const" in schema and instance != schema["const"]:
        out.append(f"{path}: is not {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        out.append(f"{path}: {instance!r} is not one of {schema['enum']}")
    if isinstance(instance, str):
        if "pattern" in schema and not re.search(schema["pattern"], instance):
            out.append(f"{path}: {instance!r} does not match {schema['pattern']}")
        if len(instance) < schema.get("minLength", 0):
            out.append(f"{path}: shorter than {schema['minLength']}")
    if "minimum" in schema and isinstance(instance, int) and instance < schema["minimum"]:
        out.append(f"{path}: less than {schema['minimum']}")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            out.append(f"{path}: fewer than {schema['minItems']} items")
        if "items" in schema:
            for i, item in enumerate(instance):
                out += errors(item, schema["items"], root, f"{path}[{i}]")
    if isinstance(instance, dict):
        out += [f"{path}: missing {key!r}" for key in schema.get("required", []) if key not in instance]
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, value in instance.items():
            if key in props:
                out += errors(value, props[key], root, f"{path}.{key}")
            elif extra is False:
                out.append(f"{path}: unexpected property {key!r}")
            elif isinstance(extra, dict):
                out += errors(value, extra, root, f"{path}.{key}")
    return out
