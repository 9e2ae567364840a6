"""An ensemble: several trained networks that answer together, by averaging their outputs.

Nielsen's chapter 6 ("Using an ensemble of networks") gets 99.67% from five conv networks of
about 99.6% each, made "to vote to determine the best classification"; purenn averages what
they output instead (the softmax probabilities, or the sigmoid outputs), which keeps how sure
each network is:

    a(x) = (1/K) Σ_k a_k(x),   the answer: the digit with the largest a_j(x).

The sum runs over the members in order, one left-to-right ``sum`` per output, so the same
members give the same bits wherever they were trained (``ensemble.py`` trains them).

In a model file an ensemble is one JSON object holding its members' own model objects
(modelfile.py, convmodel.py), each exactly as ``--save`` would write it alone:

    {"format": "purenn-model", "version": 4, "kind": "ensemble", "combine": "mean",
     "members": [{"format": "purenn-model", "version": 3, "kind": "conv", ...}, ...],
     "training": {"seeds": [1, 2, 3], "epochs": 10, ...}}
"""

from ..vector import argmax

KIND = "ensemble"
VERSION = 4  # the first version with ensembles; networks keep their own versions (2, 3)
COMBINE = "mean"


class Ensemble:
    """K networks (Network or ConvNetwork, with the same outputs) whose outputs are averaged."""

    def __init__(self, members):
        members = list(members)
        if len(members) < 2:
            raise ValueError(f"an ensemble needs at least 2 networks, got {len(members)}")
        self.members = members
        first = members[0]
        # For the program's reports, as a single network has them.
        self.output_activation = first.output_activation
        self.hidden_activation = first.hidden_activation
        self.optimizer = first.optimizer

    def __repr__(self):
        return f"Ensemble({len(self.members)} x {describe(self.members[0])})"

    def feedforward(self, x):
        """(1/K) Σ_k a_k(x): each output averaged over the members, summed in their order."""
        return mean_outputs([member.feedforward(x) for member in self.members])

    def predict(self, x):
        return argmax(self.feedforward(x))

    def evaluate(self, data):
        """How many of the (x, label) pairs the ensemble gets right."""
        return sum(self.predict(x) == y for x, y in data)


def mean_outputs(outputs):
    """The mean of K output vectors, entry by entry: sum(column) / K, the members in order."""
    k = len(outputs)
    return [sum(column) / k for column in zip(*outputs)]


def describe(net):
    """A network's shape in a few words: its sizes, or a conv network's layers."""
    return net.describe() if hasattr(net, "describe") else str(net.sizes)


def to_dict(member_dicts, format_name, training):
    """The ensemble's JSON-ready dict, from its members' model dicts (modelfile.to_dict's)."""
    return {"format": format_name, "version": VERSION, "kind": KIND, "combine": COMBINE,
            "training": training, "members": list(member_dicts)}


def from_dict(model, member_from_dict):
    """(Ensemble, training dict) from a dict made by ``to_dict``; ValueError says what is wrong.

    member_from_dict is modelfile.from_dict, which builds and checks each member.
    """
    version = model.get("version")
    if type(version) is not int or version != VERSION:
        raise ValueError(f"an ensemble needs version {VERSION}, found {version!r}")
    combine = model.get("combine", COMBINE)
    if combine != COMBINE:
        raise ValueError(f"unknown combine {_short(combine)}; purenn averages the outputs (\"{COMBINE}\")")
    training = model.get("training", {})
    if not isinstance(training, dict):
        raise ValueError("training must be an object")
    saved = model.get("members")
    if not isinstance(saved, list) or len(saved) < 2:
        found = f"{len(saved)} members" if isinstance(saved, list) else _short(saved)
        raise ValueError(f"members must be a list of at least 2 models, found {found}")
    members = []
    for k, member in enumerate(saved):
        if isinstance(member, dict) and member.get("kind") == KIND:
            raise ValueError(f"members[{k}] is an ensemble itself; an ensemble holds networks")
        try:
            net, _ = member_from_dict(member)
        except ValueError as e:
            raise ValueError(f"members[{k}]: {e}") from None
        members.append(net)
    first = members[0]
    for k, net in enumerate(members[1:], 1):
        if n_outputs(net) != n_outputs(first) or net.output_activation is not first.output_activation:
            raise ValueError(f"members[{k}] has {n_outputs(net)} {net.output_activation.name} outputs, "
                             f"members[0] {n_outputs(first)} {first.output_activation.name}: "
                             f"their outputs cannot be averaged")
    return Ensemble(members), training


def n_outputs(net):
    return net.n_out if hasattr(net, "n_out") else net.sizes[-1]


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
