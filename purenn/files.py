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
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
