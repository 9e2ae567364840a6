"""A classic mistake: The neuron's gradient without σ'(z).

Appended to the worked answers of its chapter, this replaces the right function."""

def neuron_gradient(w, b, x, y):
    a = sigmoid(sum(w_k * x_k for w_k, x_k in zip(w, x)) + b)
    return [(a - y) * x_k for x_k in x], a - y
