"""``python -m purenn`` does what ``python main.py`` does."""

import sys

from .cli import main

sys.exit(main())
