"""--ensemble K: train K networks, seeds s, s+1, ..., s+K-1, in parallel processes, and average them.

Each member is the run ``python main.py ... --seed s+k`` would make, trained on the same data
(loaded once, here) by the same ``TrainingRun``, so a member gives the same bits whether it
trains in this process (``--jobs 1``) or in another one, and the ensemble's answer,
ensemblemodel.mean_outputs of the members' outputs, is the one its saved file gives.

How the processes work (standard library ``multiprocessing`` only):

- A member trains in a process of its own, at most ``--jobs`` at a time (default: the
  cores).  On Linux the process is a fork of this one and reads the loaded data without a
  copy; elsewhere the data is pickled to it.
- A member prints nothing itself: each line it would print goes back through a pipe, starting
  with ``member k/K: ``, and this process prints it; then it sends its result (its outputs on
  the test and validation images, and, for --save, its model as --save would write it).
- Members write no files.  The ensemble's file is written once, atomically (files.py), after
  every member has finished: a member that fails or is interrupted leaves no file, half-written
  or whole, and an older file at --save stays as it was.
- Ctrl-C reaches the members too, which ignore it; this process ends them and stops.
"""

import argparse
import json
import multiprocessing
import os
import signal
import sys
import time
import traceback
from contextlib import redirect_stdout
from multiprocessing.connection import wait
from typing import NamedTuple, Optional

from ..files import check_writable
from ..network import TrainingDiverged
from ..vector import argmax
from . import modelfile
from .ensemblemodel import mean_outputs
from .modelfile import ModelFileError
from .options import Settings
from .report import describe_run, format_duration, percent, show_mistakes
from .training import TrainingRun, load_data


class MemberFailed(Exception):
    """A member could not be trained: the line to print and the exit status (see cli.py)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class MemberResult(NamedTuple):
    """What a member's training gives the ensemble."""
    index: int  # 1 to K
    seed: int
    test_outputs: list  # its output for every test image, in order
    validation_outputs: list  # likewise for the validation images ([] without --validation)
    model: Optional[dict] = None  # its model file as --save writes it (with --save only)


class MemberRun(TrainingRun):
    """A TrainingRun whose "save" keeps the model file's contents in memory, not on disk."""

    def __init__(self):
        super().__init__()
        self.model = None

    def save(self, net):
        text = modelfile.model_text(net, self.label, training=self.training_record())
        self.model = json.loads(text)  # a copy: training goes on changing the network's lists


def default_jobs():
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def member_label(index, k, seed):
    return f"member {index} of {k} (seed {seed})"


def train_member(args, index, seed, data, keep_model, started=None):
    """Train member `index` (1, 2, ...) with `seed` on the loaded DataSets; a MemberResult.

    keep_model: keep its model (for --save); started(run): told the MemberRun before training.
    Raises MemberFailed if training diverges.
    """
    options = argparse.Namespace(**vars(args))
    options.seed = seed
    options.save = "(kept in memory)" if keep_model else None  # MemberRun.save writes nothing
    run = MemberRun()
    run.label = f"member {index} (seed {seed})"
    net = run.prepare(options)
    run.counts = data.counts()
    if started:
        started(run)
    print(describe_run(net, run.settings, len(data.training))[0])
    start = time.perf_counter()
    try:
        run.train(net, data)
    except TrainingDiverged as e:
        raise MemberFailed(3, f"training diverged in epoch {run.epoch} (cost became {e.value}); "
                              f"try a smaller --eta") from None
    except ModelFileError as e:
        raise MemberFailed(1, str(e)) from None
    run.finish(net, data.test, time.perf_counter() - start)
    return MemberResult(index, seed, [net.feedforward(x) for x, _ in data.test],
                        [net.feedforward(x) for x, _ in data.validation], run.model)


class Prefixed:
    """A stdout that hands on each whole line, with `prefix` before it, to emit(line)."""

    def __init__(self, prefix, emit):
        self.prefix, self.emit, self.partial = prefix, emit, ""

    def write(self, text):
        *lines, self.partial = (self.partial + text).split("\n")
        for line in lines:
            self.emit((self.prefix + line).rstrip())
        return len(text)

    def flush(self):
        pass


def printer(stream):
    """emit(line) for Prefixed: the line written to `stream` (the stdout before redirecting), flushed."""
    def emit(line):
        stream.write(line + "\n")
        stream.flush()
    return emit


