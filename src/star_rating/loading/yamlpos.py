"""Safe YAML (and JSON) loading that remembers where every key and value came from.

PyYAML's composer (libyaml's C parser when present) builds a node tree with
marks; we construct plain Python data from it ourselves so that

* only the YAML core types are accepted (no ``!!python/...`` or other tags),
* a duplicate key in a mapping is an error naming the second occurrence,
* numbers with a fraction become :class:`~decimal.Decimal`, never float,
* alias expansion and nesting depth are bounded (no "billion laughs"),
* each key and value has a ``(line, column)`` (1-based) under its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from star_rating.errors import Collector, display_path
from star_rating.loading.limits import LIMITS, read_limited

try:  # libyaml is ~10x faster; fall back to the pure-Python parser
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

PathKey = tuple[Any, ...]
Mark = tuple[int, int]

_TAG = "tag:yaml.org,2002:"
_FLOW_DEPTH = r"(?:[\[{][^\]}\[{]*){%d}"  # a chain of flow openings this deep
_int_constructor = yaml.constructor.SafeConstructor()


@dataclass
class Doc:
    """A parsed document: its data and the position of every node in it."""

    file: str
    data: Any
    marks: dict[PathKey, Mark] = field(default_factory=dict)
    key_marks: dict[PathKey, Mark] = field(default_factory=dict)

    def where(self, path: PathKey, key: bool = False) -> Mark:
        """Position of ``path`` (of its key when ``key``), else its nearest parent."""
        path = tuple(path)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class _Budget(Exception):
    pass


class _Builder:
    def __init__(self, doc: Doc, collector: Collector):
        self.doc = doc
        self.collector = collector
        self.nodes = 0

    def problem(self, node: yaml.Node, message: str, rule: str = "yaml") -> None:
        m = node.start_mark
        self.collector.add(self.doc.file, m.line + 1, m.column + 1, message, rule)

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > LIMITS.max_yaml_nodes:
            self.problem(
                node,
                f"document expands to more than {LIMITS.max_yaml_nodes:,} nodes "
                "(an alias bomb?); expected a plain, reasonably sized file",
                "too-large",
            )
            raise _Budget
        if depth > LIMITS.max_depth:
            self.problem(node, f"nested deeper than {LIMITS.max_depth} levels", "too-deep")
            raise _Budget
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag.startswith(("tag:yaml.org,2002:python/", "!")):
            self.problem(
                node, f"tag {node.tag!r} is not allowed; only plain YAML values are", "tag"
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag not in (_TAG + "seq",):
                self.problem(node, f"unsupported tag {node.tag!r}; expected a plain list", "tag")
                return None
            return [self.build(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        if node.tag != _TAG + "map":
            self.problem(node, f"unsupported tag {node.tag!r}; expected a plain mapping", "tag")
            return {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.problem(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a mapping key must be a plain value, not a list or mapping")
                continue
            key = self.scalar(key_node)
            if isinstance(key, Decimal | float):
                key = key_node.value
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = self.doc.key_marks.get((*path, key))
                where = f" (first at line {first[0]})" if first else ""
                self.problem(key_node, f"duplicate key {key!r}{where}", "duplicate-key")
                continue
            self.doc.key_marks[(*path, key)] = mark
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in CORE_TAGS:
            return core_scalar(tag, node.value)
        if tag.startswith("tag:yaml.org,2002:python/") or tag.startswith("!"):
            self.problem(node, f"tag {tag!r} is not allowed; only plain YAML values are", "tag")
        else:
            self.problem(node, f"unsupported tag {tag!r}", "tag")
        return None


CORE_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


def core_scalar(tag: str, value: str) -> Any:
    """The plain value of a scalar with one of the YAML core tags (:data:`CORE_TAGS`)."""
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "int":
        try:
            return _int_constructor.construct_yaml_int(yaml.ScalarNode(tag, value))
        except (ValueError, yaml.YAMLError):
            return value
    if tag == _TAG + "float":
        return parse_yaml_float(value)
    if tag == _TAG + "bool":
        return _int_constructor.construct_yaml_bool(yaml.ScalarNode(tag, value))
    if tag == _TAG + "null":
        return None
    return value  # timestamp: dates stay as written, e.g. "2022-08-15"


def parse_yaml_float(text: str) -> Decimal | float:
    """A YAML float as an exact Decimal; ``.inf``/``.nan`` stay floats so checks catch them."""
    t = text.replace("_", "").strip()
    low = t.lower()
    if low in (".inf", "+.inf"):
        return float("inf")
    if low == "-.inf":
        return float("-inf")
    if low == ".nan":
        return float("nan")
    try:
        return Decimal(t)
    except InvalidOperation:
        return float(t)


def load_text(text: str, file: str, collector: Collector) -> Doc | None:
    """Parse ``text`` (YAML or JSON); problems go to ``collector``; None if unusable."""
    doc = Doc(file=file, data=None)
    if re.search(_FLOW_DEPTH % LIMITS.max_depth, text):
        collector.add(file, None, None, f"nested deeper than {LIMITS.max_depth} levels", "too-deep")
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        what = exc.problem or exc.context or "invalid YAML"
        collector.add(file, line, col, f"cannot parse: {what}", "syntax")
        return None
    except yaml.YAMLError as exc:
        collector.add(file, None, None, f"cannot parse: {exc}", "syntax")
        return None
    except RecursionError:
        collector.add(file, None, None, "nested too deeply to parse", "too-deep")
        return None
    finally:
        loader.dispose()
    if node is None:
        collector.add(file, 1, 1, "the file is empty; expected a YAML mapping", "empty")
        return None
    before = len(collector.errors)
    try:
        doc.data = _Builder(doc, collector).build(node, (), 0)
    except _Budget:
        return None
    except RecursionError:
        collector.add(file, None, None, "nested too deeply to read", "too-deep")
        return None
    if len(collector.errors) > before:
        return doc if doc.data is not None else None
    return doc


def load_file(path: Path, collector: Collector, *, label: str | None = None) -> Doc | None:
    """Read and parse one YAML or JSON file, within the size limit."""
    file = label or display_path(path)
    raw = read_limited(path, file, collector)
    if raw is None:
        return None
    text = decode_utf8(raw, file, collector)
    if text is None:
        return None
    return load_text(text, file, collector)


def decode_utf8(raw: bytes, file: str, collector: Collector) -> str | None:
    """UTF-8 text (a BOM is dropped); other encodings are reported with the line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = " (it looks like GBK/GB18030; save it as UTF-8)"
        except UnicodeDecodeError:
            pass
        collector.add(file, line, col, f"not valid UTF-8 text{hint}", "encoding")
        return None
