"""stabsim's figure style, figure sizes and colour-blind-safe colours.

The style (``stabsim.mplstyle`` beside this module) is applied only inside
:func:`figure_style`, never globally: importing :mod:`sim.plots` leaves matplotlib's
``rcParams`` untouched. Figures are :class:`StabsimFigure` objects, created without pyplot,
that re-enter the style when they are saved, so a PDF embeds its fonts as TrueType (Type 42)
and an SVG keeps its text as text whoever calls ``savefig``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

STYLE_FILE = Path(__file__).with_name("stabsim.mplstyle")

ONE_COLUMN = 3.5
"""Width in inches of a one-column figure (most journals: 84-90 mm)."""
TWO_COLUMN = 7.0
"""Width in inches of a two-column (full page width) figure (174-180 mm)."""

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe and Ito (2008), "Color Universal Design": eight colours that stay distinct under the
common forms of colour-vision deficiency."""

SEQUENTIAL_MAP = "cividis"
"""Sequential colour map (Nunez, Anderton and Renslow 2018), readable under deuteranopia."""
ALTERNATIVE_MAP = "viridis"

HATCHES = ("", "////", "....", "xxxx")
"""Hatches that keep categories apart once the eight palette colours are used up."""


@contextlib.contextmanager
def figure_style() -> Iterator[None]:
    """Apply stabsim's style for the duration of a ``with`` block (``rc_context``)."""
    import matplotlib as mpl

    params = mpl.rc_params_from_file(str(STYLE_FILE), use_default_template=False)
    with mpl.rc_context(params):
        yield


def figure_width(width: str | float) -> float:
    """Width in inches: ``"one"`` (3.5 in), ``"two"`` (7 in) or a number of inches."""
    if isinstance(width, str):
        sizes = {"one": ONE_COLUMN, "two": TWO_COLUMN}
        if width not in sizes:
            raise ValueError(f"width must be 'one', 'two' or inches, not {width!r}")
        return sizes[width]
    return float(width)


def new_figure(width: str | float, height: float):
    """A :class:`StabsimFigure` of the given width and height in inches.

    Call inside :func:`figure_style` so that the style's layout settings apply.
    """
    cls = _figure_class()
    figure = cls(figsize=(figure_width(width), height))
    return figure


def add_title(figure, title: str, inches: float) -> None:
    """A left-aligned figure title, wrapped so that it never widens the figure.

    About 13 characters of 9-pt text fit an inch; lines are broken between words.
    """
    import textwrap

    text = "\n".join(textwrap.wrap(title, max(20, int(inches * 13)), break_on_hyphens=False))
    figure.suptitle(text, x=0.02, ha="left")


def category_colours(count: int) -> list[tuple[str, str]]:
    """``count`` (colour, hatch) pairs: the Okabe-Ito colours, then again with hatching."""
    return [
        (OKABE_ITO[k % len(OKABE_ITO)], HATCHES[(k // len(OKABE_ITO)) % len(HATCHES)])
        for k in range(count)
    ]


def text_colour(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on the background colour ``rgba``.

    Uses the relative luminance of WCAG 2.x: ``L = 0.2126 R + 0.7152 G + 0.0722 B`` on
    linearised sRGB channels; white text below ``L = 0.179``.
    """
    channels = []
    for value in rgba[:3]:
        value = float(value)
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "white" if luminance < 0.179 else "black"


_FIGURE_CLASS = None


def _figure_class():
    """The Figure subclass, defined on first use so that importing this module is cheap."""
    global _FIGURE_CLASS
    if _FIGURE_CLASS is None:
        from matplotlib.figure import Figure

        class StabsimFigure(Figure):
            """A matplotlib Figure that saves itself under stabsim's style."""

            def savefig(self, fname, *args, **kwargs):
                with figure_style():
                    return super().savefig(fname, *args, **kwargs)

        _FIGURE_CLASS = StabsimFigure
    return _FIGURE_CLASS


def save_figure(figure, stem: Path | str, formats: Sequence[str] = ("pdf", "png")) -> list[Path]:
    """Write ``figure`` as ``stem.<format>`` for each format; return the paths written."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = stem.with_name(f"{stem.name}.{fmt}")
        with figure_style():
            figure.savefig(path, format=fmt, metadata=_metadata(fmt))
        paths.append(path)
    return paths


def _metadata(fmt: str) -> dict | None:
    """Reproducible files: no creation date in PDF and SVG, a fixed creator."""
    if fmt == "pdf":
        return {"Creator": "stabsim", "Producer": "matplotlib", "CreationDate": None}
    if fmt == "svg":
        return {"Creator": "stabsim", "Date": None}
    if fmt == "png":
        return {"Software": "stabsim"}
    return None
