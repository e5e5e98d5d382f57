"""Round inputs read safely, and read one way whichever reader reads them.

Only regular files are opened (a FIFO would block for ever); CSV as Excel saves it
(CR-only line ends, UTF-16 "Unicode text") reads like any CSV; a space before a
quote and an over-long line are read as Excel and Python's csv read them; one
missing register line or one refused path is one error,
not hundreds; ids match however their accents were typed; and ``template``
writes no form that ``score`` refuses.

The reading tests run ``score`` and compare what users see.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import both, cli, generate_round, review, write_round
from star_rating.loading import limits, xlsxforms


def score(folder: Path, *extra: str, code: int | None = 0) -> Any:
    return cli("score", folder, "--format", "json", "--lang", "en", *extra, code=code)


def results(folder: Path) -> dict[str, Any]:
    """The JSON result without the input hashes (file bytes differ between spellings)."""
    data = json.loads(score(folder).stdout)
    data.pop("hashes", None)
    return data


def errors(folder: Path) -> list[str]:
    """The error lines ``score`` prints, paths relative to the round's parent."""
    out = score(folder, code=1)
    assert out.stdout == ""
    lines = out.stderr.replace(str(folder.parent) + os.sep, "").splitlines()
    assert lines[-1].endswith("nothing was scored or written"), lines
    return lines[:-1]


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    """star-rate in a child process with a timeout: a reader that blocks fails the
    test instead of hanging the suite."""
    return subprocess.run(
        [sys.executable, "-m", "star_rating", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "STAR_RATE_LANG": "en"},
    )


def small_round(tmp_path: Path, n: int = 4) -> Path:
    return generate_round(n, tmp_path / "round")


def csv_lines(folder: Path) -> list[str]:
    return (folder / "reviews" / "all.csv").read_text("utf-8").splitlines()


def write_lines(folder: Path, lines: list[str], end: str = "\n") -> None:
    (folder / "reviews" / "all.csv").write_bytes((end.join(lines) + end).encode("utf-8"))


# --- 1. regular files only --------------------------------------------------------


def test_a_fifo_among_the_reviews_is_one_error_not_a_hang(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"))
    os.mkfifo(folder / "reviews" / "late.csv")
    proc = run_cli("score", folder)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        f"{folder}/reviews/late.csv: error: is a FIFO (named pipe), not a regular file; "
        "expected a file [not-a-file]",
        "star-rate: 1 error; nothing was scored or written",
    ]


def test_a_fifo_as_the_register_is_one_error_not_a_hang(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"))
    (folder / "communities.csv").unlink()
    os.mkfifo(folder / "communities.csv")
    proc = run_cli("score", folder)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        f"{folder}/communities.csv: error: is a FIFO (named pipe), not a regular file; "
        "expected a file [not-a-file]",
        "star-rate: 1 error; nothing was scored or written",
    ]


def test_a_socket_and_a_folder_where_files_are_expected(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"))
    (folder / "communities.csv").unlink()
    (folder / "communities.csv").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "reviews" / "s.yaml"))
        assert errors(folder) == [
            "r/communities.csv: error: is a folder; expected a file [io]",
            "r/reviews/s.yaml: error: is a socket, not a regular file; expected a file "
            "[not-a-file]",
        ]
    finally:
        sock.close()


def test_a_fifo_swapped_in_after_the_check_is_refused_without_blocking(tmp_path, monkeypatch):
    """The descriptor itself is checked (opened non-blocking), not only the name."""
    from star_rating.loading.limits import NotRegular, open_regular

    fifo = tmp_path / "x.csv"
    os.mkfifo(fifo)
    real_stat = os.stat

    def looks_regular(path: Any, *args: Any, **kw: Any) -> Any:
        st = real_stat(path, *args, **kw)
        if Path(path) == fifo:  # as if a regular file stood there when it was checked
            return os.stat_result((stat.S_IFREG | 0o644, *tuple(st)[1:]))
        return st

    monkeypatch.setattr(limits.os, "stat", looks_regular)
    with pytest.raises(NotRegular, match=r"^is a FIFO \(named pipe\), not a regular file"):
        open_regular(fifo)


# --- 2. CR-only line ends ----------------------------------------------------------


