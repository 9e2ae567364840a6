"""A classic mistake: A step after every sample of the mini-batch, each with η/m.

Appended to the worked answers of its chapter, this replaces the right function."""

def update_mini_batch(weights, biases, mini_batch, eta):
    m = len(mini_batch)
    for x, y in mini_batch:
        nabla_b, nabla_w = backprop(weights, biases, x, y)
        weights = [[[w_jk - eta / m * g for w_jk, g in zip(row, g_row)] for row, g_row in zip(w, g_w)]
                   for w, g_w in zip(weights, nabla_w)]
        biases = [[b_j - eta / m * g for b_j, g in zip(b, g_b)] for b, g_b in zip(biases, nabla_b)]
    return weights, biases
