"""The indented JSON writer gives json.dumps' text, value for value."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from star_rating.outputs.jsontext import dumps

leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(values, st.integers(0, 3))
def test_same_text_as_json_dumps(value: object, level: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    assert dumps(value, level) == expected


def test_other_values_are_left_to_json_dumps() -> None:
    value = {"a": {1: "x", None: [1.5]}, "b": [{"c": "社区\x00\u2028"}]}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
    try:
        dumps({"d": Decimal(1)})
    except TypeError as exc:  # what json.dumps says of it
        assert "Decimal" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a Decimal was written")
