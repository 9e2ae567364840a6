"""purenn: a neural network for handwritten digits in plain Python, no NumPy.

Read it in this order: vector.py, matrix.py, activations.py, costs.py,
optimizers.py, network.py, data.py, cli.py.
"""

__version__ = "0.1.0"
