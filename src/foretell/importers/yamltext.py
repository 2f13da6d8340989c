"""Fast YAML text for the new files of an import, in the book's house style.

The safe writer's :func:`foretell.write.dump_document` serialises through ruamel.yaml's
round-trip emitter, written in Python: right for one entry, but about 80% of the time of an
import of thousands of forecasts. New import files are therefore emitted by PyYAML's libyaml
emitter (``CSafeDumper``) in the same style: block mappings indented by 2, lists of mappings in
block style, lists of plain values in flow style (``[a, b]``), text with line breaks as ``|``
blocks, dates as ``YYYY-MM-DD``, and text that would read as another type (``yes``, ``1e3``,
``2024-01-01``) quoted. The files still go through the safe writer, which checks the book as it
would be before writing them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

__all__ = ["document_text"]

_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _HouseDumper(_Dumper):  # type: ignore[misc, valid-type]
    """Indents lists under their key, as foretell's own files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value.strip():
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.strip() + "\n", style="|")
    return dumper.represent_str(value)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = not any(isinstance(item, Mapping | list) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _mapping(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_HouseDumper.add_representer(str, _text)
_HouseDumper.add_representer(list, _list)
_HouseDumper.add_representer(dict, _mapping)


def document_text(data: Mapping[str, Any], *, header: str = "") -> str:
    """A new file's text: ``header`` (comment lines) then ``data`` in the house style."""
    body = yaml.dump(
        dict(data),
        Dumper=_HouseDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        indent=2,
        default_flow_style=False,
    )
    return header + body
