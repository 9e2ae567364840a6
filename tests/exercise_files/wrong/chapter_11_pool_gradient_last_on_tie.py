"""A classic mistake: The pooling gradient given to the last of two equal maxima (>= instead of >).

Appended to the worked answers of its chapter, this replaces the right function."""

def max_pool_backward(z, in_shape, size, delta):
    c, h, w = in_shape
    dz = [0.0] * len(z)
    n = 0
    for ch in range(c):
        for I in range(h // size):
            for J in range(w // size):
                block = [(ch * h + I * size + p) * w + J * size + q for p in range(size) for q in range(size)]
                best = block[0]
                for i in block:
                    if z[i] >= z[best]:
                        best = i
                dz[best] = delta[n]
                n += 1
    return dz
