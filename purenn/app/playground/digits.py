"""One digit through the network: a drawing made to look like MNIST, and every layer's output.

The page sends a drawing; `drawing_to_input` prepares it exactly as ``python
main.py predict`` prepares an image file (`image.to_mnist`: crop to the ink,
scale into a 20-pixel box, centre by mass in 28 x 28), and `analyse` answers
with what every layer of the network did with it:

    {"input": 784 numbers, "hidden": [[a^1_j ...], ...], "output": [a^L_j ...],
     "prediction": 7}

and, for a conv network (convnet.py), "maps": the first conv layer's feature
maps of the input (convview.py).
"""

from ...convnet import ConvNetwork
from ...dense import FullyConnectedLayer
from ...pictures.image import to_mnist
from ...pictures.png import ImageError
from ...vector import add, argmax
from .checks import RequestError
from .convview import conv_activations, feature_maps, rounded

MAX_SIDE = 200  # the largest drawing accepted, in pixels each way


def layer_activations(net, x):
    """[a^1, ..., a^L]: every layer's activations for input x, a^l = f(w^l a^{l-1} + b^l).

    The same loop as ``Network.feedforward``, keeping each layer's a instead of
    only the last.  For a ConvNetwork: every layer's output, in its list of layers.
    """
    if isinstance(net, ConvNetwork):
        return conv_activations(net, x)
    activations = []
    a = x
    for w, b, f in zip(net.weights, net.biases, net.activation_functions()):
        a = f.fn(add(w @ a, b))
        activations.append(a)
    return activations


def analyse(net, x):
    """What the network does with one input x (784 floats): a JSON-ready dict.

    For a ConvNetwork, "hidden" holds the fully connected hidden layers, and
    "maps" the first conv layer's feature maps (see feature_maps).
    """
    activations = layer_activations(net, x)
    output = activations[-1]
    if isinstance(net, ConvNetwork):
        hidden = [a for layer, a in zip(net.layers[:-1], activations) if isinstance(layer, FullyConnectedLayer)]
        return {"input": rounded(x), "hidden": [rounded(a) for a in hidden],
                "maps": [rounded(m) for m in feature_maps(net, x)],
                "output": rounded(output), "prediction": argmax(output)}
    return {"input": rounded(x), "hidden": [rounded(a) for a in activations[:-1]],
            "output": rounded(output), "prediction": argmax(output)}


def drawing_to_input(request):
    """784 floats from a drawing {"width": w, "height": h, "pixels": [w*h gray ints 0-255]}.

    The pixels go row by row, 0 black; ink may be dark on light or light on dark,
    as in any image file `predict` reads.  Raises RequestError for a bad request,
    and for a drawing with no ink (to_mnist's ImageError).
    """
    if not isinstance(request, dict):
        raise RequestError("expected a JSON object with width, height and pixels")
    width, height, pixels = request.get("width"), request.get("height"), request.get("pixels")
    for name, side in (("width", width), ("height", height)):
        if type(side) is not int or not 1 <= side <= MAX_SIDE:
            raise RequestError(f"{name} must be a whole number from 1 to {MAX_SIDE}, found {side!r}"[:120])
    if not isinstance(pixels, list) or len(pixels) != width * height:
        found = len(pixels) if isinstance(pixels, list) else type(pixels).__name__
        raise RequestError(f"pixels must be a list of width x height = {width * height} numbers, "
                           f"found {found}")
    for i, v in enumerate(pixels):
        if type(v) is not int or not 0 <= v <= 255:
            raise RequestError(f"pixels[{i}] must be a whole number from 0 to 255, found {v!r}"[:120])
    rows = [pixels[y * width:(y + 1) * width] for y in range(height)]
    try:
        return to_mnist(rows, name="drawing")
    except ImageError as e:
        raise RequestError(str(e)) from None
