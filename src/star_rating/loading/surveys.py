"""Survey answer tables: answers counted per (community, question, answer), every
respondent who answered a question twice for one community reported.

A table is read as columns (:func:`~star_rating.loading.csvscan.read_columns`), or
row by row if the column scan cannot follow it.  Repeated respondents are found
without keeping every respondent's id: each answer with a respondent leaves a 64-bit
fingerprint of (community, question, respondent); only when two fingerprints are
equal are the files read again, for those answers alone, to compare the ids
themselves and say where each was first given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rating.catalog import msg
from star_rating.errors import Collector
from star_rating.loading.csvfile import CsvTable, read_csv
from star_rating.loading.csvscan import Piece, blank, coded, memory_pool, read_table
from star_rating.models.round import Source

if TYPE_CHECKING:
    import numpy as np


_MASK = (1 << 64) - 1
_K1 = 0x9E3779B97F4A7C15  # odd multipliers: fingerprints of the three texts mixed
_K2 = 0xC2B2AE3D27D4EB4F


def _print(community: int, question: int, respondent: int) -> int:
    """The fingerprint of one answer from the hashes of its three texts."""
    c, q, r = community & _MASK, question & _MASK, respondent & _MASK
    return (c * _K1 + q * _K2 + r) & _MASK


class SurveyReader:
    """Reads survey tables, counting their answers; :meth:`check_repeats` at the end
    reports answers given twice."""

    def __init__(self, communities: Any, col: Collector, unknown: Any):
        self.communities = communities
        self.col = col
        self.unknown = unknown
        self.counts: dict[tuple[str, str, str], int] = {}
        self.files: dict[str, set[str]] = {}
        self.paths: list[Path] = []  # tables read (read again if fingerprints repeat)
        self._prints: list[Any] = []  # arrays of fingerprints, one per piece
        self._row_prints: list[int] = []  # fingerprints of rows read one by one

    # -- reading ------------------------------------------------------------------

    def read(self, path: Path) -> bool:
        """Count one table's answers; False if it could not be read (its problem
        recorded)."""
        table = read_csv(path, self.col, ("community", "answer"), ("respondent", "question"))
        if table is None:
            return False
        self.paths.append(path)
        read_table(path, table, self.col.problems, lambda: _Table(self, table, None)).merge()
        return not table.broken

    def check_repeats(self) -> None:
        """Report every respondent who answered one question of one community twice
        (the second and later answers do not count)."""
        import numpy as np

        prints = [*self._prints, np.array(self._row_prints, dtype=np.uint64)]
        every = np.sort(np.concatenate(prints))
        self._prints, self._row_prints = [], []
        twice = np.unique(every[1:][every[1:] == every[:-1]])
        if not len(twice):
            return
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for path in self.paths:
            table = read_csv(path, Collector(), ("community", "answer"), ("respondent", "question"))
            if table is not None:
                read_table(path, table, [], lambda t=table: _Table(self, t, (twice, seen)))


class _Table:
    """One survey table being read: counting (``repeats`` None), or comparing the
    answers whose fingerprints repeat (``repeats``: the fingerprints and the
    respondents seen so far per (community, question), with where)."""

    def __init__(self, reader: SurveyReader, table: CsvTable, repeats: Any):
        self.rd = reader
        self.file = table.file
        cols = table.columns
        self.ci, self.ai = cols["community"], cols["answer"]
        self.qi, self.ri = cols.get("question"), cols.get("respondent")
        self.need = max(self.ci, self.ai) + 1  # a shorter row is padded with blank cells
        self.repeats: tuple[Any, dict[tuple[str, str], dict[str, str]]] | None = repeats
        # what this table adds, kept apart until it is read whole (:meth:`merge`)
        self.counts: dict[tuple[str, str, str], int] = {}
        self.cids: set[str] = set()
        self.prints: list[Any] = []
        self.row_prints: list[int] = []
        self.unknown: list[tuple[str, Source]] = []
        self.last_cid: str | None = None

    def merge(self) -> None:
        """Add what the table gave to the round's counts."""
        rd = self.rd
        if not rd.counts:  # the first table's counts are the round's so far
            rd.counts = self.counts
        else:
            for akey, n in self.counts.items():
                rd.counts[akey] = rd.counts.get(akey, 0) + n
        self.counts = {}
        for cid in self.cids:
            rd.files.setdefault(cid, set()).add(self.file)
        rd._prints.extend(self.prints)
        rd._row_prints.extend(self.row_prints)
        for cid, src in self.unknown:
            rd.unknown.add(cid, src)

    # -- a row at a time ------------------------------------------------------------

    def one(self, line: int, row: list[str]) -> None:
        if len(row) < self.need:
            row = row + [""] * (self.need - len(row))
        cid, answer = row[self.ci].strip(), row[self.ai].strip()
        qi, ri = self.qi, self.ri
        question = row[qi].strip() if qi is not None and qi < len(row) else ""
        respondent = row[ri].strip() if ri is not None and ri < len(row) else ""
        rd = self.rd
        if cid not in rd.communities:
            if rd.communities and self.repeats is None:  # else the register's error says it
                self.unknown.append((cid, Source(self.file, line)))
            return
        if self.repeats is not None:
            if respondent:
                fp = _print(hash(cid), hash(question), hash(respondent))
                if _among(fp, self.repeats[0]):
                    self._compare(cid, question, respondent, answer, line)
            return
        if respondent:
            self.row_prints.append(_print(hash(cid), hash(question), hash(respondent)))
        akey = (cid, question, answer)
        self.counts[akey] = self.counts.get(akey, 0) + 1
        if cid != self.last_cid:  # a community's answers usually follow one another
            self.cids.add(cid)
            self.last_cid = cid

    def _compare(self, cid: str, question: str, respondent: str, answer: str, line: int) -> None:
        assert self.repeats is not None
        answered = self.repeats[1].setdefault((cid, question), {})
        first = answered.get(respondent)
        if first is None:
            answered[respondent] = f"{self.file}:{line}"
            return
        self.rd.col.add(
            self.file,
            line,
            None,
            msg(
                "round.survey.twice_question" if question else "round.survey.twice",
                respondent=respondent,
                community=cid,
                question=question,
                first=first,
            ),
            "duplicate-answer",
        )
        counts = self.rd.counts
        akey = (cid, question, answer)
        left = counts.get(akey, 0) - 1  # it was counted: it does not count
        if left > 0:
            counts[akey] = left
        else:
            counts.pop(akey, None)

    # -- columns ----------------------------------------------------------------------

    def odd(self, line: int, row: list[str]) -> None:
        self.one(line, row)

    def piece(self, piece: Piece) -> None:
        import numpy as np

        rd = self.rd
        pool = memory_pool()
        cols = piece.columns
        lines = piece.lines
        c_at, c_text = coded(cols, self.ci, pool)
        a_at, a_text = coded(cols, self.ai, pool)
        q_at, q_text = coded(cols, self.qi, pool)
        r_at, r_text = coded(cols, self.ri, pool)
        known = np.array([t in rd.communities for t in c_text], dtype=bool)[c_at]
        empty = blank(c_text)[c_at]
        if empty.any():  # a row of blank cells is no row
            for k in range(len(cols)):
                if k != self.ci:
                    at, texts = coded(cols, k, pool)
                    empty &= blank(texts)[at]
            known &= ~empty
        if not known.all() and self.repeats is None and rd.communities:
            for at in np.flatnonzero(~known & ~empty).tolist():
                self.unknown.append((c_text[c_at[at]], Source(self.file, int(lines[at]))))
        has = known & ~blank(r_text)[r_at]
        prints = _prints(c_text, c_at, q_text, q_at, r_text, r_at, has)
        if self.repeats is not None:
            again = np.flatnonzero(has)[np.isin(prints, self.repeats[0])]
            for at in again.tolist():
                self._compare(
                    c_text[c_at[at]],
                    q_text[q_at[at]],
                    r_text[r_at[at]],
                    a_text[a_at[at]],
                    int(lines[at]),
                )
            return
        self.prints.append(prints)
        code = (c_at[known] * len(q_text) + q_at[known]) * len(a_text) + a_at[known]
        got, n = np.unique(code, return_counts=True)
        counts = self.counts
        nq, na = len(q_text), len(a_text)
        for k, many in zip(got.tolist(), n.tolist(), strict=True):
            akey = (c_text[k // (nq * na)], q_text[(k // na) % nq], a_text[k % na])
            counts[akey] = counts.get(akey, 0) + many
        self.cids.update(c_text[k] for k in np.unique(c_at[known]).tolist())
        self.last_cid = None


def _prints(
    c_text: list[str],
    c_at: np.ndarray,
    q_text: list[str],
    q_at: np.ndarray,
    r_text: list[str],
    r_at: np.ndarray,
    rows: np.ndarray,
) -> np.ndarray:
    """Fingerprints of the answers of ``rows`` (a mask), as :func:`_print` makes them."""
    import numpy as np

    def hashes(texts: list[str]) -> np.ndarray:
        return np.array([hash(t) & _MASK for t in texts], dtype=np.uint64)

    c, q, r = hashes(c_text)[c_at[rows]], hashes(q_text)[q_at[rows]], hashes(r_text)[r_at[rows]]
    return c * np.uint64(_K1) + q * np.uint64(_K2) + r


def _among(fp: int, prints: np.ndarray) -> bool:
    import numpy as np

    at = int(np.searchsorted(prints, np.uint64(fp)))
    return at < len(prints) and int(prints[at]) == fp
