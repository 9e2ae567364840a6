"""A classic mistake: BP2 without σ'(z^l).

Appended to the worked answers of its chapter, this replaces the right function."""

def backpropagate_error(w_next, delta_next, z):
    return [sum(w_next[k][j] * delta_next[k] for k in range(len(delta_next))) for j in range(len(z))]
