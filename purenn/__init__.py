"""purenn: a neural network for handwritten digits in plain Python, no NumPy.

The files of this folder are the tutorial core; read them in this order, each
using only those before it: vector.py, matrix.py, activations.py, costs.py,
initialization.py, dropout.py, divergence.py, optimizers.py, weight_decay.py
(a speed trick for L2), network.py, files.py, data.py: chapters 1-10 of the
tutorial need nothing more.  Beside them, for later chapters, each on its own:
autograd.py (chapter 4b: the same gradients by automatic differentiation) and
the convolutional networks of chapter 11, conv.py, pool.py, dense.py,
convnet.py and expand.py.  The pictures (pictures/) and the program around the
core (app/: command line, model files, bench, playground) live apart, and
nothing here imports from them.
"""

__version__ = "0.1.0"
