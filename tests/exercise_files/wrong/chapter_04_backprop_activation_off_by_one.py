"""A classic mistake: backprop's BP4 with a^l instead of a^{l-1}.

Appended to the worked answers of its chapter, this replaces the right function."""

def backprop(weights, biases, x, y):
    zs, activations = forward_pass(weights, biases, x)
    L = len(weights)
    nabla_b = [None] * L
    nabla_w = [None] * L
    delta = output_error(zs[-1], activations[-1], y)
    for l in range(L - 1, -1, -1):
        nabla_b[l] = bias_gradient(delta)
        nabla_w[l] = weight_gradient(delta, activations[l + 1])
        if l > 0:
            delta = backpropagate_error(weights[l], delta, zs[l - 1])
    return nabla_b, nabla_w
