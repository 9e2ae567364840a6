"""Train purenn on MNIST from a fresh clone: python main.py --hidden 30 --epochs 5"""

import sys

from purenn.app.cli import main

if __name__ == "__main__":
    sys.exit(main())
