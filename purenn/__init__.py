"""purenn: a neural network for handwritten digits in plain Python, no NumPy.

The files of this folder are the tutorial core; read them in this order, each
using only those before it: vector.py, matrix.py, activations.py, costs.py,
initialization.py, dropout.py, divergence.py, optimizers.py, network.py,
files.py, data.py.  The pictures (pictures/) and the program around the core
(app/: command line, model files, bench, playground) live apart, and nothing
here imports from them.
"""

__version__ = "0.1.0"
