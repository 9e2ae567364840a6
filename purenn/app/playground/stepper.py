"""Backprop one step at a time, each step beside the line of network.py that computes it.

For one input x and a label y, `steps` lists what ``Network.forward_pass`` and
``Network.backprop`` compute, in the order they compute it:

    forward   a^0 = x, then z^l = w^l a^{l-1} + b^l and a^l = f(z^l) for l = 1 ... L
    backward  (BP1) δ^L, (BP3) ∂C/∂b^L, (BP4) ∂C/∂w^L, then for l = L-1 ... 1:
              (BP2) δ^l, (BP3) ∂C/∂b^l, (BP4) ∂C/∂w^l

Every number comes from those two methods of the network the page serves (the
backward pass's δ^l are backprop's ∂C/∂b^l, equal by BP3), rounded to
PRECISION significant digits; the page only draws them.  The first layer's
weight gradient, ∂C/∂w^1_jk = δ^1_j x_k, comes as one 28 x 28 tile per hidden
neuron j: the image, times δ^1_j.

The code beside each step is read from the source of the running program
(``inspect``), not copied here: `code_lines` finds the lines of ``forward_pass``
by their ``# z^l = ...`` and ``# a^l = ...`` comments and those of ``backprop``
by their ``(BP1)`` ... ``(BP4)`` comments, so the page cannot show code that is
not the code.  If network.py changes so that a line can no longer be found,
`SourceError` says which.
"""

import ast
import copy
import inspect
import os
import re
import textwrap

from ...data import N_PIXELS
from ...network import Network
from ...vector import argmax

PRECISION = 4  # significant digits of every number a step shows


class SourceError(RuntimeError):
    """A line the step-through shows cannot be found in network.py: the code changed."""


def significant(v, digits=PRECISION):
    """v rounded to `digits` significant digits: 0.000123456 -> 0.0001235."""
    return float(f"{v:.{digits}g}")


def shown(values):
    """A list of numbers as a step shows them."""
    return [significant(v) for v in values]


# ---------------------------------------------------------------- the lines of code

def source_lines(function):
    """[(line number in its file, line)] of a function's body after its docstring.

    The docstring is left out, so that a formula it quotes is never taken for
    the line of code that computes it.
    """
    lines, first = inspect.getsourcelines(function)
    statement = ast.parse(textwrap.dedent("".join(lines))).body[0].body[0]  # the def's first
    docstring = (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                 and isinstance(statement.value.value, str))
    after = statement.end_lineno if docstring else 1  # lines counted from 1, the def's own first
    return [(first + i, line.rstrip("\n")) for i, line in enumerate(lines) if i >= after]


def find(lines, pattern, function, count=1):
    """The lines matching `pattern`: exactly `count` of them, else SourceError."""
    found = [(number, line.strip()) for number, line in lines if re.search(pattern, line)]
    if len(found) != count:
        raise SourceError(f"{function} should have {count} line(s) matching {pattern!r}, "
                          f"found {len(found)}: has network.py changed?")
    return found


def next_code_line(lines, number):
    """The first line after line `number` that is neither blank nor only a comment."""
    for n, line in lines:
        if n > number and line.strip() and not line.strip().startswith("#"):
            return n, line.strip()
    raise SourceError(f"no line of code after line {number}")


def code_lines(network_class=Network):
    """{what: {"function", "file", "lines": [[number, text], ...]}}, read from the running source.

    what is "input", "z", "a" (forward_pass) or "BP1", "BP2", "BP3 L", "BP4 L",
    "BP3 l", "BP4 l" (backprop: BP3 and BP4 appear once for the output layer L
    and once in the loop over the hidden layers l).
    """
    forward, backward = network_class.forward_pass, network_class.backprop
    path = inspect.getsourcefile(backward)
    package = os.path.dirname(os.path.dirname(os.path.abspath(path)))  # purenn/'s parent folder
    file = os.path.relpath(path, package).replace(os.sep, "/")  # purenn/network.py
    f_lines, b_lines = source_lines(forward), source_lines(backward)
    f_name, b_name = f"{network_class.__name__}.forward_pass", f"{network_class.__name__}.backprop"
    found = {
        "input": (f_name, find(f_lines, r"^\s*activation = x\s*$", f_name)),
        "z": (f_name, find(f_lines, r"^\s*z = .*#\s*z\^l = ", f_name)),
        "a": (f_name, find(f_lines, r"^\s*activation = .*#\s*a\^l = ", f_name)),
        "BP1": (b_name, find(b_lines, r"#.*\(BP1\)", b_name)),
    }
    bp2 = find(b_lines, r"#.*\(BP2\)", b_name)
    found["BP2"] = (b_name, bp2 + [next_code_line(b_lines, bp2[0][0])])
    for bp in ("BP3", "BP4"):
        output_layer, hidden_layers = find(b_lines, rf"#.*\({bp}\)", b_name, count=2)
        found[f"{bp} L"] = (b_name, [output_layer])
        found[f"{bp} l"] = (b_name, [hidden_layers])
    return {what: {"function": function, "file": file, "lines": [list(line) for line in lines]}
            for what, (function, lines) in found.items()}


# ---------------------------------------------------------------- the steps

def cost_note(net):
    """What BP1 comes to for the network's cost (costs.py)."""
    notes = {"cross-entropy": "for the cross-entropy cost σ' cancels: δ^L = a^L − y (costs.py)",
             "log-likelihood": "for the log-likelihood cost with softmax: δ^L = a^L − y (costs.py)",
             "quadratic": "for the quadratic cost: δ^L = (a^L − y) ⊙ σ'(z^L) (costs.py)"}
    return notes.get(net.cost.name, f"the {net.cost.name} cost's delta (costs.py)")


