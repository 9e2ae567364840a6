"""A classic mistake: Gradient descent that adds the step: w + η ∂C/∂w.

Appended to the worked answers of its chapter, this replaces the right function."""

def gradient_descent_step(w, b, x, y, eta):
    nabla_w, nabla_b = neuron_gradient(w, b, x, y)
    return [w_k + eta * g_k for w_k, g_k in zip(w, nabla_w)], b + eta * nabla_b