def test_cr_only_csv_reads_like_crlf(tmp_path):
    """Excel's "CSV (Macintosh)": reviews and register with CR alone between lines."""
    folder = small_round(tmp_path)
    expected = results(folder)
    for name in ("reviews/all.csv", "communities.csv"):
        path = folder / name
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert results(folder) == expected


def test_cr_only_csv_errors_name_the_right_line(tmp_path):
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    at = lines.index(next(x for x in lines if x.startswith("C000001,self,d01-7,")))  # deduct
    lines[at] = "C000001,self,d01-7,1.5"
    write_lines(folder, lines, "\r")
    assert errors(folder) == [
        f"round/reviews/all.csv:{at + 1}: error: 1.5 is not a whole count of findings for "
        "d01-7 [entry]"
    ]


def test_text_neither_utf8_nor_gbk_in_a_cr_only_file_names_its_line(tmp_path):
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    data = "\r".join(lines[:3]).encode() + b"\r\x80\xff\r" + "\r".join(lines[3:]).encode()
    (folder / "reviews" / "all.csv").write_bytes(data)
    assert errors(folder) == [
        "round/reviews/all.csv:4: error: neither UTF-8 nor GBK text; save the file as UTF-8 "
        "CSV [encoding]"
    ]


# --- 3. UTF-16 ("Unicode text") -------------------------------------------------------


@pytest.mark.parametrize(
    ("sep", "codec", "bom"),
    [
        ("\t", "utf-16-le", b"\xff\xfe"),
        (",", "utf-16-le", b"\xff\xfe"),
        ("\t", "utf-16-be", b"\xfe\xff"),
    ],
)
def test_utf16_csv_with_bom_reads_like_utf8(tmp_path, sep, codec, bom):
    """Excel's "Unicode text" is UTF-16 LE with a BOM, tab-separated."""
    folder = small_round(tmp_path)
    expected = results(folder)
    for name in ("reviews/all.csv", "communities.csv"):
        path = folder / name
        text = path.read_text("utf-8").replace(",", sep).replace("\n", "\r\n")
        path.write_bytes(bom + text.encode(codec))
    assert results(folder) == expected


def test_utf16_errors_name_their_line(tmp_path):
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    lines[2] = lines[2].rsplit(",", 1)[0] + ",lots"
    text = "\r\n".join(lines).replace(",", "\t") + "\r\n"
    (folder / "reviews" / "all.csv").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    indicator = lines[2].split(",")[2]
    [line] = errors(folder)
    assert line.startswith("round/reviews/all.csv:3: error: ") and indicator in line, line
    assert "binary data" not in line


# --- 4. read as Excel reads it ------------------------------------------------------------


def test_a_space_before_a_quoted_field_is_read_as_excel_does(tmp_path):
    """`a1, "6"`: the quotes are part of the value (Excel, Python's csv), an error."""
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    head, value = lines[1].rsplit(",", 1)
    lines[1] = f'{head}, "{value}"'
    write_lines(folder, lines)
    [line] = errors(folder)
    assert line.startswith("round/reviews/all.csv:2: error: "), line
    assert f"'\"{value}\"'" in line, line


def test_a_space_before_a_quoted_id_is_read_as_excel_does(tmp_path):
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    cid, rest = lines[1].split(",", 1)
    lines[1] = f' "{cid}",{rest}'
    write_lines(folder, lines)
    assert (
        f"round/reviews/all.csv:2: error: unknown community '\"{cid}\"' (did you mean "
        f"'{cid}'?); not in the register [unknown-id]"
    ) in errors(folder)


@pytest.mark.parametrize("where", ["last", "middle"])
def test_an_over_long_line_is_one_error(tmp_path, where):
    """A 1 MB note: one error on its line, wherever it is in the file."""
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    lines[0] += ",note"
    at = len(lines) - 1 if where == "last" else 5
    lines[at] += "," + "x" * (1024 * 1024 + 10)
    write_lines(folder, lines)
    expected = [
        f"round/reviews/all.csv:{at + 1}: error: line {at + 1} is longer than 1,048,576 "
        "characters; a CSV line holds one entry (is this a CSV file?) [too-large]"
    ]
    assert errors(folder) == expected


