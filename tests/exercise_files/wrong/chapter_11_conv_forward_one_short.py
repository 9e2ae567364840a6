"""A classic mistake: The output map one position short each way: range(h - k).

Appended to the worked answers of its chapter, this replaces the right function."""

def conv_forward(x, in_shape, filters, biases, k):
    c, h, w = in_shape
    z = []
    for f, weights in enumerate(filters):
        for i in range(h - k):
            for j in range(w - k):
                total = biases[f]
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            total += weights[(ch * k + p) * k + q] * x[(ch * h + i + p) * w + j + q]
                z.append(total)
    return z
