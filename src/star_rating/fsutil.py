"""Writing outputs safely: temp file, fsync, rename; never over an input.

* A file is written to a temporary sibling, flushed to disk, then published whole:
  with ``os.replace`` when it may replace what is there, or with ``os.link`` when it
  must not (the link fails if someone else created the file meanwhile, so two runs
  cannot both "write" the same new file).
* A folder of outputs (a report) is written into a temporary sibling folder and
  renamed into place; an old folder is moved aside first and removed only once the
  new one is in place.  On any failure the old folder is untouched and the
  temporary one removed.
* New files get the mode any tool's files get (``0o666`` less the umask), folders
  ``0o777`` less the umask; a replaced file or folder keeps its mode.
* A symbolic link where a file is written is replaced by the file; what it points
  to is never written.
* Every ``OSError`` becomes an :class:`OutputError` naming the path and the
  system's reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from star_rating.catalog import msg
from star_rating.errors import StarRateError, UsageError, display_path


class OutputError(StarRateError):
    """An output cannot be written (exit 1)."""


def reason(exc: OSError) -> str:
    """The system's words for an OSError ("Permission denied")."""
    return exc.strerror or str(exc)


def umask() -> int:
    """The process umask: from /proc where the system shows it (Linux), else read by
    setting it and putting it back."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    return 0o666 & ~umask()


def new_folder_mode() -> int:
    return 0o777 & ~umask()


def _kept_mode(path: Path, default: int, want_dir: bool) -> int:
    """The mode of what ``path`` is now (a file, or a folder), else ``default``."""
    try:
        st = os.lstat(path)
    except OSError:
        return default
    if stat.S_ISDIR(st.st_mode) if want_dir else stat.S_ISREG(st.st_mode):
        return stat.S_IMODE(st.st_mode) & 0o777
    return default


def check_folder_of(path: Path) -> None:
    """A clear error when the folder ``path`` goes into is missing, or is a file."""
    folder = path.parent if str(path.parent) else Path(".")
    for p in (folder, *folder.parents):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(
                msg(
                    "fs.parent_reason",
                    path=display_path(path),
                    folder=display_path(p),
                    why=reason(exc),
                )
            ) from None
        if not stat.S_ISDIR(st.st_mode):
            raise OutputError(
                msg("fs.parent_is_file", path=display_path(path), folder=display_path(p))
            )
        break
    if not folder.is_dir():
        raise OutputError(msg("fs.no_folder", path=display_path(path), folder=display_path(folder)))


def check_output(path: Path, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse to write over an input file, or over an existing file without ``force``."""
    check_folder_of(path)
    if path.exists() and path.is_dir():
        raise UsageError(msg("fs.is_folder", path=display_path(path)))
    if path.exists():
        target = path.resolve()
        for inp in inputs:
            if inp.exists() and inp.resolve() == target:
                raise UsageError(msg("fs.is_input", path=display_path(path)))
        if not force:
            raise _exists_error(path)


def _exists_error(path: Path) -> UsageError:
    return UsageError(msg("fs.exists", path=display_path(path)))


