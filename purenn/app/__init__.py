"""The program around the core: the command line, model files, the bench.

Nothing in the core (``purenn/*.py``) imports from here; everything here
imports the core.
"""
