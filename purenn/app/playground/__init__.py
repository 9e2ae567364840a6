"""The playground: a web page where you draw a digit and watch the network read it.

``python main.py serve`` (and training with ``--serve``) runs it; the command
line (cli.py) only starts it.  Read its modules in this order:

    checks.py    what a request may hold: each JSON body checked field by field
    models.py    the model that ships with purenn, and copies of a network
    digits.py    one digit through the network: a drawing made like MNIST, every layer's output
    convview.py  the same for a conv network: its filters and feature maps
    stepper.py   backprop one step at a time, each step beside the line of network.py it runs
    teach.py     a few SGD steps on your own digit, with undo, reset and save
    pages.py     class Playground: the answer to each of the page's requests, no HTTP
    live.py      --serve: a training run's network as the page sees it while it learns
    server.py    the HTTP server (the standard library's http.server) and its safety limits
    web/         the page itself: index.html, style.css, app.js (it draws; it computes nothing)

Everything the page shows is computed here, in Python, by purenn's own code.
"""
