"""A classic mistake: δ^L of the cross-entropy cost, a - y, for this chapter's quadratic cost.

Appended to the worked answers of its chapter, this replaces the right function."""

def output_error(z, a, y):
    return [a_j - y_j for a_j, y_j in zip(a, y)]
