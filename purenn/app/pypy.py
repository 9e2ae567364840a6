"""On PyPy, run the program with a 16 MB young-object area (its "nursery").

PyPy puts every new object in a small area, the nursery; when it is full, it
moves the objects still in use to the old ones and reuses the whole area.  It
sweeps the old objects only when they have grown to ~1.8 times what was in use
after the last sweep, and a sweep goes over every one of them: with 60,000
images loaded, about a fifth of a second.  PyPy sizes the nursery from the
processor's cache: 1 MB on our machine (``PYPYLOG=gc-set-nursery-size:- pypy3
-c pass`` prints it).  A conv network's training step makes ~2.4 MB of new
lists an image, so a 1 MB nursery fills two or three times an image, and each
time the ~175 KB still in use (a layer's last input and output) joins the old
objects: 425 KB of garbage an image.  A 16 MB nursery fills every seventh
image, and 36 KB an image is left for the sweeps.

Measured on our 2-core machine (PYPYLOG=gc-minor counts; times while other
jobs ran, taking turns): the one-conv-layer network of chapter 11 trained at
3.0 ms an image with 16 MB against 3.4 to 4.0 with 1 MB, and the README
command's peak memory fell from 425 MB to 306 MB.  The numbers computed are
the same: the setting changes when memory is freed, not what is computed.
PyPy reads the size only when it starts, from the environment variable
PYPY_GC_NURSERY, so the program starts itself again once with it set.  Set
PYPY_GC_NURSERY yourself to choose another size.  CPython frees each object
when its last reference goes and needs none of this.
"""

import os
import platform
import sys

NURSERY = "16MB"


def wants_restart(implementation, environ, os_name):
    """True if this is PyPy on a POSIX system and PYPY_GC_NURSERY is not set yet."""
    return implementation == "PyPy" and os_name == "posix" and "PYPY_GC_NURSERY" not in environ


def restart_command(executable, argv, module=None):
    """The command line that runs this program again.

    module: the module run with ``-m`` (``purenn``, ``purenn.bench``), None for a script.
    """
    if module:
        return [executable, "-m", module] + argv[1:]
    return [executable] + argv


def main_module():
    """The module name ``python -m`` ran ("purenn", not "purenn.__main__"), None for a script."""
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    if spec is None:
        return None
    name = spec.name
    return name[:-len(".__main__")] if name.endswith(".__main__") else name


def restart_with_larger_nursery():
    """Start this program again under PyPy with PYPY_GC_NURSERY=16MB (no-op elsewhere)."""
    if not wants_restart(platform.python_implementation(), os.environ, os.name):
        return
    os.environ["PYPY_GC_NURSERY"] = NURSERY
    sys.stdout.flush()
    command = restart_command(sys.executable, sys.argv, main_module())
    os.execv(command[0], command)
