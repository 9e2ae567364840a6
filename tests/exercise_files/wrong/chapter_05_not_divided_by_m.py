"""A classic mistake: The mini-batch step without dividing the summed gradient by m.

Appended to the worked answers of its chapter, this replaces the right function."""

def update_mini_batch(weights, biases, mini_batch, eta):
    sum_b = [[0.0] * len(b) for b in biases]
    sum_w = [[[0.0] * len(row) for row in w] for w in weights]
    for x, y in mini_batch:
        nabla_b, nabla_w = backprop(weights, biases, x, y)
        for l in range(len(weights)):
            sum_b[l] = [s + g for s, g in zip(sum_b[l], nabla_b[l])]
            sum_w[l] = [[s + g for s, g in zip(s_row, g_row)] for s_row, g_row in zip(sum_w[l], nabla_w[l])]
    new_weights = [[[w_jk - eta * g for w_jk, g in zip(row, g_row)] for row, g_row in zip(w, g_w)]
                   for w, g_w in zip(weights, sum_w)]
    new_biases = [[b_j - eta * g for b_j, g in zip(b, g_b)] for b, g_b in zip(biases, sum_b)]
    return new_weights, new_biases
