"""The default figures of a sweep folder: maps over the first two parameters that vary.

A grid over two or more parameters gets a regime map and one map per outcome, drawn from
``results.parquet`` and labelled from the manifest (:mod:`sim.plots.labels`):

- a yes/no outcome (``mutual_compliance``) and a whole-number outcome of at most
  :data:`~sim.plots.regimes.CATEGORY_LIMIT` values (``n_equilibria``) get a categorical map
  with a legend, never a colour bar with ticks between their values;
- any other numeric outcome gets a heatmap with a colour bar;
- an outcome with one value at every point is not drawn; :func:`sweep_notes` says so.

A third and further parameter is held at one value, a *slice*: the first of its values
unless ``slices`` chooses another. The figure's title names the slice and
:func:`sweep_notes` says how many values there were.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sim.errors import OptionError
from sim.plots.labels import Labels, folder_labels

SKIPPED_COLUMNS = {"point", "seed", "regime_code"}
YES, NO = "yes", "no"


def sweep_figures(
    table,
    manifest: Mapping[str, Any],
    slices: Mapping[str, float] | None = None,
    scales: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Callable[[], Any]]:
    """Figure makers for a sweep table: a regime map and one map per outcome that varies.

    Only a grid over at least two varying parameters is drawn (other designs give no map).
    ``scales`` maps a numeric outcome to ``value_range`` ``(low, high)`` (its colour
    limits) and ``contour_levels`` (its contour lines), in place of the defaults.
    """
    layout = _layout(table, manifest, slices)
    if layout is None:
        return {}
    table, x_name, y_name, fixed, labels = layout
    unknown = [name for name in scales or {} if name not in table.columns]
    if unknown:
        outcomes = ", ".join(_outcomes(table, manifest))
        argument = "limits" if "value_range" in scales[unknown[0]] else "contours"
        raise OptionError(f"{unknown[0]!r} is not an outcome of the sweep ({outcomes})", argument)
    figures: dict[str, Callable[[], Any]] = {}
    if "regime" in table.columns and table["regime"].nunique() > 1:
        figures["regime_map"] = _categories_maker(table, x_name, y_name, "regime", fixed, labels)
    overlays = _critical_discount_overlays(table, manifest, x_name, y_name)
    for column in _outcomes(table, manifest):
        kind = outcome_kind(table[column])
        if kind == "categories":
            maker = _categories_maker(table, x_name, y_name, column, fixed, labels)
        elif kind == "numbers":
            overlay = {
                **overlays.get(column, overlays.get("*", {})),
                **(scales or {}).get(column, {}),
            }
            maker = _heatmap_maker(table, x_name, y_name, column, fixed, labels, overlay)
        else:
            continue
        figures[f"heatmap_{column}"] = maker
    return figures


def sweep_notes(
    table, manifest: Mapping[str, Any], slices: Mapping[str, float] | None = None
) -> list[str]:
    """What the maps leave out: the slice of the other parameters, and constant outcomes."""
    layout = _layout(table, manifest, slices)
    if layout is None:
        return []
    sliced, _, _, fixed, labels = layout
    notes = []
    for name, value in fixed.items():
        values = sorted(table[name].unique())
        notes.append(f"maps drawn at {name} = {value:g}, one of its {len(values)} values "
                     f"({', '.join(f'{v:g}' for v in values)})")  # fmt: skip
    for column in _outcomes(sliced, manifest):
        if outcome_kind(sliced[column]) == "constant":
            value = sliced[column].iloc[0]
            shown = _category_name(value) if sliced[column].dtype.kind == "b" else f"{value:g}"
            notes.append(f"heatmap_{column} not drawn: {column} ({labels.outcome(column)}) "
                         f"is {shown} at every point")  # fmt: skip
    return notes


def outcome_kind(column) -> str:
    """``"constant"``, ``"categories"`` (yes/no, or a few whole numbers), ``"numbers"``, or
    ``""`` for a column that is not numeric."""
    from sim.plots.regimes import CATEGORY_LIMIT

    if column.dtype.kind not in "biuf":
        return ""
    values = column.dropna()
    if values.nunique() <= 1:
        return "constant"
    if column.dtype.kind == "b":
        return "categories"
    whole = column.dtype.kind in "iu" or bool(np.all(values == np.round(values)))
    return "categories" if whole and values.nunique() <= CATEGORY_LIMIT else "numbers"


def _layout(table, manifest, slices):
    sweep = manifest.get("sweep", {})
    parameters = [p for p in sweep.get("parameters", {}) if p in table.columns]
    if not parameters:
        parameters = [c for c in table.columns if c.startswith("param_")]
    varying = [p for p in parameters if table[p].nunique() > 1]
    if len(varying) < 2 or sweep.get("design", "grid") != "grid":
        return None
    table, fixed = _hold_others(table, varying[2:], dict(slices or {}))
    return table, varying[0], varying[1], fixed, folder_labels(manifest)


def _outcomes(table, manifest) -> list[str]:
    parameters = set(manifest.get("sweep", {}).get("parameters", {}))
    skip = parameters | SKIPPED_COLUMNS | {"regime"}
    return [c for c in table.columns if c not in skip and not c.startswith("param_")]


def _hold_others(table, others: list[str], slices: dict[str, float]):
    unknown = [name for name in slices if name not in others]
    if unknown:
        held = ", ".join(others) or "none: the grid has two parameters"
        raise OptionError(f"{unknown[0]!r} is not a parameter held fixed (held: {held})",
                          "slices")  # fmt: skip
    fixed = {}
    for name in others:
        values = sorted(table[name].unique())
        value = slices.get(name, values[0])
        nearest = values[int(np.argmin(np.abs(np.asarray(values, float) - value)))]
        if not np.isclose(nearest, value):
            listed = ", ".join(f"{v:g}" for v in values)
            raise OptionError(f"{name} = {value:g} is not a value of the grid ({listed})",
                              "slices")  # fmt: skip
        table = table[table[name] == nearest]
        fixed[name] = nearest
    return table, fixed


def discount_parameter(manifest: Mapping[str, Any]) -> str | None:
    """The scenario parameter that sets the discount factor (``[play] discount = "NAME"``)."""
    import tomllib

    text = manifest.get("scenario", {}).get("text")
    if not text:
        return None
    try:
        play = tomllib.loads(text).get("play", {})
    except tomllib.TOMLDecodeError:
        return None
    name = play.get("discount")
    return name if isinstance(name, str) and name.isidentifier() else None


def _critical_discount_overlays(table, manifest, x_name: str, y_name: str) -> dict[str, dict]:
    """Where the critical discount factor applies, how to show it on the heatmaps.

    With the discount factor on the y axis, every heatmap gets the curve ``delta*(x)``;
    otherwise the heatmap of ``critical_discount`` gets a contour at the scenario's own
    discount factor (the edge of the region where the profile is subgame perfect).
    """
    if "critical_discount" not in table.columns:
        return {}
    discount = discount_parameter(manifest)
    if discount is not None and discount == y_name:
        by_x = table.groupby(x_name)["critical_discount"].first().sort_index()
        curve = {"x": by_x.index.to_numpy(float), "y": by_x.to_numpy(float),
                 "label": "critical discount factor"}  # fmt: skip
        return {"*": {"curve": curve}}
    value = manifest.get("parameters", {}).get(discount) if discount else None
    values = table["critical_discount"].astype(float)
    if value is not None and values.min() < value < values.max():
        return {"critical_discount": {"contour_levels": [float(value)]}}
    return {}


def _grid(table, x_name: str, y_name: str, column: str):
    pivot = table.pivot_table(index=y_name, columns=x_name, values=column, aggfunc="first",
                              dropna=False)  # fmt: skip
    pivot = pivot.sort_index().sort_index(axis=1)
    return pivot.columns.to_numpy(float), pivot.index.to_numpy(float), pivot.to_numpy()


def _fixed_note(fixed: Mapping[str, Any], labels: Labels) -> str | None:
    if not fixed:
        return None

    def one(name: str, value) -> str:
        words = labels.parameter(name)
        return f"{name} = {value:g}" + ("" if words == name else f" ({words})")

    return "at " + ", ".join(one(k, v) for k, v in fixed.items())


def _category_name(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "not computed"
    if isinstance(value, (bool, np.bool_)):
        return YES if value else NO
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return f"{int(value)}"
    return str(value)


def _categories_maker(table, x_name, y_name, column, fixed, labels: Labels):
    def draw():
        from sim.plots.regimes import NEUTRAL, regime_map_figure

        x, y, values = _grid(table, x_name, y_name, column)
        names = np.vectorize(_category_name, otypes=[object])(values.astype(object))
        if column == "regime":
            order, colours = None, {"none": NEUTRAL, "not computed": "#FFFFFF"}
        else:
            distinct = sorted(set(table[column].dropna().tolist()))
            order = [_category_name(v) for v in distinct]
            order += ["not computed"] if "not computed" in set(names.ravel()) else []
            colours = {NO: NEUTRAL, "not computed": "#FFFFFF"}
        return regime_map_figure(
            x, y, names, labels.parameter(x_name), labels.parameter(y_name), order=order,
            legend_title=labels.outcome(column), title=_fixed_note(fixed, labels),
            colours=colours,
        )  # fmt: skip

    return draw


def _heatmap_maker(table, x_name, y_name, column, fixed, labels: Labels, overlay):
    def draw():
        from sim.plots.heatmap import outcome_heatmap_figure

        numeric = table.assign(**{column: table[column].astype(float)})
        x, y, values = _grid(numeric, x_name, y_name, column)
        return outcome_heatmap_figure(
            x, y, values.astype(float), labels.parameter(x_name), labels.parameter(y_name),
            labels.outcome(column), title=_fixed_note(fixed, labels),
            missing_label="not defined", **overlay,
        )  # fmt: skip

    return draw
