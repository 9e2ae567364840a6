"""One training run of the command line: load, train epoch by epoch, measure, report.

The loop to read is ``TrainingRun.train``: each epoch trains on the shuffled
training data, measures the network (an ``EpochResult``), remembers the best
epoch, saves, prints, and calls the ``after_epoch`` functions (``--plot``, and
whatever a new option adds there).  ``after_batch`` functions are called after
every mini-batch, for anything that wants to watch training as it happens
(``--serve``: live.py).
"""

import time
from typing import List, NamedTuple, Optional

from ..convnet import ConvNetwork, conv_layers
from ..data import IMAGE_SIZE, N_CLASSES, N_PIXELS, DataError, load_csv, split
from ..dense import SoftmaxLayer
from ..expand import expand, shifted_at_random
from ..files import check_writable
from ..activations import HIDDEN
from ..costs import COSTS
from ..matrix import Matrix
from ..network import Network
from ..optimizers import OPTIMIZERS
from . import modelfile, show
from .ensemblemodel import Ensemble
from .modelfile import ModelFileError
from .playground.live import keep_serving, serve_training
from ..pictures.weights import filter_grid_png, weight_grid_png
from .options import DEFAULT_HIDDEN, Settings, optimizer_settings, pool_sizes
from .report import describe_run, format_duration, percent, print_epoch, progress_bar, show_errors


class SampleCounts(NamedTuple):
    """How many samples each data set holds: what the counts of correct answers are out of."""
    test: int
    validation: int
    training: int


class DataSets(NamedTuple):
    training: list
    validation: list  # the last --validation samples of the training file, or []
    test: list

    def counts(self):
        return SampleCounts(len(self.test), len(self.validation), len(self.training))


class EpochResult(NamedTuple):
    """What was measured after one epoch: correct answers, and the costs --monitor asks for."""
    epoch: int
    test_correct: int
    validation_correct: Optional[int] = None  # None: no validation data
    training_correct: Optional[int] = None  # None: not monitored (likewise the costs)
    training_cost: Optional[float] = None
    evaluation_cost: Optional[float] = None  # on the validation data if there is some, else the test data

    @property
    def score(self):
        """What makes an epoch the best: its validation accuracy, else its test accuracy."""
        return self.test_correct if self.validation_correct is None else self.validation_correct


class BestEpoch(NamedTuple):
    """The best epoch so far, with a copy of its weights and biases (for --early-stop)."""
    epoch: int
    score: int
    weights: List[Matrix]
    biases: List[list]


def best_so_far(best, net, result):
    """`best`, or this epoch if it scores higher (of equal scores the first is kept)."""
    if best is not None and result.score <= best.score:
        return best
    if isinstance(net, ConvNetwork):
        return BestEpoch(result.epoch, result.score, *net.copy_parameters())
    return BestEpoch(result.epoch, result.score, [Matrix(w.rows) for w in net.weights],
                     [list(b) for b in net.biases])


def measure(net, epoch, data, settings):
    """The EpochResult of `net` after `epoch`: the test (and validation) accuracy, and what
    --monitor asks for; the costs include the L2 term ½(λ/n) Σ w², n the training set's size."""
    monitor, lmbda, n = settings.monitor, settings.lmbda, len(data.training)
    evaluation = data.validation or data.test
    return EpochResult(
        epoch, net.evaluate(data.test),
        validation_correct=net.evaluate(data.validation) if data.validation else None,
        evaluation_cost=net.total_cost(evaluation, lmbda, n) if "evaluation-cost" in monitor else None,
        training_cost=net.total_cost(data.training, lmbda, n) if "training-cost" in monitor else None,
        training_correct=net.evaluate(data.training) if "training-accuracy" in monitor else None)