def _publish(tmp: str, path: Path, exclusive: bool) -> None:
    """Put the finished temp file at ``path``: replacing, or only if nothing is there."""
    if not exclusive:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise _exists_error(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        # a file system without hard links: claim the name, then fill it
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise _exists_error(path) from None
        os.replace(tmp, path)
    else:
        os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    ``exclusive``: fail with "exists; use --force" if ``path`` exists when the file is
    published (not only when the command started).  Otherwise an existing file is
    replaced and its mode kept; a symbolic link at ``path`` is replaced itself."""
    folder = path.parent if str(path.parent) else Path(".")
    check_folder_of(path)
    mode = new_file_mode() if exclusive else _kept_mode(path, new_file_mode(), want_dir=False)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _folder_error(path, folder, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        _publish(tmp, path, exclusive)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _write_error(display_path(path), exc) from None
        raise
    _sync_folder(folder)


def _folder_error(path: Path, folder: Path, exc: OSError) -> OutputError:
    return OutputError(
        msg(
            "fs.cannot_write_folder",
            path=display_path(path),
            folder=display_path(folder),
            why=reason(exc),
        )
    )


def _write_error(where: str, exc: OSError) -> OutputError:
    return OutputError(msg("fs.cannot_write", path=where, why=reason(exc)))


def _not_empty(path: Path) -> UsageError:
    return UsageError(msg("fs.not_empty", path=display_path(path)))


# --- folders -------------------------------------------------------------------


def _is_nonempty_dir(path: Path) -> bool:
    with os.scandir(path) as it:
        return any(True for _ in it)


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it (links resolved)."""
    real = Path(os.path.realpath(path))
    return real == folder or folder in real.parents


def check_output_folder(out: Path, force: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse a folder output that is a file, a folder with files in it without
    ``force``, or a folder that holds an input or the current folder (replacing it
    would remove them)."""
    if os.path.lexists(out):
        real = Path(os.path.realpath(out))
        for inp in inputs:
            if _within(inp, real):
                if Path(os.path.realpath(inp)) == real:
                    raise UsageError(msg("fs.folder_is_input", path=display_path(out)))
                raise UsageError(
                    msg("fs.folder_holds_input", path=display_path(out), input=display_path(inp))
                )
        if _within(Path.cwd(), real):
            raise UsageError(msg("fs.folder_is_cwd", path=display_path(out)))
    try:
        if os.path.lexists(out) and not out.is_dir():
            raise OutputError(msg("fs.is_file", path=display_path(out)))
        if out.is_dir() and _is_nonempty_dir(out) and not force:
            raise _not_empty(out)
    except OSError as exc:
        raise OutputError(msg("fs.reason", path=display_path(out), why=reason(exc))) from None
    parent = out.parent
    for p in (parent, *parent.parents):
        if os.path.lexists(p):
            if not p.is_dir():
                raise OutputError(
                    msg("fs.parent_is_file", path=display_path(out), folder=display_path(p))
                )
            break


@contextlib.contextmanager
def replaced_folder(out: Path, force: bool = False, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """A new empty folder to fill; when the block ends without error it becomes ``out``.

    The folder is a temporary sibling of ``out`` and is renamed into place whole.  An
    existing ``out`` with files in it is replaced only with ``force``: it is moved
    aside, the new folder renamed in, and only then removed.  On any error (or
    Ctrl-C) ``out`` is as it was and the temporary folder is removed.  A symbolic
    link at ``out`` to a folder stays: the folder it names is replaced.  A folder that
    holds one of ``inputs``, or the current folder, is refused."""
    if os.path.islink(out) and out.is_dir():
        out = Path(os.path.realpath(out))
    out = Path(os.path.abspath(out))
    check_output_folder(out, force, inputs)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            msg(
                "fs.cannot_create_folder",
                path=display_path(out),
                folder=display_path(parent),
                why=reason(exc),
            )
        ) from None
    mode = _kept_mode(out, new_folder_mode(), want_dir=True)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _folder_error(out, parent, exc) from None
    try:
        try:
            os.chmod(tmp, mode)
            yield tmp
            sync_tree(tmp)
            _swap_in(tmp, out, force)
        except OSError as exc:
            raise _write_error(_where(exc, tmp, out), exc) from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _where(exc: OSError, tmp: Path, out: Path) -> str:
    """The path an error is about, as it will be in ``out`` (not the temporary folder)."""
    if exc.filename is None:
        return display_path(out)
    path = Path(os.fsdecode(exc.filename))
    try:
        return display_path(out / path.relative_to(tmp))
    except ValueError:
        return display_path(path)


def _swap_in(tmp: Path, out: Path, force: bool) -> None:
    """Rename ``tmp`` to ``out``; an existing ``out`` is moved aside, then removed."""
    if not out.is_dir() or not _is_nonempty_dir(out):
        try:
            os.rename(tmp, out)  # also replaces an empty folder
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):  # filled meanwhile
                raise _not_empty(out) from None
            raise
        _sync_folder(out.parent)
        return
    if not force:
        raise _not_empty(out)
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    old = aside / out.name
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        with contextlib.suppress(OSError):
            aside.rmdir()
        raise
    _sync_folder(out.parent)
    shutil.rmtree(aside, ignore_errors=True)


def write_new(path: Path, data: bytes) -> None:
    """A new file in a folder being filled (see :func:`replaced_folder`): created
    exclusively, never through a link, with the umask's mode.  The folder is flushed
    to disk as a whole before it is swapped in (:func:`sync_tree`)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def sync_tree(folder: Path) -> None:
    """Every file under ``folder`` flushed to disk: one ``syncfs`` of its file system
    where the C library has it (Linux), else one ``fsync`` per file.  A write error the
    system found meanwhile (a full disk, an I/O error) is raised here."""
    if _syncfs(folder):
        return
    for root, _dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _syncfs(folder: Path) -> bool:
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), str(folder))
    finally:
        os.close(fd)
    return True
