"""``python main.py exercise``: list, start, check; the worked answers pass, broken files fail clearly.

The classic mistakes, each caught at its function with its hint, are in test_exercises_mistakes.py.
"""

import copy
import inspect
import os
import re
import time

import pytest

from commandline import ROOT, run_main
from purenn.app import cli
from purenn.app.exercises import CHAPTERS, scaffold
from purenn.app.exercises.grading import NOT_GIVEN, describe, difference, show

SOLUTIONS = os.path.join(ROOT, "tests", "exercise_files", "solutions")


def solution(number):
    return os.path.join(SOLUTIONS, f"chapter_{number:02d}.py")


def exercise(capsys, *args):
    """cli.main(['exercise', *args]): (status, stdout, stderr)."""
    status = cli.main(["exercise", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# list and start

def test_list_shows_every_chapter_and_its_functions(capsys):
    status, out, err = exercise(capsys, "list")
    assert status == 0 and err == ""
    assert re.findall(r"^Chapter (\d+), ", out, re.M) == ["1", "2", "3", "4", "5", "6", "11"]
    for chapter in CHAPTERS.values():
        for ex in chapter.EXERCISES:
            assert re.search(rf"^    {ex.name} +{re.escape(ex.summary)}$", out, re.M), ex.name
    assert "    backprop             (nabla_b, nabla_w): the gradient" in out
    assert "your network learns" in out


def test_each_chapters_title_and_file_are_the_tutorials():
    for number, chapter in CHAPTERS.items():
        with open(os.path.join(ROOT, "docs", "tutorial", chapter.DOC), encoding="utf-8") as f:
            assert f.readline().strip() == f"# {number}. {chapter.TITLE}"


def test_the_chapters_cover_what_the_tutorial_asks_a_learner_to_write():
    names = {number: [ex.name for ex in chapter.EXERCISES] for number, chapter in CHAPTERS.items()}
    assert names == {
        1: ["sigmoid", "sigmoid_prime", "neuron"],
        2: ["layer", "feedforward"],
        3: ["quadratic_cost", "quadratic_cost_gradient", "neuron_gradient", "gradient_descent_step"],
        4: ["output_error", "backpropagate_error", "bias_gradient", "weight_gradient", "backprop"],
        5: ["update_mini_batch", "epoch"],
        6: ["cross_entropy_cost", "cross_entropy_output_error", "l2_step", "softmax"],
        11: ["conv_forward", "conv_backward", "max_pool", "max_pool_backward"],
    }


def test_start_writes_a_file_to_fill_in_and_says_how_to_check_it(capsys, here):
    status, out, err = exercise(capsys, "start", 4)
    assert status == 0 and err == ""
    assert out.startswith("Wrote exercise_04.py: chapter 4, Backpropagation, derived: 5 functions to write "
                          "(output_error, backpropagate_error, bias_gradient, weight_gradient, backprop).")
    assert out.rstrip().endswith("    python main.py exercise check exercise_04.py")
    text = (here / "exercise_04.py").read_text(encoding="utf-8")
    assert "CHAPTER = 4" in text and "python main.py exercise check exercise_04.py" in text
    namespace = {}
    exec(compile(text, "exercise_04.py", "exec"), namespace)
    for name in ("sigmoid", "sigmoid_prime", "forward_pass"):  # given, and working
        assert callable(namespace[name])
    assert namespace["sigmoid"](0.0) == 0.5
    for ex in CHAPTERS[4].EXERCISES:
        function = namespace[ex.name]
        assert inspect.cleandoc(function.__doc__) == ex.doc
        with pytest.raises(NotImplementedError):
            function(*ex.cases()[0].args)
    assert "weights[l] is w^{l+1}" in text  # the chapters' numbering, said once


def test_every_chapters_file_compiles_and_its_stubs_raise(capsys, here):
    for number in CHAPTERS:
        assert exercise(capsys, "start", number)[0] == 0
        path = here / scaffold.default_name(number)
        namespace = {}
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
        assert namespace["CHAPTER"] == number
        assert all(callable(namespace[ex.name]) for ex in CHAPTERS[number].GIVEN + CHAPTERS[number].EXERCISES)


def test_start_never_overwrites_a_file(capsys, here):
    (here / "exercise_02.py").write_text("my work\n")
    status, out, err = exercise(capsys, "start", 2)
    assert status == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: exercise_02.py exists already, and purenn never overwrites it")
    assert (here / "exercise_02.py").read_text() == "my work\n"
    status, out, err = exercise(capsys, "start", 2, "mine.py")  # another name is fine
    assert status == 0 and (here / "mine.py").exists()
    status, out, err = exercise(capsys, "start", 2, "mine.py")
    assert status == 2 and "mine.py exists already" in err


def test_start_into_a_folder_and_bad_chapters(capsys, here):
    (here / "work").mkdir()
    assert exercise(capsys, "start", 11, "work")[0] == 0
    assert (here / "work" / "exercise_11.py").exists()
    for bad in ("7", "4b", "0", "x"):
        status, out, err = exercise(capsys, "start", bad)
        assert status == 2
        assert err == (f"error: no exercises for chapter {bad}: there are exercises for chapters 1, 2, 3, 4, "
                       f"5, 6, 11 (`python main.py exercise list` shows them)\n")
    assert exercise(capsys, "start", 3, "no/such/folder.py")[0] == 2
    assert sorted(os.listdir(here)) == ["work"]


def test_usage_errors_exit_2(capsys, here):
    status, out, err = exercise(capsys, "check", "missing.py")
    assert status == 2 and err == "error: missing.py: no such file (`python main.py exercise start N` writes one)\n"
    (here / "mine.py").write_text("def f():\n    pass\n")
    status, out, err = exercise(capsys, "check", "mine.py")
    assert status == 2 and "which chapter is it for?" in err and err.count("\n") == 1
    assert exercise(capsys, "check", "mine.py", "--chapter", "9")[0] == 2
    assert exercise(capsys)[0] == 2  # no subcommand: argparse's usage
    assert exercise(capsys, "check")[0] == 2
    assert exercise(capsys, "--help")[0] == 0


# check: the worked answers pass, and the learner's file is left as it was

@pytest.mark.parametrize("number", [1, 2, 3, 4, 6, 11])
def test_the_worked_answers_pass_every_check(capsys, number):
    before = sorted(os.listdir(SOLUTIONS))
    with open(solution(number), "rb") as f:
        content = f.read()
    status, out, err = exercise(capsys, "check", solution(number))
    assert status == 0, out + err
    assert err == ""
    n = len(CHAPTERS[number].EXERCISES)
    assert f"All {n} functions pass." in out
    assert "FAIL" not in out
    assert len(re.findall(r"^  ok    \w+: \d+ cases?$", out, re.M)) == n
    with open(solution(number), "rb") as f:
        assert f.read() == content
    assert sorted(os.listdir(SOLUTIONS)) == before  # no __pycache__ beside the file


def test_chapter_5s_worked_answers_pass_and_train_on_a_tiny_slice(capsys):
    status, out, err = exercise(capsys, "check", solution(5), "--images", "300")
    assert status == 0, out + err
    assert "All 2 functions pass." in out
    found = re.search(r"^Your network learns: one epoch of your epoch\(\) on 300 MNIST training images\n"
                      r"\(\[784, 30, 10\], mini-batches of 10, η = 3.0; about 2 s on CPython, less on PyPy\) \.\.\.\n"
                      r"  after it \(\d+\.\d s\), your network reads (\d+) of the first 1000 test images right "
                      r"\((\d+\.\d)%\);\n  with its starting weights it read (\d+) \((\d+\.\d)%\)\.$", out, re.M)
    assert found, out
    after, before = int(found.group(1)), int(found.group(3))
    assert after > before + 250  # 300 images are enough to see it learn (53 -> 403 measured)
    assert out.index("All 2 functions pass.") < out.index("Your network learns")
    assert out.rstrip().endswith("Next, chapter 6: `python main.py exercise start 6`.")


def test_images_0_skips_the_training_run(capsys):
    status, out, err = exercise(capsys, "check", solution(5), "--images", "0")
    assert status == 0 and "Your network learns" not in out


@pytest.mark.slow
def test_the_learners_network_learns_on_3000_images_in_well_under_a_minute():
    """The default run, as a learner sees it (about 15-20 s on CPython, 5 on PyPy)."""
    started = time.perf_counter()
    result = run_main("exercise", "check", solution(5))
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    found = re.search(r"your network reads (\d+) of the first 1000 test images right", result.stdout)
    assert int(found.group(1)) >= 800  # 83.7% measured, CPython and PyPy alike
    assert took < 60


def test_the_worked_answers_define_the_scaffolds_functions_in_its_order():
    for number, chapter in CHAPTERS.items():
        with open(solution(number), encoding="utf-8") as f:
            defined = re.findall(r"^def (\w+)\(", f.read(), re.M)
        assert defined == [ex.name for ex in chapter.GIVEN + chapter.EXERCISES]


def test_an_untouched_file_says_which_function_to_write_first(capsys, here):
    exercise(capsys, "start", 3)
    status, out, err = exercise(capsys, "check", "exercise_03.py")
    assert status == 1 and err == ""
    assert "  ok    sigmoid, sigmoid_prime (given)" in out
    assert "  FAIL  quadratic_cost" in out
    assert ("quadratic_cost is not written yet (it raises NotImplementedError): write its body, then "
            "check again.") in out
    assert "Not checked yet: quadratic_cost_gradient, neuron_gradient, gradient_descent_step" in out
    assert sorted(os.listdir(here)) == ["exercise_03.py"]


# check: files that go wrong in other ways than a wrong answer

def with_solution(here, number, extra, name=None):
    """The worked answers of a chapter with `extra` appended (a later def replaces an earlier one)."""
    with open(solution(number), encoding="utf-8") as f:
        text = f.read()
    path = here / (name or f"exercise_{number:02d}.py")
    path.write_text(text + "\n\n" + extra, encoding="utf-8")
    return path


def test_a_function_that_never_returns_is_stopped(capsys, here):
    with_solution(here, 4, "def backpropagate_error(w_next, delta_next, z):\n    while True:\n        pass\n")
    started = time.perf_counter()
    status, out, err = exercise(capsys, "check", "exercise_04.py", "--timeout", "1")
    assert time.perf_counter() - started < 20
    assert status == 1
    assert "  ok    output_error: 3 cases" in out
    assert "  FAIL  backpropagate_error" in out
    assert "backpropagate_error(w_next, delta_next, z), case 1 of 3, with" in out
    assert "did not return within 1 s, so the check stopped it." in out
    assert "Not checked yet: bias_gradient, weight_gradient, backprop" in out


def test_the_default_time_limit_is_a_few_seconds(capsys, here):
    with_solution(here, 1, "def neuron(w, b, x):\n    import time\n    time.sleep(60)\n")
    started = time.perf_counter()
    status, out, err = exercise(capsys, "check", "exercise_01.py")
    assert status == 1 and "did not return within 5 s" in out
    assert time.perf_counter() - started < 30


def test_a_syntax_error_is_one_line_naming_the_file_and_line(capsys, here):
    path = with_solution(here, 2, "def layer(w, b, a)\n    return a\n")
    line = path.read_text().count("\n") - 1
    status, out, err = exercise(capsys, "check", "exercise_02.py")
    assert status == 1
    assert err == f"error: exercise_02.py line {line}: SyntaxError: expected ':': def layer(w, b, a)\n" or \
        re.fullmatch(rf"error: exercise_02.py line {line}: SyntaxError: [^\n]+\n", err), err
    assert "FAIL" not in out and "Traceback" not in out + err


def test_an_exception_at_import_is_one_line_naming_the_file_and_line(capsys, here):
    path = with_solution(here, 6, "weights = load_my_weights()\n")
    line = path.read_text().count("\n")
    status, out, err = exercise(capsys, "check", "exercise_06.py")
    assert status == 1
    assert err == (f"error: exercise_06.py line {line}: NameError: name 'load_my_weights' is not defined "
                   f"(raised while the file was imported)\n")
    (here / "numpy_user.py").write_text("CHAPTER = 1\nimport numpy_that_is_not_here\n")
    status, out, err = exercise(capsys, "check", "numpy_user.py")
    assert status == 1
    assert err == ("error: numpy_user.py line 2: ModuleNotFoundError: No module named 'numpy_that_is_not_here' "
                   "(raised while the file was imported)\n")


def test_an_exception_shows_the_learners_own_lines_only(capsys, here):
    path = with_solution(here, 2, "from purenn.vector import dot\n\n\n"
                                  "def layer(w, b, a):\n"
                                  "    return [sigmoid(dot(row, a + [1.0]) + b_j) for row, b_j in zip(w, b)]\n")
    line = path.read_text().count("\n")
    status, out, err = exercise(capsys, "check", "exercise_02.py")
    assert status == 1
    assert "    raised ValueError: vector lengths differ: 2 and 3\n" in out
    assert f'        File "exercise_02.py", line {line}, in layer\n' in out
    assert "return [sigmoid(dot(row, a + [1.0]) + b_j) for row, b_j in zip(w, b)]" in out
    assert "vector.py" not in out and "grading.py" not in out and "child.py" not in out


def test_what_a_function_prints_is_shown_with_its_failure(capsys, here):
    with_solution(here, 3, "def quadratic_cost(a, y):\n    print('my cost', len(a))\n    return 0.0\n")
    status, out, err = exercise(capsys, "check", "exercise_03.py")
    assert status == 1 and "    It printed:\n        my cost 2\n" in out


def test_a_learners_sys_exit_or_print_to_the_real_stdout_does_not_confuse_the_check(capsys, here):
    with_solution(here, 1, "import os\n\n\ndef sigmoid_prime(z):\n"
                           "    os.write(1, b'{\"event\": \"done\"}\\n')\n    raise SystemExit(0)\n")
    status, out, err = exercise(capsys, "check", "exercise_01.py")
    assert status == 1
    assert "  FAIL  sigmoid_prime" in out and "raised SystemExit: 0" in out


def test_a_missing_function_is_named(capsys, here):
    with_solution(here, 11, "del max_pool\n")
    status, out, err = exercise(capsys, "check", "exercise_11.py")
    assert status == 1
    assert "exercise_11.py has no function max_pool(z, in_shape, size): was it renamed or deleted?" in out


def test_a_changed_given_function_is_caught_as_given(capsys, here):
    with_solution(here, 5, "def forward_pass(weights, biases, x):\n    return [], [x]\n")
    status, out, err = exercise(capsys, "check", "exercise_05.py", "--images", "0")
    assert status == 1
    assert "  ok    sigmoid, sigmoid_prime (given)" not in out  # printed only when all given pass
    assert "  FAIL  forward_pass" in out


def test_check_runs_from_another_folder_through_main_py(tmp_path):
    """As a learner runs it: python main.py in a subprocess, from their own folder."""
    with open(solution(1), encoding="utf-8") as f:
        (tmp_path / "exercise_01.py").write_text(f.read(), encoding="utf-8")
    result = run_main("exercise", "check", "exercise_01.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Checking exercise_01.py: chapter 1, One neuron\n")
    assert os.listdir(tmp_path) == ["exercise_01.py"]


# the checks themselves

def test_every_reference_agrees_with_its_independent_check_and_every_mistake_differs():
    """The expected answers are purenn's; where there is a second way to compute them (central
    differences, the formula), they agree; and each mistake's answer is wrong on some case, so a
    learner who makes it fails, and gets its hint."""
    for chapter in CHAPTERS.values():
        for ex in chapter.GIVEN + chapter.EXERCISES:
            answers = []
            for case in ex.cases():
                expected = case.expected
                if expected is NOT_GIVEN:
                    expected = ex.reference(*copy.deepcopy(case.args))
                if ex.confirm:
                    other = ex.confirm(*copy.deepcopy(case.args))
                    assert other is None or difference(other, expected, 1e-5, 1e-7) is None, ex.name
                answers.append((case, expected))
            for mistake in ex.mistakes:
                if mistake.answer is None:
                    continue
                wrong = []
                for case, expected in answers:
                    try:
                        wrong.append(difference(mistake.answer(*copy.deepcopy(case.args)), expected) is not None)
                    except Exception:
                        wrong.append(False)
                assert any(wrong), (ex.name, mistake.hint)


def test_answers_are_compared_shape_first_with_a_relative_tolerance():
    assert difference([1.0, 2.0], [1.0, 2.0 + 1e-9]) is None
    assert difference(1e-12, 0.0) is None
    assert "where 2.1 was expected" in difference([1.0, 2.0], [1.0, 2.1])
    assert difference([[1.0, 2.0]], [[1.0], [2.0]]) == "At the top: a 1 x 2 matrix where a 2 x 1 matrix was expected."
    assert difference([[1.0, 2.0]], [[1.0]]) == "At [0]: a list of 2 numbers where a list of 1 number was expected."
    assert difference((1.0, [2.0]), [1.0, [2.0]]) is None  # a pair may be a list or a tuple
    assert difference(float("nan"), 1.0) is not None
    assert difference(True, 1.0) is not None
    assert describe([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) == "a 2 x 3 matrix"
    assert describe(([1.0], [[1.0, 2.0]])) == "a tuple of 2: a list of 1 number, a 1 x 2 matrix"
    assert describe(None) == "None"
    assert show([0.1234567, 1.0, -2.5e-10]) == "[0.123457, 1.0, -2.5e-10]"
    assert show(list(range(784))) == "[0, 1, 2, 3, 4, 5, 6, 7, ... (784 in all), 782, 783]"
