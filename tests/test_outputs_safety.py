"""Outputs are never lost or half-written, and faults end with one clear line.

* files are written whole (temp file, rename) and created exclusively without
  ``--force``; new files take the umask's mode, replaced ones keep theirs;
* ``init`` never writes through a symbolic link;
* ``report`` is written into a temporary folder and swapped in whole;
* every OSError reading or writing is one message naming the path and the reason,
  exit 1; a closed stdout pipe ends quietly (exit 0); a full disk under stdout is
  an error; Ctrl-C is exit 130 with "star-rate: interrupted";
* ``--template-dir`` templates run sandboxed.

Closed pipes, ``/dev/full`` and Ctrl-C run the installed ``star-rate`` in a
subprocess on the sample round.
"""

from __future__ import annotations

import errno
import gc
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, both, cli, generate_round, write_round
from star_rating import fsutil

SAMPLE = ROOT / "samples" / "changan-2022"
STAR_RATE = Path(sys.executable).parent / "star-rate"


def small_round(folder: Path) -> Path:
    return write_round(folder, [*both("C001"), *both("C002", a1=3), *both("C003", a1=1)])


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Run in ``tmp_path`` so that messages show short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def fail_on_call(n: int, exc: BaseException, real):
    """A stand-in for ``real`` that raises ``exc`` on its ``n``-th call."""
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real(*args, **kwargs)

    return fake


# --- exclusive outputs and modes --------------------------------------------------


def test_export_without_force_loses_a_race_with_a_clear_error(here, monkeypatch):
    """Another run creates the file after the existence check: ours must not
    overwrite it (the check is repeated when the file is published)."""
    rnd = small_round(here / "round")
    real_check = fsutil.check_output

    def check_then_lose_the_race(path, force, inputs=()):
        real_check(path, force, inputs)
        path.write_text("the other run's table\n", "utf-8")

    monkeypatch.setattr(fsutil, "check_output", check_then_lose_the_race)
    result = cli("export", rnd, "-o", "out.csv", code=2)
    assert result.stderr == "star-rate: error: out.csv exists; use --force to replace it\n"
    assert (here / "out.csv").read_text("utf-8") == "the other run's table\n"
    assert sorted(p.name for p in here.iterdir()) == ["out.csv", "round"]  # no temp file


def test_atomic_write_exclusive_refuses_an_existing_file_even_a_dangling_link(tmp_path):
    (tmp_path / "link.csv").symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(fsutil.UsageError, match=r"link\.csv exists; use --force to replace it$"):
        fsutil.atomic_write(tmp_path / "link.csv", b"x", exclusive=True)
    assert not (tmp_path / "nowhere.csv").exists()


def test_new_outputs_take_the_umask_mode_and_replaced_ones_keep_theirs(here, umask_027):
    rnd = small_round(here / "round")
    cli("export", rnd, "-o", "new.csv")
    assert mode(here / "new.csv") == 0o640  # 0666 & ~027, not mkstemp's 0600
    cli("template", rnd / "scheme", "--register", rnd / "communities.csv", "--stage", "self",
        "-o", "forms.yaml")  # fmt: skip
    assert mode(here / "forms.yaml") == 0o640
    (here / "old.csv").write_text("old", "utf-8")
    os.chmod(here / "old.csv", 0o604)
    cli("export", rnd, "-o", "old.csv", "--force")
    assert mode(here / "old.csv") == 0o604
    assert (here / "old.csv").read_bytes().startswith(b"\xef\xbb\xbfRank,")


def test_report_folder_and_pages_take_the_umask_mode(here, umask_027):
    rnd = small_round(here / "round")
    cli("report", rnd, "-o", "site")
    assert mode(here / "site") == 0o750
    assert mode(here / "site" / "communities") == 0o750
    assert mode(here / "site" / "index.html") == 0o640
    assert mode(here / "site" / "communities" / "C001.html") == 0o640
    os.chmod(here / "site", 0o705)
    cli("report", rnd, "-o", "site", "--force")
    assert mode(here / "site") == 0o705  # a replaced folder keeps its mode


