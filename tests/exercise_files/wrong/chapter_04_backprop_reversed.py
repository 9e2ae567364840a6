"""A classic mistake: backprop appends the gradients as it finds them: output layer first.

Appended to the worked answers of its chapter, this replaces the right function."""

def backprop(weights, biases, x, y):
    zs, activations = forward_pass(weights, biases, x)
    nabla_b, nabla_w = [], []
    delta = output_error(zs[-1], activations[-1], y)
    for l in range(len(weights) - 1, -1, -1):
        nabla_b.append(bias_gradient(delta))
        nabla_w.append(weight_gradient(delta, activations[l]))
        if l > 0:
            delta = backpropagate_error(weights[l], delta, zs[l - 1])
    return nabla_b, nabla_w