def _member_process(conn, args, index, k, seed, data, keep_model):
    """A member's process: train, sending each printed line and then the result through conn."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        with redirect_stdout(Prefixed(f"member {index}/{k}: ", lambda line: conn.send(("line", line)))):
            result = train_member(args, index, seed, data, keep_model)
        conn.send(("done", result))
    except MemberFailed as e:
        conn.send(("failed", e.status, e.message))
    except BaseException:  # a bug: the parent shows its traceback
        conn.send(("crashed", traceback.format_exc()))
    finally:
        conn.close()


def process_context():
    """fork where it is safe (Linux and the like: the data is shared, not copied), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class EnsembleRun:
    """One run of ``--ensemble K``: load the data, train the members, average, report, save."""

    def __init__(self):
        self.k = 0
        self.finished = 0  # members trained so far
        self.current = None  # (index, seed, MemberRun) of the member training here (--jobs 1)

    def progress(self):
        """Where Ctrl-C stopped it, for cli.py."""
        if self.current:
            index, seed, run = self.current
            where = f"epoch {run.epoch}, batch {run.batch}" if run.epoch else "before its first epoch"
            return f"interrupted in {member_label(index, self.k, seed)}, {where}: nothing saved"
        if self.k:
            return f"interrupted with {self.finished} of {self.k} members trained: nothing saved"
        return "interrupted before training started"

    def run(self, args):
        for path in (args.save, args.errors):
            if path and path != "-":
                check_writable(path)  # now, not after the members have trained
        self.k = k = args.ensemble
        seeds = [args.seed + i for i in range(k)]
        jobs = min(args.jobs or default_jobs(), k)
        settings = Settings.resolve(args, {}, args.activation or "sigmoid", args.optimizer or "sgd")
        data = load_data(settings)
        print(f"Training an ensemble of {k} networks, seeds {seeds[0]} to {seeds[-1]}, "
              f"{jobs} at a time", flush=True)
        start = time.perf_counter()
        keep_model = bool(args.save)
        if jobs == 1:
            results = self.train_here(args, seeds, data, keep_model)
        else:
            results = self.train_in_processes(args, seeds, data, keep_model, jobs)
        seconds = time.perf_counter() - start
        test_outputs = [mean_outputs(list(outputs)) for outputs in zip(*(r.test_outputs for r in results))]
        correct = count_correct(test_outputs, data.test)
        n_test = len(data.test)
        members = [count_correct(r.test_outputs, data.test) for r in results]
        print("Members' test accuracy: " + ", ".join(f"{percent(c, n_test)} (seed {r.seed})"
                                                     for c, r in zip(members, results))
              + f"; mean {percent(sum(members) / k, n_test)}")
        line = f"Ensemble of {k}, outputs averaged: test {correct} / {n_test} correct ({percent(correct, n_test)})"
        training = {"seeds": seeds, "epochs": args.epochs, "test_correct": correct, "test_samples": n_test,
                    "member_test_correct": members}
        if data.validation:
            validation_outputs = [mean_outputs(list(outputs))
                                  for outputs in zip(*(r.validation_outputs for r in results))]
            v_correct, n_validation = count_correct(validation_outputs, data.validation), len(data.validation)
            line += f", validation {v_correct} / {n_validation} ({percent(v_correct, n_validation)})"
            training.update(validation_correct=v_correct, validation_samples=n_validation)
        print(line)
        if args.save:
            modelfile.save_ensemble([r.model for r in results], args.save, training)
            print(f"Saved the ensemble of {k} to {args.save}")
        print(f"Done in {format_duration(seconds)}: ensemble {percent(correct, n_test)}")
        if args.errors:
            limit = 3 if args.errors == "-" else 100
            wrong = [(list(x), label, argmax(output)) for (x, label), output in zip(data.test, test_outputs)
                     if argmax(output) != label]
            show_mistakes(args.errors, wrong[:limit])
        return 0

    def train_here(self, args, seeds, data, keep_model):
        """--jobs 1: the members one after the other, in this process."""
        results = []
        for index, seed in enumerate(seeds, 1):
            started = lambda run, index=index, seed=seed: setattr(self, "current", (index, seed, run))  # noqa: E731
            try:
                with redirect_stdout(Prefixed(f"member {index}/{self.k}: ", printer(sys.stdout))):
                    results.append(train_member(args, index, seed, data, keep_model, started))
            except MemberFailed as e:
                raise MemberFailed(e.status, f"{member_label(index, self.k, seed)}: {e.message}") from None
            self.current = None
            self.finished += 1
        return results

    def train_in_processes(self, args, seeds, data, keep_model, jobs):
        """The members in processes of their own, `jobs` at a time; their lines printed as they come."""
        context = process_context()
        waiting = list(enumerate(seeds, 1))
        running = {}  # the receiving end of a member's pipe: (index, seed, process)
        results = {}
        try:
            while waiting or running:
                while waiting and len(running) < jobs:
                    index, seed = waiting.pop(0)
                    here, there = context.Pipe(duplex=False)
                    process = context.Process(target=_member_process, daemon=True,
                                              args=(there, args, index, self.k, seed, data, keep_model))
                    process.start()
                    there.close()  # the member's end: once it closes too, `here` reads end-of-file
                    running[here] = (index, seed, process)
                for conn in wait(list(running)):
                    index, seed, process = running[conn]
                    label = member_label(index, self.k, seed)
                    try:
                        message = conn.recv()
                    except EOFError:
                        del running[conn]
                        process.join()
                        conn.close()
                        if index not in results:
                            raise MemberFailed(1, f"{label}: its process ended without a result "
                                                  f"(exit status {process.exitcode})") from None
                        continue
                    if message[0] == "line":
                        print(message[1], flush=True)
                    elif message[0] == "done":
                        results[index] = message[1]
                        self.finished += 1
                    elif message[0] == "failed":
                        raise MemberFailed(message[1], f"{label}: {message[2]}")
                    else:
                        raise RuntimeError(f"{label} failed in its process:\n{message[1]}")
        finally:
            for conn, (_, _, process) in running.items():  # after an error or Ctrl-C: end the rest
                if process.is_alive():
                    process.terminate()
                process.join()
                conn.close()
        return [results[index] for index in sorted(results)]


def count_correct(outputs, data):
    """How many outputs have their largest entry at the sample's label."""
    return sum(argmax(output) == label for output, (_, label) in zip(outputs, data))