# --- init ------------------------------------------------------------------------


def test_init_force_replaces_a_symlink_never_its_target(here):
    last_year = here / "2021-communities.csv"
    last_year.write_text("id,name,street,households\nC001,东安社区,东关街道,1200\n", "utf-8")
    cli("init", "r", "--round")
    (here / "r" / "communities.csv").unlink()
    (here / "r" / "communities.csv").symlink_to(last_year)
    result = cli("init", "r", "--round", "--force")
    assert result.stderr == "star-rate init: wrote 4 files to r\n"
    assert last_year.read_text("utf-8") == (
        "id,name,street,households\nC001,东安社区,东关街道,1200\n"
    )
    register = here / "r" / "communities.csv"
    assert not register.is_symlink()
    assert register.read_text("utf-8") == "id,name,street,households\n"


def test_init_refuses_a_linked_folder_before_writing_anything(here):
    (here / "2021-reviews").mkdir()
    cli("init", "r", "--round")
    before = tree(here / "r")
    shutil.rmtree(here / "r" / "reviews")
    (here / "r" / "reviews").symlink_to(here / "2021-reviews")
    (here / "r" / "round.yaml").write_text("title: edited\n", "utf-8")
    result = cli("init", "r", "--round", "--force", code=1)
    assert result.stderr == (
        "star-rate: error: r/reviews is a symbolic link; star-rate init does not write "
        "through links: remove it, or choose another folder\n"
    )
    assert list((here / "2021-reviews").iterdir()) == []
    assert (here / "r" / "round.yaml").read_text("utf-8") == "title: edited\n"
    assert "reviews/README.txt" in before


def test_init_help_says_how_links_are_treated():
    out = cli("init", "--help").stdout
    assert "A symbolic link where a file goes is replaced by the new file" in " ".join(out.split())


def test_init_on_a_read_only_file_system_is_a_clear_error(here, monkeypatch):
    def read_only(path, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(os, "mkdir", read_only)
    result = cli("init", "r", "--round", code=1)
    assert result.stderr == "star-rate: error: cannot create folder r: Read-only file system\n"


def test_init_where_files_cannot_be_created_is_a_clear_error(here, monkeypatch):
    (here / "r").mkdir()
    real_open = os.open

    def no_access(path, flags, *args, **kwargs):
        if "r" in Path(os.fsdecode(path)).parts and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_access)
    result = cli("init", "r", "--round", code=1)
    assert result.stderr == (
        "star-rate: error: r/round.yaml: cannot write to folder r: Permission denied\n"
    )
    assert list((here / "r").iterdir()) == []


def test_init_in_proc_is_a_clear_error():
    result = cli("init", "/proc/star-rate-init", "--round", code=1)
    assert result.stderr.startswith("star-rate: error: cannot create folder /proc/star-rate-init: ")
    assert result.stderr.count("\n") == 1


# --- report: written whole, swapped in ----------------------------------------------


@pytest.fixture
def old_report(here):
    rnd = small_round(here / "round")
    cli("report", rnd, "-o", "site", "--lang", "zh")
    return rnd, tree(here / "site")


