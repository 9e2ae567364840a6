"""Claims the tutorial makes about numbers and sources, checked (issue 17).

- Chapter 2's exercise compares floats computed two ways: they agree to rounding, and the
  chapter must say to compare them with math.isclose, not ==.
- Every link into docs/tutorial/sources.md, from a chapter, the README or a page under docs/, names an entry that
  exists there, and every work the chapters cite by anchor has one.
"""

import glob
import math
import os
import random
import re

import pytest

from purenn.matrix import Matrix
from purenn.vector import dot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUTORIAL = os.path.join(ROOT, "docs", "tutorial")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


@pytest.mark.parametrize("seed", range(20))
def test_chapter_2_exercise_products_agree_to_rounding(seed):
    """w @ v against row dot products, w.T @ u against transpose_matvec: the same sums, added in
    other orders (and by math.sumprod on Python 3.12+), so equal to about 1e-15, not always =="""
    rng = random.Random(seed)
    w = Matrix([[rng.random() for _ in range(4)] for _ in range(3)])
    v, u = [rng.random() for _ in range(4)], [rng.random() for _ in range(3)]
    for a, b in zip(w @ v, [dot(row, v) for row in w.rows]):
        assert math.isclose(a, b, rel_tol=1e-12)
    for a, b in zip(w.T @ u, w.transpose_matvec(u)):
        assert math.isclose(a, b, rel_tol=1e-12)
    # By hand, for the first entry of w.T @ u: the sum of the column times u.
    assert math.isclose(w.transpose_matvec(u)[0], sum(w.rows[i][0] * u[i] for i in range(3)), rel_tol=1e-12)


def test_the_exercise_says_not_to_compare_floats_with_equals():
    text = read(os.path.join(TUTORIAL, "02-layers-are-matrices.md"))
    exercises = text[text.index("## Try this"):]
    assert "math.isclose" in exercises and "not `==`" in exercises


def test_float_sums_depend_on_their_order():
    """Why the exercise needs isclose: addition of floats is not associative."""
    assert (0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3)
    assert math.isclose((0.1 + 0.2) + 0.3, 0.1 + (0.2 + 0.3), rel_tol=1e-15)


def pages_linking_to_sources():
    pages = (glob.glob(os.path.join(TUTORIAL, "*.md")) + [os.path.join(ROOT, "README.md")]
             + glob.glob(os.path.join(ROOT, "docs", "*.md")))
    return sorted(p for p in pages if "sources.md#" in read(p))


def test_every_link_into_sources_names_an_entry():
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', read(os.path.join(TUTORIAL, "sources.md"))))
    assert len(anchors) >= 20
    pages = pages_linking_to_sources()
    assert len(pages) >= 3
    for page in pages:
        for anchor in re.findall(r"sources\.md#([\w-]+)", read(page)):
            assert anchor in anchors, f"{os.path.relpath(page, ROOT)}: no entry #{anchor} in sources.md"


def test_sources_lists_the_works_the_issue_names():
    """Author and identifier of each work the tutorial takes a number or method from."""
    text = read(os.path.join(TUTORIAL, "sources.md"))
    for needle in ["neuralnetworksanddeeplearning.com/chap1.html", "neuralnetworksanddeeplearning.com/chap3.html",
                   "c05487ec640b86e39fb0ee39959be871489a24f5", "ch05/train_neuralnet.py", "victorzhou.com",
                   "arXiv:1412.6980", "arXiv:1212.0901", "Sutskever", "Duchi", "Lecture 6e", "arXiv:1207.0580",
                   "Srivastava", "Efficient BackProp", "Glorot", "arXiv:1502.01852", "Bottou", "arXiv:1711.05101",
                   # the five articles, by what a reader can find: title, author, public page
                   "纯Python实现MNIST图像识别的(ANN)神经网络编程", "全连接神经网络识别MNIST手写数字集",
                   "Jinhang Zhu", "github.com/JinhangZhu/jinhang.work", "bianchenghao.cn/57263.html"]:
        assert needle in text, needle


def test_the_tutorial_index_links_the_sources():
    assert "(sources.md)" in read(os.path.join(TUTORIAL, "README.md"))