class TrainingRun:
    """One run of the command: where it is (epoch, batch), its history and its best epoch."""

    def __init__(self):
        self.settings = None  # resolved from the options by run()
        self.epoch = 0  # 0 until training starts
        self.batch = 0  # mini-batches done in this epoch
        self.samples = 0  # samples done in this epoch
        self.eta = None  # this epoch's learning rate
        self.history = []  # one EpochResult per epoch
        self.best = None  # the BestEpoch so far
        self.after_batch = []  # functions f(net, samples done this epoch), after every mini-batch
        self.after_epoch = []  # functions f(net, EpochResult), after every epoch's line
        self.history_before = []  # a loaded model's history (see history_entry)
        self.counts = None  # the SampleCounts of this run's data

    def run(self, args):
        """The whole command: build or load the network, load the data, train and report."""
        for path in (args.save, args.plot, args.errors, args.weights):
            if path and path != "-":
                check_writable(path)  # now, not after the first epoch
        net = self.prepare(args)
        s = self.settings
        data = load_data(s)
        self.counts = data.counts()
        if not s.epochs:
            correct, n_test = net.evaluate(data.test), len(data.test)
            print(f"Test: {correct} / {n_test} correct ({percent(correct, n_test)})")
            show_errors(s.errors, net, data.test)
            save_weights(s.weights, net)
            return 0
        if s.serve:
            live, url = serve_training(self, net, data.test, s.host, s.port)
        line, title = describe_run(net, s, len(data.training))
        print(line)
        if s.plot:
            self.after_epoch.insert(0, lambda net, result: show.plot_history(
                s.plot, self.history, self.counts, title))
        start = time.perf_counter()
        self.train(net, data)
        self.finish(net, data.test, time.perf_counter() - start)
        show_errors(s.errors, net, data.test)
        save_weights(s.weights, net)
        if s.serve:
            keep_serving(live, url)
        return 0

    def prepare(self, args):
        """The network the options ask for, with the settings resolved; returns the network."""
        net, saved = network_from_options(args)
        s = self.settings = Settings.resolve(args, saved, net.hidden_activation.name, net.optimizer.name)
        self.history_before = saved.get("history", []) if isinstance(saved.get("history"), list) else []
        net.dropout = s.dropout
        net.input_dropout = s.input_dropout
        return net

    def train(self, net, data):
        """The epochs: train, measure, keep the best, save, report; stop early if told to."""
        s = self.settings
        self.eta = s.eta
        for self.epoch in range(1, s.epochs + 1):
            start = time.perf_counter()
            self.train_epoch(net, self.epoch_data(net, data.training))
            result = measure(net, self.epoch, data, s)
            self.history.append(result)
            self.best = best_so_far(self.best, net, result)
            self.eta *= s.eta_decay
            if s.save and (self.best.epoch == self.epoch or not s.early_stop):
                self.save(net)  # before the epoch line, so a printed epoch is a saved one
            print_epoch(result, time.perf_counter() - start, self.counts, s.epochs)
            for after_epoch in self.after_epoch:
                after_epoch(net, result)
            if s.early_stop and self.epoch - self.best.epoch >= s.early_stop:
                print(f"No better validation accuracy for {self.epoch - self.best.epoch} epochs: "
                      f"stopping early.")
                break

    def epoch_data(self, net, training_data):
        """The epoch's training data: with --shift N, every sample moved at random, drawn anew.

        The shifts are drawn by the network's own Random, the one that shuffles:
        its state is saved in the model file, so a run continued with --load
        shifts as the uninterrupted run would have.
        """
        if not self.settings.shift:
            return training_data
        return shifted_at_random(training_data, net.rng, self.settings.shift)

    def train_epoch(self, net, training_data):
        """One epoch of Network.train_epoch, with a progress bar and the after_batch calls."""
        s = self.settings
        self.batch = self.samples = 0
        bar = progress_bar(len(training_data), f"Epoch {self.epoch}/{s.epochs}", s.quiet)

        def progress(m):
            self.batch += 1
            self.samples += m
            bar.update(m)
            for after_batch in self.after_batch:
                after_batch(net, self.samples)
        try:
            net.train_epoch(training_data, s.batch_size, self.eta, s.lmbda, progress=progress)
        finally:
            bar.close()

    def save(self, net):
        """Save the network with the settings to continue from, eta being the next epoch's."""
        modelfile.save(net, self.settings.save, training=self.training_record())

    def training_record(self):
        """What a model file remembers of this run: the settings, the epochs, the history."""
        s = self.settings
        history = self.history_before + [history_entry(result, self.counts, s.epochs_before)
                                         for result in self.history]
        return dict(s.remembered(), eta=self.eta, epochs=s.epochs_before + self.epoch, seed=s.seed,
                    history=history)

    def finish(self, net, test_data, seconds):
        """The last line; with --early-stop, the best epoch's weights go back into the network."""
        n_test, best = len(test_data), self.best
        last = self.history[-1].test_correct
        if self.settings.early_stop:
            if isinstance(net, ConvNetwork):
                net.set_parameters(best.weights, best.biases)
            else:
                net.weights, net.biases = best.weights, best.biases
            last = net.evaluate(test_data)
            print(f"Kept the weights of epoch {best.epoch}: test {percent(last, n_test)}")
        # No "best test accuracy": picking the best of the epochs' test accuracies uses the test
        # set to choose.  With --validation the epoch is chosen on the validation data, and its
        # test accuracy is an honest estimate of what that choice gives.
        line = f"Done in {format_duration(seconds)}: final {percent(last, n_test)}"
        if self.settings.validation:
            chosen = next(result.test_correct for result in self.history if result.epoch == best.epoch)
            line += f", best validation epoch {best.epoch} (test {percent(chosen, n_test)})"
        print(line)


