"""``python -m purenn.bench``: the speed benchmark, which lives in purenn/app/bench.py."""

from .app.bench import main

if __name__ == "__main__":
    main()
