"""A classic mistake: The quadratic cost without its ½.

Appended to the worked answers of its chapter, this replaces the right function."""

def quadratic_cost(a, y):
    return sum((a_j - y_j) ** 2 for a_j, y_j in zip(a, y))
