"""A classic mistake: BP4 as a δᵀ: one row per activation instead of one per neuron.

Appended to the worked answers of its chapter, this replaces the right function."""

def weight_gradient(delta, a_prev):
    return [[a_k * d_j for d_j in delta] for a_k in a_prev]
