"""Safe YAML (and JSON) loading that remembers where every key and value came from.

PyYAML's composer (libyaml's C parser when present) builds a node tree with
marks; we construct plain Python data from it ourselves so that

* plain scalars are resolved as YAML 1.2's core schema does (:class:`Resolver12`):
  ``010`` is 10 and ``yes``, ``on`` or ``1:30`` are text, never YAML 1.1's octal,
  booleans or sexagesimal numbers; a number keeps the text it was written as
  (``str()`` of ``010203`` is ``"010203"``), so an id read as a number is still
  the id, and every mapping key is text,
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

from star_rating.catalog import Msg, msg, verbatim
from star_rating.entries import INVISIBLE, strip, visible
from star_rating.errors import Collector, display_path
from star_rating.loading.limits import LIMITS, read_limited

_TAG = "tag:yaml.org,2002:"


class Resolver12(yaml.resolver.BaseResolver):
    """Plain scalars resolved by the YAML 1.2 core schema (PyYAML's are YAML 1.1's).

    ``true``/``false`` (also ``True``, ``TRUE`` …), ``null``/``~``/empty, decimal
    integers (``010`` is 10) and decimal floats (``1e3``, ``.5``, ``.inf``,
    ``.nan``); everything else is text: ``yes``, ``on``, ``1:30``, ``1_000``,
    ``2022-08-15`` and, unlike YAML 1.2, the ``0o17``/``0x1F`` forms (star-rate
    reads numbers in decimal only).  ``<<`` is still recognised, to be refused."""


for _tag, _regexp, _first in (
    ("bool", r"(?:true|True|TRUE|false|False|FALSE)\Z", "tTfF"),
    ("null", r"(?:~|null|Null|NULL|)\Z", ["~", "n", "N", ""]),
    ("int", r"[-+]?[0-9]+\Z", "-+0123456789"),
    (
        "float",
        r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z",
        "-+0123456789.",
    ),
    ("merge", r"<<\Z", "<"),
):
    Resolver12.add_implicit_resolver(_TAG + _tag, re.compile(_regexp), list(_first))

try:  # libyaml is ~10x faster; fall back to the pure-Python parser
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _CParser = None

if _CParser is not None:

    class _Loader(_CParser, Resolver12):  # type: ignore[misc,valid-type]
        """libyaml's parser and composer with the YAML 1.2 resolver."""

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Resolver12.__init__(self)

else:  # pragma: no cover - depends on the PyYAML build

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        Resolver12,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            Resolver12.__init__(self)


PathKey = tuple[Any, ...]
Mark = tuple[int, int]

