"""A classic mistake: BP2 with w δ instead of wᵀ δ.

Appended to the worked answers of its chapter, this replaces the right function."""

def backpropagate_error(w_next, delta_next, z):
    return [sum(w_next[j][k] * delta_next[k] for k in range(len(delta_next))) * sigmoid_prime(z[j])
            for j in range(len(z))]
