"""Pictures: PNG and PGM files, SVG learning curves, digit images and text art.

Written with the standard library only (zlib for PNG's compression).  The
core never imports from here.
"""
