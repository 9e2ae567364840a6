"""A classic mistake: An epoch that shuffles with the random module, not the rng it is given.

Appended to the worked answers of its chapter, this replaces the right function."""

import random


def epoch(weights, biases, training_data, mini_batch_size, eta, rng):
    data = list(training_data)
    random.shuffle(data)
    for k in range(0, len(data), mini_batch_size):
        weights, biases = update_mini_batch(weights, biases, data[k:k + mini_batch_size], eta)
    return weights, biases
