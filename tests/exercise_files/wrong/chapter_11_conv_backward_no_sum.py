"""A classic mistake: conv backward with = where += belongs: no sum over the positions.

Appended to the worked answers of its chapter, this replaces the right function."""

def conv_backward(x, in_shape, filters, k, delta):
    c, h, w = in_shape
    oh, ow = h - k + 1, w - k + 1
    nabla_w = [[0.0] * len(weights) for weights in filters]
    nabla_b = [0.0] * len(filters)
    dx = [0.0] * len(x)
    for f, weights in enumerate(filters):
        for i in range(oh):
            for j in range(ow):
                d = delta[(f * oh + i) * ow + j]
                nabla_b[f] = d
                for ch in range(c):
                    for p in range(k):
                        for q in range(k):
                            t = (ch * k + p) * k + q
                            s = (ch * h + i + p) * w + j + q
                            nabla_w[f][t] = d * x[s]
                            dx[s] += weights[t] * d
    return nabla_w, nabla_b, dx
