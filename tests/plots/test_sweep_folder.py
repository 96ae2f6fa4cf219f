"""Maps of a sweep folder: categorical legends, labels from the files, uneven grids, slices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.errors import OptionError
from sim.plots.heatmap import OUTCOME_GID
from sim.plots.labels import folder_labels
from sim.plots.regimes import REGIME_GID
from sim.plots.sweep_folder import sweep_figures, sweep_notes

SCENARIO = """
[players]
row = "United States"
col = "Russia"
[parameters]
detect = { value = 0.5, description = "Probability that a violation is detected (by satellites)", unit = "per month" }
sanction = { value = 4.0, description = "Cost to a detected violator", unit = "payoff units" }
blame = { value = 1.0 }
"""  # noqa: E501
DETECT = [0.0, 0.25, 0.5, 0.75, 1.0]
SANCTION = [0.0, 1.0, 2.0, 4.0, 8.0]


def manifest(*names: str) -> dict:
    return {"scenario": {"text": SCENARIO},
            "sweep": {"design": "grid", "parameters": {n: {} for n in names}}}  # fmt: skip


def table(blames=(1.0,)) -> pd.DataFrame:
    d, s, b = (a.ravel() for a in np.meshgrid(DETECT, SANCTION, blames))
    return pd.DataFrame({
        "point": np.arange(d.size), "detect": d, "sanction": s, "blame": b,
        "mutual_compliance": d * s >= 1.75, "n_equilibria": np.where(d * s >= 1.75, 3, 1),
        "eq_pure": np.ones(d.size, dtype=bool), "ended_by_col": d * s / 8 + b,
    })  # fmt: skip


def by_gid(figure, gid: str) -> list:
    return [a for a in figure.findobj() if a.get_gid() == gid]


def legend_texts(figure) -> list[str]:
    return [t.get_text() for legend in figure.legends for t in legend.get_texts()]


def test_a_boolean_outcome_gets_a_legend_and_no_colour_bar():
    figure = sweep_figures(table(), manifest("detect", "sanction"))["heatmap_mutual_compliance"]()
    figure.draw_without_rendering()
    assert [ax for ax in figure.axes if ax.get_label() == "<colorbar>"] == []
    assert legend_texts(figure) == ["no", "yes"]
    assert figure.legends[0].get_title().get_text() == "mutual compliance is an equilibrium"
    (cells,) = by_gid(figure, REGIME_GID)
    d, s = np.meshgrid(DETECT, SANCTION)
    np.testing.assert_array_equal(np.asarray(cells.get_array()).reshape(5, 5), d * s >= 1.75)


def test_a_count_of_few_values_gets_a_legend_of_its_values():
    figure = sweep_figures(table(), manifest("detect", "sanction"))["heatmap_n_equilibria"]()
    assert [ax for ax in figure.axes if ax.get_label() == "<colorbar>"] == []
    assert legend_texts(figure) == ["1", "3"]


def test_a_constant_outcome_is_not_drawn_and_a_note_says_so():
    figures = sweep_figures(table(), manifest("detect", "sanction"))
    assert "heatmap_eq_pure" not in figures
    notes = sweep_notes(table(), manifest("detect", "sanction"))
    assert any(n.startswith("heatmap_eq_pure not drawn") and "yes at every point" in n
               for n in notes)  # fmt: skip


def test_axes_say_what_the_parameters_mean_with_their_units():
    figure = sweep_figures(table(), manifest("detect", "sanction"))["heatmap_ended_by_col"]()
    ax = figure.axes[0]
    assert (
        " ".join(ax.get_xlabel().split()) == "probability that a violation is detected (per month)"
    )
    assert (
        " ".join(ax.get_ylabel().split())
        == "cost to a detected violator (payoff units) (uneven steps)"
    )
    (bar,) = [a for a in figure.axes if a.get_label() == "<colorbar>"]
    assert " ".join(bar.get_ylabel().split()) == "probability that Russia's move ends the treaty"


def test_the_sweep_file_description_comes_before_the_scenario_one():
    labels = folder_labels({**manifest(), "sweep": {"parameters": {"detect": {
        "description": "detection probability"}}}})  # fmt: skip
    assert labels.parameter("detect") == "detection probability (per month)"
    assert labels.parameter("blame") == "blame"
    assert labels.outcome("eq_row_payoff") == "United States's payoff in the selected equilibrium"


def test_uneven_values_get_cells_of_equal_width_labelled_with_their_values():
    figure = sweep_figures(table(), manifest("detect", "sanction"))["heatmap_ended_by_col"]()
    figure.draw_without_rendering()
    ax = figure.axes[0]
    (mesh,) = by_gid(figure, OUTCOME_GID)
    assert ax.get_ylim() == pytest.approx((-0.5, 4.5))  # five cells, not stretched to 10
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0", "1", "2", "4", "8"]
    np.testing.assert_allclose(ax.get_yticks(), np.arange(5))
    assert ax.get_xlim() == pytest.approx((-0.125, 1.125))  # even steps keep their scale
    d, s = np.meshgrid(DETECT, SANCTION)
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(5, 5), d * s / 8 + 1)


def test_a_third_parameter_is_sliced_where_asked_and_the_title_says_where():
    grid, files = table((1.0, 2.0, 3.0)), manifest("detect", "sanction", "blame")
    first = sweep_figures(grid, files)["heatmap_ended_by_col"]()
    assert first.get_suptitle() == "at blame = 1"
    assert sweep_notes(grid, files)[0] == "maps drawn at blame = 1, one of its 3 values (1, 2, 3)"
    chosen = sweep_figures(grid, files, {"blame": 3.0})["heatmap_ended_by_col"]()
    assert chosen.get_suptitle() == "at blame = 3"
    (mesh,) = by_gid(chosen, OUTCOME_GID)
    assert np.asarray(mesh.get_array()).min() == pytest.approx(3.0)
    with pytest.raises(OptionError, match="blame = 2.5 is not a value of the grid"):
        sweep_figures(grid, files, {"blame": 2.5})
    with pytest.raises(OptionError, match="'detect' is not a parameter held fixed"):
        sweep_figures(grid, files, {"detect": 0.0})


def test_an_uneven_axis_puts_each_value_at_its_cell_centre_and_each_midpoint_at_an_edge():
    from sim.plots.grid import grid_axis

    uneven, even = grid_axis(SANCTION), grid_axis(DETECT)
    assert not uneven.even and even.even
    np.testing.assert_allclose(uneven.position(SANCTION), np.arange(5))
    np.testing.assert_allclose(uneven.position([0.5, 1.5, 3.0, 6.0]), [0.5, 1.5, 2.5, 3.5])
    np.testing.assert_array_equal(even.position([0.1, 2.0]), [0.1, 2.0])  # not clamped