def test_report_failing_mid_way_leaves_the_old_report_untouched(here, old_report, monkeypatch):
    rnd, before = old_report
    real_open = os.open
    pages = {"n": 0}

    def disk_full_at_the_third_page(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and ".html" in str(path):  # a page, or its temp file
            pages["n"] += 1
            if pages["n"] == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", disk_full_at_the_third_page)
    result = cli("report", rnd, "-o", "site", "--lang", "en", "--force", code=1)
    assert result.stderr == (
        "star-rate: error: site/communities/C002.html: cannot write: No space left on device\n"
    )
    assert tree(here / "site") == before  # still the whole zh report
    assert sorted(p.name for p in here.iterdir()) == ["round", "site"]  # temp folder removed


def test_report_interrupted_mid_way_leaves_the_old_report_untouched(here, old_report, monkeypatch):
    rnd, before = old_report
    monkeypatch.setattr(os, "open", fail_on_call(4, KeyboardInterrupt(), os.open))
    result = cli("report", rnd, "-o", "site", "--lang", "en", "--force", code=130)
    assert result.stderr == "star-rate: interrupted\n"
    assert tree(here / "site") == before
    assert sorted(p.name for p in here.iterdir()) == ["round", "site"]


def test_report_with_force_replaces_the_whole_folder(here, old_report):
    rnd, before = old_report
    (here / "site" / "stale.txt").write_text("from an older run", "utf-8")
    cli("report", rnd, "-o", "site", "--lang", "en", "--force")
    after = tree(here / "site")
    assert sorted(after) == sorted(before)  # stale.txt went with the old folder
    assert after["index.html"] != before["index.html"]
    assert sorted(p.name for p in here.iterdir()) == ["round", "site"]  # old folder removed


def test_report_without_force_keeps_a_folder_with_files(here, old_report):
    rnd, before = old_report
    result = cli("report", rnd, "-o", "site", "--lang", "en", code=2)
    assert result.stderr == (
        "star-rate: error: site exists and is not empty; use --force to replace it\n"
    )
    assert tree(here / "site") == before


def test_report_over_a_file_is_a_clear_error(here):
    rnd = small_round(here / "round")
    (here / "afile").write_text("keep me", "utf-8")
    result = cli("report", rnd, "-o", "afile", "--force", code=1)
    assert result.stderr == "star-rate: error: afile is a file, not a folder\n"
    assert (here / "afile").read_text("utf-8") == "keep me"


def test_report_under_a_file_is_a_clear_error(here):
    rnd = small_round(here / "round")
    (here / "afile").write_text("keep me", "utf-8")
    result = cli("report", rnd, "-o", "afile/sub", code=1)
    assert result.stderr == "star-rate: error: afile/sub: afile is a file, not a folder\n"


def test_report_into_a_read_only_folder_is_a_clear_error(here, monkeypatch):
    rnd = small_round(here / "round")
    (here / "ro").mkdir()
    real_mkdir = os.mkdir

    def read_only(path, *args, **kwargs):
        if Path(os.fsdecode(path)).parent.name == "ro":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    result = cli("report", rnd, "-o", "ro/site", code=1)
    assert result.stderr == (
        "star-rate: error: ro/site: cannot write to folder ro: Permission denied\n"
    )
    assert list((here / "ro").iterdir()) == []


def test_report_into_proc_is_a_clear_error(here):
    rnd = small_round(here / "round")
    result = cli("report", rnd, "-o", "/proc/star-rate-report", code=1)
    assert result.stderr.startswith(
        "star-rate: error: /proc/star-rate-report: cannot write to folder /proc: "
    )
    assert result.stderr.count("\n") == 1


def test_export_under_a_file_says_it_is_a_file(here):
    rnd = small_round(here / "round")
    (here / "afile").write_text("keep me", "utf-8")
    result = cli("export", rnd, "-o", "afile/x.csv", code=1)
    assert result.stderr == "star-rate: error: afile/x.csv: afile is a file, not a folder\n"


def test_an_os_error_while_reading_names_the_path_and_reason(here, monkeypatch):
    from star_rating import api

    def unreadable(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "round/round.yaml")

    monkeypatch.setattr(api, "run", unreadable)
    result = cli("score", here, code=1)
    assert result.stderr == "star-rate: error: round/round.yaml: Permission denied\n"


# --- report: linear time, sandboxed templates ---------------------------------------


def test_the_input_fingerprint_is_computed_once_per_report(here, monkeypatch):
    from star_rating import api
    from star_rating.outputs import report

    calls = []
    real = report._fingerprint
    monkeypatch.setattr(report, "_fingerprint", lambda h: calls.append(1) or real(h))
    scored = api.run(small_round(here / "round"))
    written = report.write_report(scored, here / "site", "md", "en")
    assert len(written) == 5  # the summary, 3 community pages, 1 street page
    assert len(calls) == 1


def test_template_dir_cannot_reach_python_internals(here):
    rnd = small_round(here / "round")
    (here / "tpl").mkdir()
    (here / "tpl" / "index.html").write_text(
        "{{ cycler.__init__.__globals__.os.popen('echo PWNED > pwned.txt; id').read() }}",
        "utf-8",
    )
    result = cli("report", rnd, "-o", "site", "--template-dir", "tpl", code=1)
    assert result.stderr == (
        "star-rate: error: report template index.html: access to attribute '__init__' of "
        "'type' object is unsafe.\n"
    )
    assert not (here / "pwned.txt").exists()
    assert not (here / "site").exists()
    assert sorted(p.name for p in here.iterdir()) == ["round", "tpl"]


# --- stdout: closed pipes, full disks ------------------------------------------------


def sh(args: str, then: str, tmp_path: Path) -> tuple[int, str]:
    """``star-rate ARGS THEN`` in bash with pipefail: the exit code of the pipeline
    and star-rate's own stderr."""
    err = tmp_path / "stderr.txt"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {STAR_RATE} {args} 2>{err} {then}"],
        cwd=tmp_path,
        timeout=120,
    )
    return done.returncode, err.read_text("utf-8")


