"""``python -m purenn.app.playground SAVED.json [SHIPPED.json]``: make the shipped model (models.py)."""

import sys

from .models import make_shipped_model

if len(sys.argv) not in (2, 3):
    sys.exit("usage: python -m purenn.app.playground SAVED.json [SHIPPED.json]\n"
             "rounds a saved model's weights to 4 decimals: the model `python main.py serve` ships with")
make_shipped_model(*sys.argv[1:])
