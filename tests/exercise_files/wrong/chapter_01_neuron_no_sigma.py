"""A classic mistake: The neuron returns its weighted input z, not σ(z).

Appended to the worked answers of its chapter, this replaces the right function."""

def neuron(w, b, x):
    return sum(w_j * x_j for w_j, x_j in zip(w, x)) + b