@pytest.mark.parametrize(
    "args, reader",
    [
        ("--format json", "head -c 10"),
        ("--format json", "true"),  # closed before anything is written
        ("--format csv", "true"),
        ("", "head -n 1"),
        ("", "true"),
    ],
)
def test_a_closed_pipe_ends_quietly(tmp_path, args, reader):
    code, err = sh(f"score {SAMPLE} {args}", f"| ({reader} >/dev/null)", tmp_path)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args", ["--format json", "--format csv", ""])
def test_a_full_disk_under_stdout_is_a_clear_error(tmp_path, args):
    code, err = sh(f"score {SAMPLE} {args}", ">/dev/full", tmp_path)
    assert (code, err) == (
        1,
        "star-rate: error: cannot write to standard output: No space left on device\n",
    )


def test_csv_to_a_broken_stream_leaves_the_stream_open():
    """No text wrapper is left over the caller's stream to close it when collected."""
    from star_rating import api
    from star_rating.outputs.csvout import write_csv

    class Broken(io.BytesIO):
        def write(self, data):
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    scored = api.run(SAMPLE)
    stream = Broken()

    def attempt():
        with pytest.raises(BrokenPipeError):
            write_csv(scored.scheme, scored.result, "en", stream, block=4)

    attempt()
    gc.collect()
    assert not stream.closed


# --- Ctrl-C ---------------------------------------------------------------------------


def test_ctrl_c_while_reviews_are_read(here, monkeypatch):
    """Ctrl-C in the middle of reading: one line, exit 130, nothing on stdout."""
    from star_rating.loading import reviews

    rnd = generate_round(3, here / "round")

    def interrupted(self, path):
        raise KeyboardInterrupt

    monkeypatch.setattr(reviews.ReviewReader, "read", interrupted)
    result = cli("score", rnd, code=130)
    assert result.stderr == "star-rate: interrupted\n"
    assert result.stdout == ""


def test_report_never_replaces_a_folder_holding_its_inputs(here):
    rnd = small_round(here / "round")
    before = tree(rnd)
    result = cli("report", rnd, "-o", "round", "--force", code=2)
    assert result.stderr == (
        "star-rate: error: round is an input of this command; choose another output folder\n"
    )
    result = cli("report", rnd, "-o", ".", "--force", code=2)
    assert result.stderr == (
        "star-rate: error: . holds round, an input of this command; choose another output folder\n"
    )
    assert tree(rnd) == before


def test_report_never_replaces_the_current_folder(here, monkeypatch):
    rnd = small_round(here / "round")
    (here / "site").mkdir()
    (here / "site" / "notes.txt").write_text("mine", "utf-8")
    monkeypatch.chdir(here / "site")
    result = cli("report", rnd, "-o", ".", "--force", code=2)
    assert result.stderr == (
        "star-rate: error: . is the current folder or holds it; choose another output folder\n"
    )
    assert (here / "site" / "notes.txt").read_text("utf-8") == "mine"
