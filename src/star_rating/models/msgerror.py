"""A validator's error that carries its message as catalog data.

pydantic shows a validator's ``ValueError`` to the user; raising :class:`MsgError`
instead lets the model check put the message into words in the run's language
(``err["ctx"]["error"].said``).  ``str()`` is the English, as pydantic expects."""

from __future__ import annotations

from typing import Any

from star_rating.catalog import Msg


class MsgError(ValueError):
    """A ``ValueError`` whose message is a :class:`~star_rating.catalog.Msg`."""

    def __init__(self, said: Msg) -> None:
        self.said = said
        super().__init__(said.text("en"))

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from its message, not from the English (a worker process hands it back)
        return (type(self), (self.said,))