def test_an_over_long_last_line_longer_than_a_reading_buffer_keeps_its_veto(tmp_path):
    """A last line longer than a 32 MB reading buffer is refused, not dropped (with it
    would go the veto on that line)."""
    folder = small_round(tmp_path, 2)
    lines = csv_lines(folder)
    lines[0] += ",note"
    lines.append("C000001,district,veto,major-incident," + "x" * (33 * 1024 * 1024))
    write_lines(folder, lines)
    n = len(lines)
    expected = [
        f"round/reviews/all.csv:{n}: error: line {n} is longer than 1,048,576 characters; "
        "a CSV line holds one entry (is this a CSV file?) [too-large]"
    ]
    assert errors(folder) == expected


def test_an_unclosed_quote_is_one_clear_error(tmp_path):
    folder = small_round(tmp_path)
    lines = csv_lines(folder)
    lines[3] = lines[3] + ',"unclosed'
    lines[0] += ",note"
    lines += ["C000009,self,d01-1," + "y" * 999] * 1100  # 1,100,000 characters more
    write_lines(folder, lines)
    size, at = len("unclosed\n"), 4  # the field so far; lines[at] is line at + 1
    while size + len(lines[at]) < 1024 * 1024:
        size += len(lines[at]) + 1
        at += 1
    [line] = errors(folder)
    assert line == (
        f"round/reviews/all.csv:{at + 1}: error: a quoted field runs on for more than "
        f"1,048,576 characters up to line {at + 1}; is a closing quote missing? [syntax]"
    )


# --- 5. no follow-on floods -------------------------------------------------------------


def _round_missing_c061(tmp_path: Path) -> Path:
    ids = ["C016", "C061", "C100"]
    surveys = [(c, f"r{i}", "", "满意") for c in ids for i in range(5)]
    sch, dims = __import__("test_forms").scheme_with_na_and_survey()
    reviews = [r for c in ids for r in both(c)]
    folder = write_round(tmp_path / "r", reviews, scheme=(sch, dims), surveys=surveys)
    register = folder / "communities.csv"
    register.write_text(
        "".join(x for x in register.read_text("utf-8").splitlines(True) if "C061" not in x),
        "utf-8",
    )
    return folder


def test_an_unknown_community_is_one_error_per_file(tmp_path):
    folder = _round_missing_c061(tmp_path)
    assert errors(folder) == [
        "r/reviews/C061-district.yaml:1: error: unknown community 'C061' (did you mean "
        "'C016'?); not in the register [unknown-id]",
        "r/reviews/C061-self.yaml:1: error: unknown community 'C061' (did you mean "
        "'C016'?); not in the register [unknown-id]",
        "r/surveys/answers.csv:7: error: unknown community 'C061' (did you mean 'C016'?) "
        "in 5 rows, first at line 7; not in the register [unknown-id]",
    ]


def test_unknown_community_in_a_long_csv_is_one_error(tmp_path):
    folder = small_round(tmp_path)
    register = folder / "communities.csv"
    rows = register.read_text("utf-8").splitlines(True)
    register.write_text("".join(r for r in rows if not r.startswith("C000002,")), "utf-8")
    first = next(i for i, x in enumerate(csv_lines(folder), 1) if x.startswith("C000002,"))
    assert errors(folder) == [
        f"round/reviews/all.csv:{first}: error: unknown community 'C000002' (did you "
        f"mean 'C000004'?) in 3 reviews, first at line {first}; not in the register "
        "[unknown-id]"
    ]


@pytest.mark.parametrize("key", ["surveys", "reviews"])
def test_a_path_leading_out_is_one_error(tmp_path, key):
    folder = _round_missing_c061(tmp_path)
    (folder / "communities.csv").write_text(
        "id,name,street\nC016,a,s\nC061,b,s\nC100,c,s\n", "utf-8"
    )
    head = yaml.safe_load((folder / "round.yaml").read_text("utf-8"))
    head[key] = "../elsewhere/"
    (folder / "round.yaml").write_text(yaml.safe_dump(head, allow_unicode=True), "utf-8")
    [line] = errors(folder)
    assert line.endswith(
        f"error: {key}: '../elsewhere/' leads out of the round folder; files of a round "
        "stay inside it [path]"
    ), line


