"""A classic mistake: The mini-batch step added instead of subtracted, changing the lists in place.

Appended to the worked answers of its chapter, this replaces the right function."""

def update_mini_batch(weights, biases, mini_batch, eta):
    m = len(mini_batch)
    sum_b = [[0.0] * len(b) for b in biases]
    sum_w = [[[0.0] * len(row) for row in w] for w in weights]
    for x, y in mini_batch:
        nabla_b, nabla_w = backprop(weights, biases, x, y)
        for l in range(len(weights)):
            sum_b[l] = [s + g for s, g in zip(sum_b[l], nabla_b[l])]
            sum_w[l] = [[s + g for s, g in zip(s_row, g_row)] for s_row, g_row in zip(sum_w[l], nabla_w[l])]
    for l in range(len(weights)):
        for j in range(len(weights[l])):
            biases[l][j] += eta / m * sum_b[l][j]
            for k in range(len(weights[l][j])):
                weights[l][j][k] += eta / m * sum_w[l][j][k]
    return weights, biases
