"""What a request to the playground may hold: every JSON body checked field by field.

A server answers whoever connects, so nothing a request sends is used before
it is checked here: the body must be JSON (NaN and Infinity are not), an
object with exactly the keys asked for, and each value of the right type and
in range.  Whatever is wrong raises `RequestError` with one line saying what,
which the server answers with 400 (server.py); a request that is well formed
but cannot be done now raises `StateError`, answered with 409.

>>> check_whole("steps", 5, 1, 20)
5
>>> check_whole("steps", 5.0, 1, 20)
Traceback (most recent call last):
...
purenn.app.playground.checks.RequestError: steps must be a whole number from 1 to 20, found 5.0
"""

import json

from ...data import N_PIXELS


class RequestError(ValueError):
    """A request that cannot be answered as asked: bad JSON, a wrong size, a value out of range."""


class StateError(ValueError):
    """A good request that cannot be done now: nothing to undo, no --save, teaching while a run trains."""


def parse_json(body):
    """The value in a JSON body; RequestError if it is not JSON (NaN and Infinity are not)."""
    try:
        return json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as e:  # UnicodeDecodeError is a ValueError
        raise RequestError(f"not valid JSON ({str(e)[:100]})") from None


def _reject_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def check_keys(request, keys):
    """The request, if it is a JSON object with exactly `keys`; RequestError otherwise."""
    wanted = ", ".join(keys) if keys else "no keys"
    if not isinstance(request, dict):
        raise RequestError(f"expected a JSON object with {wanted}")
    missing = [key for key in keys if key not in request]
    if missing:
        raise RequestError(f"missing {missing[0]}: expected a JSON object with {wanted}")
    unknown = [key for key in request if key not in keys]
    if unknown:
        raise RequestError(f"unexpected key {unknown[0][:30]!r}: expected a JSON object with {wanted}")
    return request


def is_number(value):
    """True for an int or a float (json gives nothing else for a number); a bool is not one."""
    return type(value) in (int, float)


def check_whole(name, value, low, high):
    """value, if it is a whole number from low to high (a JSON 5, not 5.0 or true)."""
    if type(value) is not int or not low <= value <= high:
        raise RequestError(f"{name} must be a whole number from {low} to {high}, found {value!r}"[:120])
    return value


def check_number(name, value, low, high):
    """value as a float, if it is a number from low to high (1e999 reads as infinity: too large)."""
    if not is_number(value) or not low <= value <= high:
        raise RequestError(f"{name} must be a number from {low} to {high}, found {value!r}"[:120])
    return float(value)


def check_label(value):
    """A digit's label, a whole number 0-9."""
    return check_whole("label", value, 0, 9)


def check_image(value):
    """An input as the network reads it: a list of 784 numbers from 0 to 1, as floats.

    The page sends back the "input" it was given for its drawing (digits.py),
    so the numbers are the ones the network has already read.
    """
    if not isinstance(value, list) or len(value) != N_PIXELS:
        found = len(value) if isinstance(value, list) else type(value).__name__
        raise RequestError(f"image must be a list of {N_PIXELS} numbers from 0 to 1, found {found}")
    for i, v in enumerate(value):
        if not is_number(v) or not 0 <= v <= 1:
            raise RequestError(f"image[{i}] must be a number from 0 to 1, found {v!r}"[:120])
    return [float(v) for v in value]
