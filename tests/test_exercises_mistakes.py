"""Classic wrong implementations: each fails at the right function, with the hint that names it.

Each file of tests/exercise_files/wrong/ holds one mistake, a function that replaces the right
one when appended to its chapter's worked answers. The check must stop at that function (the
earlier ones still pass) and give the hint below, found by comparing the wrong answer with what
the mistaken version would return.
"""

import os

import pytest

from commandline import ROOT
from purenn.app import cli

FILES = os.path.join(ROOT, "tests", "exercise_files")

# file in wrong/ -> (the function the check stops at, words of the hint it must give)
MISTAKES = {
    "chapter_01_sigmoid_overflows": ("sigmoid", "math.exp overflows above about 709"),
    "chapter_01_sigmoid_prime_of_z": ("sigmoid_prime", "you computed z(1 − z)"),
    "chapter_01_neuron_no_sigma": ("neuron", "that is z = w·x + b, the weighted input"),
    "chapter_02_layer_transposed": ("layer", "weights transposed"),
    "chapter_02_feedforward_transposed": ("feedforward", "weights transposed"),
    "chapter_02_feedforward_no_output_sigma": ("feedforward", "the last layer's σ is missing"),
    "chapter_03_cost_no_half": ("quadratic_cost", "the ½ is missing"),
    "chapter_03_neuron_gradient_no_prime": ("neuron_gradient", "σ'(z) is missing"),
    "chapter_03_step_added": ("gradient_descent_step", "the sign of the step"),
    "chapter_04_output_error_cross_entropy": ("output_error", "δ^L of the wrong cost"),
    "chapter_04_bp2_no_prime": ("backpropagate_error", "σ'(z^l) is missing"),
    "chapter_04_bp2_prime_twice": ("backpropagate_error", "σ' applied twice"),
    "chapter_04_bp2_not_transposed": ("backpropagate_error", "weights not transposed in BP2"),
    "chapter_04_bp4_transposed": ("weight_gradient", "BP4 transposed"),
    "chapter_04_backprop_index_off_by_one": ("backprop", "the layer index is off by one in BP2"),
    "chapter_04_backprop_activation_off_by_one": ("backprop", "BP4 read the wrong layer's activations"),
    "chapter_04_backprop_reversed": ("backprop", "your lists are in reverse order"),
    "chapter_05_not_divided_by_m": ("update_mini_batch", "the gradient is not divided by the mini-batch size"),
    "chapter_05_step_added": ("update_mini_batch", "the sign of the step"),
    "chapter_05_step_per_sample": ("update_mini_batch", "one step per sample"),
    "chapter_05_epoch_not_shuffled": ("epoch", "the data were not shuffled"),
    "chapter_05_epoch_drops_last_batch": ("epoch", "the last, shorter mini-batch was left out"),
    "chapter_05_epoch_global_random": ("epoch", "rng was never used"),
    "chapter_05_epoch_shuffles_in_place": ("epoch", "shuffle a copy, data = list(training_data)"),
    "chapter_06_cost_missing_term": ("cross_entropy_cost", "the (1 − y_j) ln(1 − a_j) term is missing"),
    "chapter_06_delta_of_quadratic": ("cross_entropy_output_error", "δ^L of the wrong cost"),
    "chapter_06_l2_lambda_over_m": ("l2_step", "L2 factor wrong: λ/m instead of λ/n"),
    "chapter_06_l2_decays_biases": ("l2_step", "the decay was applied to the biases too"),
    "chapter_06_softmax_overflows": ("softmax", "subtract max(z) from every z_j first"),
    "chapter_06_softmax_normalised_wrongly": ("softmax", "normalised wrongly"),
    "chapter_11_conv_forward_flipped": ("conv_forward", "you flipped the filter"),
    "chapter_11_conv_forward_one_short": ("conv_forward", "one position short each way"),
    "chapter_11_conv_backward_no_sum": ("conv_backward", "conv backward is missing the sum over positions"),
    "chapter_11_pool_gradient_everywhere": ("max_pool_backward", "sent to every position of the block"),
    "chapter_11_pool_gradient_last_on_tie": ("max_pool_backward", "on a tie, give the gradient to the first"),
}


def test_every_wrong_file_is_tested():
    names = sorted(name[:-3] for name in os.listdir(os.path.join(FILES, "wrong")) if name.endswith(".py"))
    assert names == sorted(MISTAKES)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_a_classic_mistake_fails_at_its_function_with_its_hint(name, tmp_path, monkeypatch, capsys):
    function, hint = MISTAKES[name]
    chapter = int(name.split("_")[1])
    with open(os.path.join(FILES, "solutions", f"chapter_{chapter:02d}.py"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(FILES, "wrong", name + ".py"), encoding="utf-8") as f:
        text += "\n\n" + f.read()
    (tmp_path / f"exercise_{chapter:02d}.py").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status = cli.main(["exercise", "check", f"exercise_{chapter:02d}.py", "--images", "0"])
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert err == ""
    fails = [line for line in out.splitlines() if line.startswith("  FAIL  ")]
    assert fails == [f"  FAIL  {function}"], out
    report = out[out.index("  FAIL  "):]
    assert "Hint: " in report, out
    hint_text = " ".join(report[report.index("Hint: "):].split())  # the hint, unwrapped
    assert hint in hint_text, out
    assert "  ok    " not in out[out.index("  FAIL  "):]  # the check stops there
