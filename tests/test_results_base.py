"""The common result base: JSON convention and refusal of non-finite numbers."""

from fractions import Fraction

import numpy as np
import pytest

from sim.results import Assumptions, Result, estimate, jsonable, named


def test_estimate_has_mean_se_and_a_symmetric_95_interval():
    out = estimate(2.0, 0.5)
    assert out["mean"] == 2.0 and out["se"] == 0.5
    assert out["ci95"][0] == pytest.approx(2.0 - 1.959963984540054 * 0.5)
    assert out["ci95"][1] - out["mean"] == pytest.approx(out["mean"] - out["ci95"][0])


def test_result_to_dict_carries_method_parameters_and_only_set_assumptions():
    result = Result("exact-chain", {"rounds": np.int64(12)}, Assumptions(monitoring="private"))
    assert result.to_dict() == {
        "method": "exact-chain",
        "parameters": {"rounds": 12},
        "assumptions": {"monitoring": "private"},
    }


def test_jsonable_converts_fractions_and_refuses_non_finite_numbers():
    assert jsonable({"p": Fraction(1, 4), "q": Fraction(3), "a": np.array([1.5])}) == {
        "p": "1/4",
        "q": 3,
        "a": [1.5],
    }
    with pytest.raises(ValueError, match="non-finite"):
        jsonable([1.0, float("nan")])
    assert named(("comply", "violate"), 1) == {"name": "violate", "index": 1}


def test_results_display_as_html_tables_in_notebooks():
    from html.parser import HTMLParser

    from sim.results import html_table

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.tags = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.cells.append(data)

    result = Result("exact-chain", {"rounds": 3}, Assumptions(monitoring="public"))
    parser = Cells()
    parser.feed(result._repr_html_())
    assert "Result" in parser.cells[0]
    assert "method: exact-chain, rounds: 3, monitoring: public" in "".join(parser.cells)
    parser = Cells()
    parser.feed(html_table({"rows": [{"a": 1, "b": "<x>"}, {"a": 2}]}))
    assert parser.tags.count("table") == 2 and "<x>" in parser.cells