_FLOW_DEPTH = r"(?:[\[{][^\]}\[{]*){%d}"  # a chain of flow openings this deep


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

    def at_node(self, node: yaml.Node, message: Msg, rule: str = "yaml") -> None:
        m = node.start_mark
        self.collector.add(self.doc.file, m.line + 1, m.column + 1, message, rule)

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > LIMITS.max_yaml_nodes:
            limit = f"{LIMITS.max_yaml_nodes:,}"
            self.at_node(node, msg("read.yaml.too_many_nodes", limit=limit), "too-large")
            raise _Budget
        if depth > LIMITS.max_depth:
            self.at_node(node, msg("read.yaml.too_deep", depth=LIMITS.max_depth), "too-deep")
            raise _Budget
        self.doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag.startswith(("tag:yaml.org,2002:python/", "!")):
            self.at_node(node, msg("read.yaml.tag_refused", tag=node.tag), "tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag not in (_TAG + "seq",):
                self.at_node(node, msg("read.yaml.tag_not_list", tag=node.tag), "tag")
                return None
            return [self.build(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        if node.tag != _TAG + "map":
            self.at_node(node, msg("read.yaml.tag_not_mapping", tag=node.tag), "tag")
            return {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.at_node(key_node, msg("read.yaml.merge_key"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.at_node(key_node, msg("read.yaml.complex_key"))
                continue
            key = self.scalar(key_node)
            if not isinstance(key, str):  # keys are names and ids: the text as written
                key = strip(key_node.value)
            if any(ch in key for ch in INVISIBLE):
                self.at_node(
                    key_node, msg("read.yaml.invisible_key", name=visible(key)), "invisible"
                )
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key.startswith("\u3000"):  # YAML does not indent with it: the key is misplaced
                line, col = mark
                slip = msg(
                    "read.yaml.slip_before_key",
                    what=_FULL_WIDTH_SPACE,
                    line=line,
                    column=col,
                    needs=msg("read.yaml.needs.spaces"),
                    name=visible(key.strip()),
                )
                self.collector.add(self.doc.file, line, col, slip, "syntax")
                continue
            if key in out:
                first = self.doc.key_marks.get((*path, key))
                twice = (
                    msg("read.yaml.duplicate_key_first", name=key, first=first[0])
                    if first
                    else msg("read.yaml.duplicate_key", name=key)
                )
                self.at_node(key_node, twice, "duplicate-key")
                continue
            self.doc.key_marks[(*path, key)] = mark
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag in CORE_TAGS:
            return core_scalar(tag, node.value)
        if tag.startswith("tag:yaml.org,2002:python/") or tag.startswith("!"):
            self.at_node(node, msg("read.yaml.tag_refused", tag=tag), "tag")
        else:
            self.at_node(node, msg("read.yaml.tag_unsupported", tag=tag), "tag")
        return None


CORE_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_INT = re.compile(r"[-+]?[0-9]+")


class _Written:
    """A scalar that remembers how it was written: shown as written, pickled whole."""

    __slots__ = ()
    text: str

    def __new__(cls, value: Any, text: str) -> Any:
        self = super().__new__(cls, value)  # type: ignore[call-arg]
        self.text = text
        return self

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> Any:
        return (type(self), (self._value(), self.text))

    def _value(self) -> Any:
        raise NotImplementedError


class WrittenInt(_Written, int):
    """An integer that remembers how it was written (``010203``, ``+5``)."""

    def _value(self) -> int:
        return int(self)


class WrittenDecimal(_Written, Decimal):
    """A decimal that remembers how it was written (``1e3``, ``.5``)."""

    __slots__ = ("text",)

    def _value(self) -> str:
        return Decimal.__str__(self)


class WrittenFloat(_Written, float):
    """``.inf`` or ``.nan`` as written, so messages echo the text."""

    def _value(self) -> float:
        return float(self)


def core_scalar(tag: str, value: str) -> Any:
    """The plain value of a scalar with one of the YAML core tags (:data:`CORE_TAGS`).

    Text loses white space and invisible characters at its ends; a number whose
    text is not its plain spelling keeps the text (:class:`WrittenInt` …)."""
    if tag == _TAG + "str":
        return strip(value) if _INVISIBLE.search(value) else value
    if tag == _TAG + "int":
        if not _INT.fullmatch(value):  # e.g. !!int 0x10: not a decimal integer
            return value
        try:
            number = int(value)
        except ValueError:  # more digits than int() reads
            return value
        return number if str(number) == value else WrittenInt(number, value)
    if tag == _TAG + "float":
        return parse_yaml_float(value)
    if tag == _TAG + "bool":
        low = value.lower()
        return True if low == "true" else False if low == "false" else value
    if tag == _TAG + "null":
        return None
    return value  # timestamp (an explicit tag only): dates stay as written


_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def parse_yaml_float(text: str) -> Decimal | float | str:
    """A YAML float as an exact Decimal; ``.inf``/``.nan`` stay floats so checks catch them."""
    t = text.strip()
    low = t.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        number = float(low.replace(".", ""))
        return WrittenFloat(number, text) if text != str(number) else number
    try:
        value = Decimal(t)
    except InvalidOperation:
        return text  # e.g. !!float abc: text, refused where a number is asked
    return value if str(value) == text else WrittenDecimal(t, text)


def load_text(text: str, file: str, collector: Collector) -> Doc | None:
    """Parse ``text`` (YAML or JSON); problems go to ``collector``; None if unusable."""
    doc = Doc(file=file, data=None)
    if re.search(_FLOW_DEPTH % LIMITS.max_depth, text):
        too_deep = msg("read.yaml.too_deep", depth=LIMITS.max_depth)
        collector.add(file, None, None, too_deep, "too-deep")
        return None
    loader = None
    try:
        loader = _Loader(text)  # the pure-Python reader checks the text here
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        # the parser's own words are data; what we add to them is ours
        said = exc.problem or exc.context
        what: Msg = plain_words(said) if said else msg("read.yaml.invalid")
        if exc.context and exc.problem == "second occurrence":  # a duplicate anchor
            first = exc.context_mark
            anchor = verbatim(exc.context.split(";")[0])
            what = msg("read.yaml.first_at", what=anchor, first=first.line + 1) if first else anchor
        elif exc.context and exc.problem and exc.problem.startswith("but "):
            # the composer's two halves
            what = msg("read.yaml.two_halves", first=plain_words(exc.context), second=what)
        hint = typing_hint(text, line) if line is not None else None
        if hint is not None:
            h_line, h_col, says = hint
            said = (
                msg("read.yaml.hint_at", hint=says, what=what, line=line, column=col)
                if (line, col) != (h_line, h_col)
                else msg("read.yaml.hint", hint=says, what=what)
            )
            collector.add(file, h_line, h_col, said, "syntax")
        else:
            collector.add(file, line, col, msg("read.yaml.cannot_parse", what=what), "syntax")
        return None
    except yaml.YAMLError as exc:
        collector.add(file, None, None, msg("read.yaml.cannot_parse", what=str(exc)), "syntax")
        return None
    except RecursionError:
        collector.add(file, None, None, msg("read.yaml.too_deep_parse"), "too-deep")
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        collector.add(file, 1, 1, msg("read.yaml.empty"), "empty")
        return None
    before = len(collector.errors)
    try:
        doc.data = _Builder(doc, collector).build(node, (), 0)
    except _Budget:
        return None
    except RecursionError:
        collector.add(file, None, None, msg("read.yaml.too_deep_read"), "too-deep")
        return None
    if len(collector.errors) > before:
        return doc if doc.data is not None else None
    return doc


#: characters typed on a Chinese keyboard where YAML needs ASCII: (name, what YAML needs)
_WIDE_SYNTAX = {
    "\uff1a": ("colon", "colon"),
    "\uff0c": ("comma", "comma"),
    "\u3001": ("enumeration_comma", "comma"),
    "\uff3b": ("bracket", "open_bracket"),
    "\uff3d": ("bracket", "close_bracket"),
    "\u3010": ("bracket", "open_bracket"),
    "\u3011": ("bracket", "close_bracket"),
    "\uff5b": ("brace", "open_brace"),
    "\uff5d": ("brace", "close_brace"),
}


def _char(name: str, ch: str) -> Msg:
    """A character named in a message: full-width colon '：' (U+FF1A)."""
    return msg(
        "read.yaml.char", name=msg(f"read.yaml.char.{name}"), char=ch, point=f"U+{ord(ch):04X}"
    )


_FULL_WIDTH_SPACE = _char("full_width_space", "\u3000")
_FLOW_ONLY = frozenset(_WIDE_SYNTAX) - {"\uff1a"}  # these matter only in [...] and {...}
_LINES = re.compile(r"\r\n|\r|\n")
_INDENT = re.compile(r"[ \t\u3000]*")
_KEY_COLON = re.compile(r":(?:[ \t]|$)")


def typing_hint(text: str, line: int) -> tuple[int, int, Msg] | None:
    """Where a YAML syntax error reported at ``line`` (1-based) comes from a
    character typed in the wrong keyboard mode, on that line or the line before:
    a full-width colon (``scheme： builtin``), a full-width space or a tab used
    to indent, or a full-width comma or bracket in ``[...]``/``{...}``.  Returns
    (line, column, what to tell the user), or None."""
    lines = _LINES.split(text)
    for n in (line, line - 1):
        if 1 <= n <= len(lines):
            found = _typing_slip(lines[n - 1])
            if found is not None:
                col, what, needs = found
                return n, col, msg("read.yaml.slip", what=what, line=n, column=col, needs=needs)
    return None


def _typing_slip(row: str) -> tuple[int, Msg, Msg] | None:
    """(1-based column, the character, what YAML needs) of the first slip in ``row``."""
    indent = _INDENT.match(row)
    lead = indent.group() if indent else ""
    if "\u3000" in lead:
        return lead.index("\u3000") + 1, _FULL_WIDTH_SPACE, msg("read.yaml.needs.spaces")
    if "\t" in lead:
        return lead.index("\t") + 1, msg("read.yaml.char.tab"), msg("read.yaml.needs.no_tabs")
    if row[len(lead) :].startswith("#"):
        return None
    flow = any(c in row for c in "[{\uff3b\uff5b\u3010")
    hits = [
        (row.index(ch), ch) for ch in _WIDE_SYNTAX if ch in row and (flow or ch not in _FLOW_ONLY)
    ]
    if not flow:  # in block style a full-width colon in the value (说明：…) is text
        hits = [(pos, ch) for pos, ch in hits if not _KEY_COLON.search(row, 0, pos)]
    if not hits:
        return None
    pos, ch = min(hits)
    name, needs = _WIDE_SYNTAX[ch]
    return pos + 1, _char(name, ch), msg(f"read.yaml.needs.{needs}")


#: parser messages said in our own words (catalog keys)
_MESSAGES = {"did not find expected <document start>": "read.yaml.after_end"}
#: the parser's names for what it expected or found, in words
_TOKENS = {
    "<document start>": "'---'",
    "<document end>": "the end of the document",
    "<stream end>": "the end of the file",
    "<block end>": "the end of an indented block",
    "<block mapping start>": "an indented mapping",
    "<block sequence start>": "an indented list",
    "<flow mapping start>": "'{'",
    "<flow sequence start>": "'['",
    "<scalar>": "a value",
    "<alias>": "an alias",
    "<anchor>": "an anchor",
    "<tag>": "a tag",
}
_JARGON = re.compile(r"\b[A-Z][A-Za-z]*(?:Event|Node|Token)\b")


def plain_words(message: str) -> Msg:
    """A parser message without the parser's own names (``<block end>``,
    ``MappingStartEvent``): what it expected or found, in words.  The parser's
    sentence is data (shown as it is in both languages); a few are said in ours."""
    if message in _MESSAGES:
        return msg(_MESSAGES[message])
    message = message.replace("'<", "<").replace(">'", ">")
    for token, words in _TOKENS.items():
        message = message.replace(token, words)
    return verbatim(_JARGON.sub("a YAML element", message))


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
        key = "read.not_utf8"
        try:
            raw.decode("gb18030")
            key = "read.not_utf8_gbk"
        except UnicodeDecodeError:
            pass
        collector.add(file, line, col, msg(key), "encoding")
        return None
