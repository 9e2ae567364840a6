"""A classic mistake: sigmoid written the obvious way: math.exp(1000) raises OverflowError for z = -1000.

Appended to the worked answers of its chapter, this replaces the right function."""

def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))