def save_weights(path, net):
    """--weights: the first layer's weights as a PNG grid of tiles (see pictures/weights.py);
    a conv network's first conv layer, one tile per filter."""
    if path and isinstance(net, ConvNetwork):
        layer = net.layers[0]
        filter_grid_png(path, layer.weights, layer.in_shape[0])
        print(f"Saved the {layer.n_filters} filters ({layer.k} x {layer.k}) of the first conv layer to {path}")
    elif path:
        weight_grid_png(path, net.weights[0])
        print(f"Saved the weights of {net.sizes[1]} neurons to {path}")


def history_entry(result, counts, epochs_before):
    """One epoch of the history a saved model keeps (``compare`` draws it): its numbers,
    what they are out of, and its epoch counted from the model's very first one."""
    entry = {key: value for key, value in result._asdict().items() if value is not None}
    entry.update(epoch=epochs_before + result.epoch, test_samples=counts.test,
                 validation_samples=counts.validation, training_samples=counts.training)
    return entry


def network_from_options(args):
    """(network, saved training settings): the model in --load, else a new network."""
    if args.load:
        net, saved = load_mnist_model(args.load)
        if isinstance(net, Ensemble):
            return loaded_ensemble(net, saved, args)
        for given in ("expand", "shift"):
            if getattr(args, given) and not isinstance(net, ConvNetwork):
                raise ModelFileError(f"{args.load}: --{given} goes with a conv network, "
                                     f"and this one is {net.sizes}")
        print(f"Loaded {net} from {args.load}")
        if args.optimizer and args.optimizer != net.optimizer.name:
            saved = {key: value for key, value in saved.items() if key != "eta"}  # another optimizer's η
        net.optimizer = choose_optimizer(args, net.optimizer)
        return net, saved
    hidden = DEFAULT_HIDDEN if args.hidden is None else args.hidden  # --hidden alone: []
    cost = args.cost or ("log-likelihood" if args.output == "softmax" else "cross-entropy")
    if args.conv:
        return conv_network(args, hidden, COSTS[cost]), {}
    net = Network([N_PIXELS] + hidden + [N_CLASSES], cost=COSTS[cost],
                  hidden_activation=HIDDEN[args.activation or "sigmoid"], init=args.init or "scaled",
                  seed=args.seed, optimizer=choose_optimizer(args))
    return net, {}


