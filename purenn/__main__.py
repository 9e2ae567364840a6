"""``python -m purenn`` does what ``python main.py`` does."""

import sys

from .app.cli import main

sys.exit(main())
