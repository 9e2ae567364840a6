"""A classic mistake: BP2 with σ'(z^l) applied twice.

Appended to the worked answers of its chapter, this replaces the right function."""

def backpropagate_error(w_next, delta_next, z):
    return [sum(w_next[k][j] * delta_next[k] for k in range(len(delta_next))) * sigmoid_prime(z[j]) ** 2
            for j in range(len(z))]
