"""A classic mistake: δ^L of the quadratic cost, (a - y) σ'(z), used with cross-entropy.

Appended to the worked answers of its chapter, this replaces the right function."""

def cross_entropy_output_error(z, a, y):
    return [(a_j - y_j) * sigmoid_prime(z_j) for z_j, a_j, y_j in zip(z, a, y)]