def loaded_ensemble(net, saved, args):
    """A saved ensemble (ensemblemodel.py): it can be evaluated, not trained on or drawn."""
    n = len(net.members)
    if args.epochs:
        raise ModelFileError(f"{args.load}: an ensemble of {n} networks is evaluated (--epochs 0) or read "
                             f"by predict; to train more, train a new one with --ensemble {n}")
    if args.weights:
        raise ModelFileError(f"{args.load}: --weights draws one network's first layer, and this is an "
                             f"ensemble of {n}")
    for given in ("expand", "shift"):
        if getattr(args, given):
            raise ModelFileError(f"{args.load}: --{given} changes the training data, and an ensemble of "
                                 f"{n} networks is only evaluated")
    print(f"Loaded {net} from {args.load}")
    return net, saved


def conv_network(args, hidden, cost):
    """--conv's network: conv-pool layers, the --hidden layers, the output layer (convnet.py)."""
    activation = HIDDEN[args.activation or "sigmoid"]
    output = SoftmaxLayer if cost.output.name == "softmax" else cost.output
    layers = conv_layers((1, IMAGE_SIZE, IMAGE_SIZE), args.conv, pool_sizes(args), hidden, N_CLASSES,
                         activation, output, dropout=args.dropout or 0.0)
    return ConvNetwork(layers, cost=cost, seed=args.seed, optimizer=choose_optimizer(args), init=args.init)


def choose_optimizer(args, loaded=None):
    """--optimizer's optimizer with the settings given, else the loaded model's, else sgd.

    A loaded optimizer keeps what it remembers unless --optimizer names another
    one, so that training goes on exactly where it stopped; settings given on
    the command line (--momentum ...) replace the saved ones.
    """
    name = args.optimizer or (loaded.name if loaded else "sgd")
    keep = loaded is not None and loaded.name == name
    settings = dict(loaded.hyperparameters() if keep else {}, **optimizer_settings(args))
    optimizer = OPTIMIZERS[name](**settings)
    if keep:
        optimizer.load_state(loaded.state())
    return optimizer


def load_mnist_model(path):
    """A saved (network, training settings) that fits MNIST: 784 inputs, 10 outputs."""
    net, saved = modelfile.load(path)
    for member in net.members if isinstance(net, Ensemble) else [net]:
        check_mnist_network(path, member)
    return net, saved


def check_mnist_network(path, net):
    """ModelFileError unless `net` takes an MNIST image and gives 10 outputs."""
    if isinstance(net, ConvNetwork):
        if net.layers[0].in_shape != (1, IMAGE_SIZE, IMAGE_SIZE) or net.n_out != N_CLASSES:
            raise ModelFileError(f"{path}: the network is {net.describe()}, but MNIST needs "
                                 f"1x{IMAGE_SIZE}x{IMAGE_SIZE} inputs and {N_CLASSES} outputs")
    elif net.sizes[0] != N_PIXELS or net.sizes[-1] != N_CLASSES:
        raise ModelFileError(f"{path}: the network is {net.sizes}, but MNIST needs "
                             f"{N_PIXELS} inputs and {N_CLASSES} outputs")


def load_data(settings):
    """The DataSets: no training data when only evaluating (--epochs 0)."""
    s = settings
    training = load_samples(s.train, s.limit) if s.epochs else []
    validation = []
    if s.validation and s.epochs:
        if s.validation >= len(training):
            raise DataError(f"{s.train}: --validation {s.validation} leaves no samples "
                            f"to train on (the file has {len(training)})")
        training, validation = split(training, s.validation)
    if s.expand and training:
        training = expand(training)
        print(f"  expanded to {len(training)} samples: each also shifted by one pixel 4 ways")
    if s.augment and training:
        start = time.perf_counter()
        print(f"Rotating {len(training)} training images by +-10 degrees ...", flush=True)
        training = show.augmented(training)
        print(f"  {len(training)} samples in {time.perf_counter() - start:.1f} s")
    return DataSets(training, validation, load_samples(s.test, s.test_limit))


def load_samples(path, limit=None):
    """load_csv, saying what it loads and how long it took."""
    start = time.perf_counter()
    print(f"Loading {path} ...", flush=True)
    data = load_csv(path, limit=limit, sparse=True)
    print(f"  {len(data)} samples in {time.perf_counter() - start:.1f} s", flush=True)
    return data