def steps(net, x, label, code=None):
    """Every step of forward_pass and backprop for input x and label y, as the page shows them.

    Returns a list of dicts: "pass" ("forward" or "backward"), "symbol" (z^1,
    δ^2, ...), "title", "equation", "code" (see code_lines), "note", and the
    numbers: "values" (a vector or the image), "rows" (a weight gradient
    matrix) or "tiles" (the first layer's weight gradient, one tile a neuron).
    """
    code = code or code_lines(type(net))
    if net.dropout or net.input_dropout:  # a network trained with dropout reads digits without it
        net = copy.copy(net)
        net.dropout = net.input_dropout = 0.0
    fs = net.activation_functions()
    zs, activations = net.forward_pass(x, fs)
    nabla_b, nabla_w = net.backprop(x, label)
    L = net.num_layers - 1
    names = [f.name for f in fs]

    def layer_kind(l):
        return "output" if l == L else "hidden"

    result = [dict(pass_="forward", symbol="a^0", title="The input: the 784 pixels the network reads",
                   equation="a^0 = x", what="input", kind="image", values=shown(x),
                   note="28 x 28 pixels from 0 (no ink) to 1, row by row")]
    for l in range(1, L + 1):
        result.append(dict(
            pass_="forward", symbol=f"z^{l}", what="z", kind="vector", layer=l, values=shown(zs[l - 1]),
            title=f"Layer {l} ({layer_kind(l)}): each neuron's weighted input",
            equation=f"z^{l} = w^{l} a^{l - 1} + b^{l}",
            note=f"one number for each of the {net.sizes[l]} neurons: its weights times layer {l - 1}'s "
                 f"activations, plus its bias"))
        result.append(dict(
            pass_="forward", symbol=f"a^{l}", what="a", kind="vector", layer=l, values=shown(activations[l]),
            title=f"Layer {l} ({layer_kind(l)}): each neuron's activation",
            equation=f"a^{l} = {names[l - 1]}(z^{l})",
            note="the network's answer: the largest is its digit" if l == L else
                 f"the {names[l - 1]} of each z: how strongly the neuron fires"))
    target = net.target(label)
    result.append(dict(
        pass_="backward", symbol=f"δ^{L}", what="BP1", bp="BP1", kind="vector", layer=L,
        values=shown(nabla_b[L - 1]), target=target,
        title=f"The output error for the label {label}",
        equation=f"δ^{L} = ∂C/∂z^{L} = ∇_a C ⊙ f'(z^{L})", note=cost_note(net)))
    for l in range(L, 0, -1):
        if l < L:
            result.append(dict(
                pass_="backward", symbol=f"δ^{l}", what="BP2", bp="BP2", kind="vector", layer=l,
                values=shown(nabla_b[l - 1]),
                title=f"Layer {l}'s error, from layer {l + 1}'s",
                equation=f"δ^{l} = ((w^{l + 1})ᵀ δ^{l + 1}) ⊙ {names[l - 1]}'(z^{l})",
                note=f"each neuron's share of the error: layer {l + 1}'s δ carried back along its "
                     f"weights, times how fast the neuron's own activation changes (here l = {l})"))
        which = "L" if l == L else "l"
        result.append(dict(
            pass_="backward", symbol=f"∂C/∂b^{l}", what=f"BP3 {which}", bp="BP3", kind="vector", layer=l,
            values=shown(nabla_b[l - 1]), title=f"The gradient of layer {l}'s biases",
            equation=f"∂C/∂b^{l} = δ^{l}",
            note="a bias moves its neuron's z one for one, so its gradient is the neuron's δ"))
        gradient = dict(
            pass_="backward", symbol=f"∂C/∂w^{l}", what=f"BP4 {which}", bp="BP4", layer=l,
            title=f"The gradient of layer {l}'s weights",
            equation=f"∂C/∂w^{l}_jk = δ^{l}_j a^{l - 1}_k, all of them: δ^{l} (a^{l - 1})ᵀ")
        rows = nabla_w[l - 1].rows  # a Matrix; outer() builds its rows only now
        if l == 1 and net.sizes[0] == N_PIXELS:  # the input is an image: a tile for each neuron
            gradient.update(kind="tiles", tiles=[
                {"neuron": j, "delta": significant(nabla_b[0][j]), "values": shown(row)}
                for j, row in enumerate(rows)],
                scale=significant(max((abs(v) for row in rows for v in row), default=0.0)),
                note="one tile for each neuron j: the image times δ^1_j, so it has the image's shape "
                     "and the sign of δ^1_j; orange is a positive gradient (SGD will lower that "
                     "weight), blue a negative one, all on one scale")
        else:
            gradient.update(kind="matrix", rows=[shown(row) for row in rows],
                            scale=significant(max((abs(v) for row in rows for v in row), default=0.0)),
                            note=f"row j, column k: δ^{l}_j times a^{l - 1}_k; orange positive, blue negative")
        result.append(gradient)
    for step in result:
        step["pass"] = step.pop("pass_")
        step["code"] = code[step.pop("what")]
    return result


def step_through(net, x, label, code=None):
    """The whole answer of /api/backprop: the network's shape, its reading of x, and the steps."""
    output = net.feedforward(x)
    return {"sizes": net.sizes, "label": label, "precision": PRECISION,
            "output": shown(output), "prediction": argmax(output),
            "steps": steps(net, x, label, code)}
