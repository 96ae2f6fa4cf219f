"""``stabsim evolve --figure``: the figure of the dynamics, refused up front where there is none."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

INF = ROOT / "scenarios" / "inf_treaty.toml"
POOL = "grim_trigger,tit_for_tat,always_comply"


@pytest.mark.slow
def test_moran_figure_is_written(tmp_path, run_cli):
    path = tmp_path / "moran.svg"
    status, out, err = run_cli("evolve", INF, "--dynamics", "moran", "--row-pool", POOL,
                               "--col-pool", POOL, "--figure", path)  # fmt: skip
    assert status == 0, err
    text = path.read_text()
    assert "<svg" in text and "always_comply" in text and "resident" in text


@pytest.mark.parametrize(("dynamics", "name", "message"), [
    ("logit", "x.png", "no figure for the logit dynamics"),
    ("moran", "x.jpg", "the figure's file ends in .pdf, .png or .svg"),
])  # fmt: skip
def test_a_figure_that_cannot_be_drawn_is_refused_before_any_work(tmp_path, run_cli, dynamics,
                                                                  name, message):  # fmt: skip
    status, _, err = run_cli("evolve", INF, "--dynamics", dynamics, "--figure", tmp_path / name)
    assert status == 2 and err.startswith("error: --figure: ") and message in err
    assert not (tmp_path / name).exists()
