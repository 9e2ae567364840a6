"""A classic mistake: softmax divided by the sum of the z's instead of the sum of the exponentials.

Appended to the worked answers of its chapter, this replaces the right function."""

def softmax(z):
    return [math.exp(z_j) / sum(z) for z_j in z]
