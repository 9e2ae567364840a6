"""A classic mistake: A true convolution: the filter flipped before it is laid on the image.

Appended to the worked answers of its chapter, this replaces the right function."""

def conv_forward(x, in_shape, filters, biases, k):
    c, h, w = in_shape
    z = []
    for f, weights in enumerate(filters):
        for i in range(h - k + 1):
            for j in range(w - k + 1):
                total = biases[f]
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            total += weights[(ch * k + k - 1 - p) * k + k - 1 - q] * x[(ch * h + i + p) * w + j + q]
                z.append(total)
    return z
