"""Does a JSON value fit a TypedDict of reports.snapshot? For tests: the TypedDicts are only
checked by mypy, and the snapshot is stored as JSON, so tests hold gathering to them."""

import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict


def shape_errors(value: Any, hint: Any, path: str = "snapshot") -> list[str]:
    """Every place where `value` (plain JSON) does not fit `hint`; [] when it fits.

    TypedDicts must have their required keys and no undeclared ones (NotRequired keys may be
    missing); lists and dicts are checked item by item.
    """
    if hint is Any or hint is object:
        return []
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not an object"]
        declared = get_type_hints(hint)
        errors = [f"{path}.{key}: missing" for key in sorted(hint.__required_keys__ - set(value))]
        errors += [f"{path}.{key}: not declared" for key in sorted(set(value) - set(declared))]
        for key in sorted(set(value) & set(declared)):
            errors += shape_errors(value[key], declared[key], f"{path}.{key}")
        return errors
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        fits = [shape_errors(value, arg, path) for arg in args]
        return [] if any(not errors for errors in fits) else [e for errors in fits for e in errors]
    if origin is Literal:
        return [] if value in args else [f"{path}: {value!r} is not one of {args}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__}, not a list"]
        return [
            e for i, item in enumerate(value) for e in shape_errors(item, args[0], f"{path}[{i}]")
        ]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not an object"]
        return [e for k, item in value.items() for e in shape_errors(item, args[1], f"{path}.{k}")]
    if hint is type(None):
        return [] if value is None else [f"{path}: {value!r} is not null"]
    if hint is int and isinstance(value, bool):
        return [f"{path}: {value!r} is a boolean, not a number"]
    return [] if isinstance(value, hint) else [f"{path}: {value!r} is not {hint.__name__}"]
