"""Writing files so that they are never half-written.

Every file purenn writes (models, pictures) goes through ``write_atomically``:
the data goes to a temporary file in the same folder, which is then renamed
over the target.  A rename within one folder is atomic, so whoever opens the
file sees the old version or the new one, never a mix, even if the program is
killed mid-write.
"""

import os
import tempfile


def write_atomically(path, data):
    """Replace the file at `path` with `data` (str or bytes) in one step."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".purenn-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.chmod(temporary, _file_mode(path))  # mkstemp made it private (0600)
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _file_mode(path):
    """The permissions the file should get: the old file's, else those of any new file."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)  # the only way to read the umask is to set it
        os.umask(umask)
        return 0o666 & ~umask


class OutputError(ValueError):
    """A file cannot be written where the user asked for it."""


def check_writable(path):
    """Raise OutputError now if `path` cannot be written later (no such folder, or read-only).

    Better to hear it before a long training run than after its first epoch.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"{path}: cannot write (No such file or directory)")
    if os.path.isdir(path):
        raise OutputError(f"{path}: cannot write (Is a directory)")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{path}: cannot write (Permission denied)")


def cannot_read(path, error, kind):
    """One line saying why `path` (which should be `kind`, e.g. "a CSV file") could not be read."""
    if isinstance(error, FileNotFoundError):
        return f"{path}: no such file"
    if isinstance(error, IsADirectoryError):
        return f"{path}: is a folder, not {kind}"
    if isinstance(error, PermissionError):
        return f"{path}: permission denied"
    return f"{path}: cannot read ({error.strerror or error})"