def test_a_scheme_folder_given_for_a_round_says_so(tmp_path):
    folder = write_round(tmp_path / "r", both("C1"))
    out = cli("score", folder / "scheme", code=2)
    assert out.stderr == (
        f"star-rate: error: {folder / 'scheme'} is a scheme folder (it has scheme.yaml); "
        "expected a round folder with round.yaml\n"
    )


# --- 6. NFC ids ---------------------------------------------------------------------------


def test_ids_match_however_their_accents_were_typed(tmp_path):
    nfc, nfd = "Café", unicodedata.normalize("NFD", "Café")
    assert nfc != nfd
    sch, dims = __import__("test_forms").scheme_with_na_and_survey()
    reviews = [review(nfd, "self"), review(nfd, "district")]
    surveys = [(nfd, f"r{i}", "", "满意") for i in range(3)]
    appeals = [
        {
            "community": nfd,
            "stage": "district",
            "indicator": "a1",
            "value": 5,
            "reason": "复核",
            "decided_by": "区评审组",
            "date": "2022-09-01",
        }
    ]
    folder = write_round(
        tmp_path / "r",
        reviews,
        communities=[(nfc, "咖啡社区", "东关街道")],
        scheme=(sch, dims),
        surveys=surveys,
        appeals=appeals,
    )
    data = results(folder)
    [row] = data["results"]
    assert row["community"]["id"] == nfc
    assert len(row["appeals"]) == 1 and row["survey"]
    # the same reviews as one long CSV, ids typed decomposed
    for f in (folder / "reviews").iterdir():
        f.unlink()
    rows = ["community,stage,indicator,value,reviewer"]
    for r in reviews:
        for ind, value in r["entries"].items():
            text = ";".join(value) if isinstance(value, list) else str(value).lower()
            rows.append(f"{nfd},{r['stage']},{ind},{text},{nfd}")
    (folder / "reviews" / "all.csv").write_text("\n".join(rows) + "\n", "utf-8")
    [again] = results(folder)["results"]
    for appeal in (*again["appeals"], *row["appeals"]):
        appeal.pop("before")  # '6' as CSV text, 6 as a YAML number
    assert again == row


# --- 7. template and reader agree ---------------------------------------------------------


def test_the_reader_takes_every_row_a_large_scheme_form_has(tmp_path, monkeypatch):
    """A form has a row per indicator: a 10,000-indicator scheme's form has over 10,000
    rows, and the reader's row limit is on rows beyond the scheme's own."""
    from test_forms import REVIEWS, fill_forms, form_round, template, yaml_round

    expected = json.loads(score(yaml_round(tmp_path)).stdout)["results"]
    monkeypatch.setattr(xlsxforms, "MAX_ROWS", 5)  # fewer than the mini scheme's form
    folder = form_round(tmp_path)
    for stage in ("self", "district"):
        out = folder / "reviews" / f"forms-{stage}.xlsx"
        template(folder / "scheme", folder / "communities.csv", stage, out)
        fill_forms(out, [r for r in REVIEWS if r["stage"] == stage])
    got = json.loads(score(folder).stdout)["results"]
    assert [(r["community"]["id"], r["total"], r["stars"]) for r in got] == [
        (r["community"]["id"], r["total"], r["stars"]) for r in expected
    ]


def test_template_refuses_forms_that_score_would_refuse(tmp_path, monkeypatch):
    folder = write_round(tmp_path / "r", both("C1") + both("C2"))
    monkeypatch.setattr(xlsxforms, "MAX_MEMBERS", 3)
    out = cli(
        "template",
        folder / "scheme",
        "--register",
        folder / "communities.csv",
        "--stage",
        "self",
        "-o",
        tmp_path / "forms.xlsx",
        code=1,
    )
    assert out.stderr.startswith(
        "star-rate: error: score could not read these forms back: the xlsx holds "
    ), out.stderr
    assert out.stderr.endswith(
        "parts, over the limit of 3; write forms for fewer communities than 2 (for example "
        "a register per street)\n"
    ), out.stderr
    assert not (tmp_path / "forms.xlsx").exists()
