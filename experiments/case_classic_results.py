"""INF case study 5: classic results reproduced.

stabsim's numbers beside the closed forms from the literature, each computed by the
package's own functions on the bundled scenarios (never by the closed form itself):

- grim trigger against itself is subgame perfect for ``delta >= (T-R)/(T-P)`` (Friedman
  1971): :func:`sim.play.checks.critical_discount` on ``prisoners_dilemma.toml``;
- tit-for-tat against itself is a Nash equilibrium for
  ``delta >= max((T-R)/(T-P), (T-R)/(R-S))`` (Axelrod 1984, ch. 2, Propositions 2 and 4;
  Axelrod and Hamilton 1981): the smallest ``delta`` from which no best response
  (:func:`sim.play.checks.best_response`) gains against it;
- generous tit-for-tat's largest forgiveness that keeps it a best response to itself as
  ``delta -> 1`` is ``min(1 - (T-R)/(R-S), (R-P)/(T-P))`` (Nowak and Sigmund 1992), found
  the same way at ``delta = 0.999`` and ``0.9999`` (at a discount factor below 1 the
  alternation of defection and cooperation already pays for
  ``g > 1 - (T-R)/(delta (R-S))``, so the number approaches 1/3 from below);
- the stag hunt's mixed equilibrium cooperates with probability ``(P-S)/((R-T)+(P-S))``
  (e.g. Skyrms 2004, ch. 1): :func:`sim.nash_equilibria` in exact rational mode, on the
  payoffs evaluated exactly from the scenario's decimals
  (:func:`sim.compile.payoffs.exact_payoffs`);
- the inspection game's inspector inspects with ``p* = g/(d(g+f))`` and the inspectee
  violates with ``q* = c/(dL)`` (Avenhaus, von Stengel and Zamir 2002): the same.

Run: ``python experiments/case_classic_results.py`` (writes ``results/case_classic_results/``).
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
from case_common import (
    SCENARIOS,
    is_nash,
    nash_threshold,
    parse_arguments,
    write_manifest,
    write_table,
)

NAME = "case_classic_results"
EXACT = "sim.nash_equilibria(exact=True) on the scenario's decimals"
SOURCES = {
    "friedman": "J. W. Friedman (1971), A non-cooperative equilibrium for supergames, "
    "Review of Economic Studies 38(1), 1-12",
    "axelrod": "R. Axelrod (1984), The Evolution of Cooperation, ch. 2 and Appendix B "
    "(Propositions 2 and 4); R. Axelrod and W. D. Hamilton (1981), Science 211, 1390-1396",
    "nowak": "M. A. Nowak and K. Sigmund (1992), Tit for tat in heterogeneous populations, "
    "Nature 355, 250-253",
    "skyrms": "B. Skyrms (2004), The Stag Hunt and the Evolution of Social Structure, ch. 1; "
    "J. C. Harsanyi and R. Selten (1988), A General Theory of Equilibrium Selection in Games",
    "avenhaus": "R. Avenhaus, B. von Stengel and S. Zamir (2002), Inspection games, "
    "Handbook of Game Theory vol. 3, ch. 51",
}


def prisoners_dilemma():
    from sim.compile.check import load
    from sim.compile.model import build_model

    scenario = load(SCENARIOS / "prisoners_dilemma.toml")
    return scenario, build_model(scenario).perfect(), scenario.parameters


def strategies(scenario, model, name: str):
    from sim.compile.strategies import build_strategy

    return build_strategy(scenario, name, 0, model), build_strategy(scenario, name, 1, model)


def grim_trigger_row() -> dict:
    from sim.play.checks import critical_discount

    scenario, model, p = prisoners_dilemma()
    value = critical_discount(model, *strategies(scenario, model, "grim_trigger"))
    closed = Fraction(int(p["T"] - p["R"]), int(p["T"] - p["P"]))
    return row("grim trigger: smallest discount factor of subgame perfection",
               "(T-R)/(T-P)", p, closed, value, "sim.play.checks.critical_discount",
               "friedman")  # fmt: skip


def tit_for_tat_row() -> dict:
    scenario, model, p = prisoners_dilemma()
    value = nash_threshold(model, *strategies(scenario, model, "tit_for_tat"))
    T, R, P, S = (int(p[k]) for k in "TRPS")
    closed = max(Fraction(T - R, T - P), Fraction(T - R, R - S))
    return row("tit-for-tat: smallest discount factor of a Nash equilibrium",
               "max((T-R)/(T-P), (T-R)/(R-S))", p, closed, value,
               "sim.play.checks.best_response (bisection on delta)", "axelrod")  # fmt: skip


def forgiveness_threshold(delta: float, steps: int = 30) -> float:
    """Largest forgiveness ``g`` with generous tit-for-tat a best response to itself."""
    from sim.compile.strategies import build_strategy

    scenario, model, _ = prisoners_dilemma()
    model = model.with_discount(delta)

    def nash(g: float) -> bool:
        choice = f"generous_tit_for_tat(forgiveness={g!r})"
        pair = (build_strategy(scenario, choice, side, model) for side in (0, 1))
        return is_nash(model, *pair)

    low, high = 0.0, 1.0
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (middle, high) if nash(middle) else (low, middle)
    return low


def generous_rows(quick: bool) -> list[dict]:
    _, _, p = prisoners_dilemma()
    T, R, P, S = (int(p[k]) for k in "TRPS")
    closed = min(1 - Fraction(T - R, R - S), Fraction(R - P, T - P))
    return [
        row(
            f"generous tit-for-tat: largest forgiveness (delta = {delta})",
            "min(1 - (T-R)/(R-S), (R-P)/(T-P)) as delta -> 1",
            p,
            closed,
            forgiveness_threshold(delta, 16 if quick else 30),
            "sim.play.checks.best_response (bisection on forgiveness)",
            "nowak",
        )  # fmt: skip
        for delta in ((0.9999,) if quick else (0.999, 0.9999))
    ]


def mixed_rows() -> list[dict]:
    from sim.compile.check import load
    from sim.compile.payoffs import exact_payoffs
    from sim.equilibria.nash import nash_equilibria

    rows = []
    stag = load(SCENARIOS / "stag_hunt.toml")
    p = stag.parameters
    exact = _mixed(nash_equilibria(exact_payoffs(stag.model, p), exact=True))
    closed = Fraction(int(p["P"] - p["S"]), int(p["R"] - p["T"] + p["P"] - p["S"]))
    rows.append(row("stag hunt: probability of cooperating in the mixed equilibrium",
                    "(P-S)/((R-T)+(P-S))", p, closed, exact[0][0],
                    EXACT, "skyrms"))  # fmt: skip
    inspection = load(SCENARIOS / "inspection.toml")
    q = inspection.parameters
    x, y = _mixed(nash_equilibria(exact_payoffs(inspection.model, q), exact=True))
    d = Fraction(str(q["d"]))
    p_star = Fraction(str(q["g"])) / (d * Fraction(str(q["g"] + q["f"])))
    q_star = Fraction(str(q["c"])) / (d * Fraction(str(q["L"])))
    rows.append(row("inspection game: inspector's probability of inspecting, p*",
                    "g/(d(g+f))", q, p_star, x[0], EXACT,
                    "avenhaus"))  # fmt: skip
    rows.append(row("inspection game: inspectee's probability of violating, q*",
                    "c/(dL)", q, q_star, y[1], EXACT,
                    "avenhaus"))  # fmt: skip
    return rows


def _mixed(equilibria):
    """The one equilibrium with both strategies mixed, as exact fractions."""
    found = [(x, y) for x, y in equilibria.exact if sum(v > 0 for v in x) > 1]
    if len(found) != 1:
        raise RuntimeError(f"expected one mixed equilibrium, found {len(found)}")
    return found[0]


def row(result, formula, parameters, closed, value, function, source) -> dict:
    names = [k for k in ("T", "R", "P", "S", "g", "f", "d", "c", "L") if k in parameters]
    given = ", ".join(f"{k}={parameters[k]:g}" for k in names)
    number = None if value is None else float(value)
    return {
        "result": result,
        "closed_form": formula,
        "parameters": given,
        "literature": str(closed),
        "literature_value": float(closed),
        "stabsim": number,
        "stabsim_exact": str(value) if isinstance(value, Fraction) else "",
        "difference": None if number is None else number - float(closed),
        "computed_by": function,
        "source": SOURCES[source],
    }


def main() -> None:
    from sim.output.manifest import utc_now

    args = parse_arguments(NAME, "Classic results of repeated and inspection games reproduced.")
    started = utc_now()
    rows = [grim_trigger_row(), tit_for_tat_row(), *generous_rows(args.quick), *mixed_rows()]
    table = pd.DataFrame(rows)
    write_table(table, args.out, "classic_results", digits=10)
    write_manifest(args.out, started)
    print(table[["result", "literature", "stabsim", "difference"]].to_string(index=False))


if __name__ == "__main__":
    main()
