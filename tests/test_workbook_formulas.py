"""The workbook's own formulas, recalculated by LibreOffice, give the engine's figures (xlinsats.core.figures)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from tests import libreoffice
from xlinsats.core.figures import SHARE_NAMES, compute_figures
from xlinsats.core.model import FLOW_NAMES, Count, Flows, FollowUp, Goal, Insats, Outcomes
from xlinsats.workbook.schema import DELTAGARE, EFTER_AVSLUT, INSATSER, MAL, UNDEFINED

from .workbook_helpers import read, save_built

pytestmark = pytest.mark.libreoffice


@pytest.fixture(autouse=True)
def _need_libreoffice() -> None:
    """Skip without LibreOffice, except under CI=true where it is required."""
    libreoffice.require("soffice")


def _recalculate(path: Path, out_dir: Path) -> Path:
    """Let LibreOffice open, recalculate and save the workbook; return the file it wrote."""
    return libreoffice.convert(path, "xlsx", out_dir)


def _values(path: Path, out_dir: Path) -> Workbook:
    return openpyxl.load_workbook(_recalculate(path, out_dir), data_only=True)


def _expected(value: Fraction | int | Decimal | None) -> float | str:
    return UNDEFINED if value is None else float(value)


def _assert_close(actual: object, expected: float | str, where: str) -> None:
    if isinstance(expected, str):
        assert actual == expected, where
    else:
        assert isinstance(actual, int | float), f"{where}: {actual!r}"
        assert actual == pytest.approx(expected, rel=1e-12, abs=1e-12), where


def _edge_followup() -> FollowUp:
    """Unknown counts, zero denominators, entered totals and goals without or with odd indicators."""
    return FollowUp(
        "Förbundet",
        2023,
        (
            Insats(
                namn="Noll",
                budget_tkr=Decimal(0),
                kostnad_tkr=Decimal(10),
                deltagare=Flows(Count(0, 0, 0), Count.plain(0), Count(0, 0, 0)),
                efter_avslut=Outcomes(
                    arbete_studier=Count(0, 0, 0),
                    ettars_svarande=Count.plain(0),
                    ettars_sjalvforsorjande=Count.plain(0),
                ),
                mal=(
                    Goal("a", "andel", "minst", Decimal(50), "arbete_studier_andel"),
                    Goal("b", "antal", "minst", Decimal(5), "nya"),
                ),
            ),
            Insats(
                namn="Okänt",
                budget_tkr=Decimal("100.5"),
                deltagare=Flows(aktuella=Count(3, None, None, totalt_angivet=9), avslutade=Count.plain(4)),
                efter_avslut=Outcomes(
                    arbete_studier=Count.plain(1),
                    annan_insats=None,
                    anstallda=Count(1, 1, 0),
                    behallit_anstallning_12_man=Count.plain(1),
                ),
                mal=(
                    Goal("c", "andel", "minst", Decimal(50), "vidare_andel"),
                    Goal("d", "antal", "högst", Decimal(5), "avslutade"),
                    Goal("e", "antal", "minst", Decimal(5), "aktuella"),
                    Goal("f", "andel", "minst", Decimal(50), "behallit_anstallning_andel"),
                    Goal("g", "andel", "minst", Decimal(50), None, Decimal("12.5")),
                    Goal("h", "antal", "minst", Decimal(5), None, None),
                    Goal("i", "antal", "minst", Decimal(5), "okand_indikator", Decimal(3)),
                    Goal("j", "antal", "minst", Decimal(5), "nya"),
                ),
            ),
        ),
    )


@pytest.mark.parametrize("case", ["reference", "edges"])
def test_formula_values_equal_the_engine(case: str, reference: FollowUp, tmp_path: Path) -> None:
    """Totals, shares, budget use and goal results computed by the workbook's formulas equal the engine's."""
    followup = reference if case == "reference" else _edge_followup()
    values = _values(save_built(followup, tmp_path / f"{case}.xlsx"), tmp_path / "lo")
    figures = compute_figures(followup)
    insatser, flows, outcomes, goals = (values[spec.sheet] for spec in (INSATSER, DELTAGARE, EFTER_AVSLUT, MAL))
    goal_row = 2
    for row, insats_figures in enumerate(figures.insatser, start=2):
        insats = insats_figures.insats
        _assert_close(
            insatser[f"{INSATSER.letter('budgetutnyttjande')}{row}"].value,
            _expected(insats_figures.budgetutnyttjande),
            f"{insats.namn} budgetutnyttjande",
        )
        _assert_close(
            insatser[f"{INSATSER.letter('outnyttjat_tkr')}{row}"].value,
            _expected(insats_figures.outnyttjat_tkr),
            f"{insats.namn} outnyttjat",
        )
        for flow in FLOW_NAMES:
            count = insats.deltagare.get(flow)
            total = flows[f"{DELTAGARE.letter(flow + '.totalt')}{row}"].value
            if count is None or count.totalt is None:
                assert total in (None, ""), f"{insats.namn} {flow}"
            else:
                assert total == count.totalt, f"{insats.namn} {flow}"
        for name in SHARE_NAMES:
            _assert_close(
                outcomes[f"{EFTER_AVSLUT.letter(name)}{row}"].value,
                _expected(insats_figures.andelar[name]),
                f"{insats.namn} {name}",
            )
        for goal_figures in insats_figures.mal:
            expected = goal_figures.utfall
            if expected is not None and goal_figures.goal.typ == "andel":
                expected = expected / 100  # the workbook holds shares as Excel percentages
            _assert_close(
                goals[f"{MAL.letter('utfall_bedomt')}{goal_row}"].value,
                _expected(expected),
                f"{insats.namn}: {goal_figures.goal.text}",
            )
            goal_row += 1


def test_libreoffice_saved_workbook_reads_back(reference: FollowUp, tmp_path: Path) -> None:
    """A workbook saved again by another program (LibreOffice) still reads back to the same follow-up."""
    resaved = _recalculate(save_built(reference, tmp_path / "ref.xlsx"), tmp_path / "lo")
    result = read(resaved)
    assert [problem.describe() for problem in result.problems] == []
    assert result.followup == reference
