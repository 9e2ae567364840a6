"""A classic mistake: Weights transposed: the sum runs down column j of w instead of along row j.

Appended to the worked answers of its chapter, this replaces the right function."""

def layer(w, b, a):
    return [sigmoid(sum(w[k][j] * a[k] for k in range(len(a))) + b[j]) for j in range(len(b))]
