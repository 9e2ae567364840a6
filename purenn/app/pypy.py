"""On PyPy, run the program with a 16 MB young-object area (its "nursery").

PyPy puts every new object in a small area and, when the area is full, moves
the objects still in use to the old ones, which it sweeps only now and then.
It sizes the area from the processor's cache: 1 MB on our machine.  A
training step of a conv network makes ~1 MB of short-lived lists per image,
and the ~200 KB still in use each time the area fills (a layer's last input
and output) pile up among the old objects as garbage: a full sweep, which
goes over all 60,000 loaded images, then runs every few hundred images.
With 16 MB the area fills every ~15 images instead of every third, and
the garbage that survives is a fifteenth as much.

Measured on our 2-core machine: a conv network's training took about
two-thirds of the time, and the README command's peak memory fell from
383 MB to 290 MB (same numbers: the setting changes when memory is freed,
not what is computed).  PyPy reads the size only when it starts, from the
environment variable PYPY_GC_NURSERY, so the program starts itself again
once with it set.  Set PYPY_GC_NURSERY yourself to choose another size;
CPython frees each object when its last reference goes and needs none of this.
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
