"""A classic mistake: feedforward with each layer's weights transposed (its own loop, not layer()).

Appended to the worked answers of its chapter, this replaces the right function."""

def feedforward(weights, biases, x):
    a = list(x)
    for w, b in zip(weights, biases):
        a = [sigmoid(sum(w[k][j] * a[k] for k in range(len(w))) + b[j]) for j in range(len(b))]
    return a
