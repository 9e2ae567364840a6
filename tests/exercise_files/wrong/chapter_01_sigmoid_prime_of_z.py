"""A classic mistake: σ' computed from z instead of σ(z): z(1 - z).

Appended to the worked answers of its chapter, this replaces the right function."""

def sigmoid_prime(z):
    return z * (1.0 - z)
