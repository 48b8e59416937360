"""Every file the project writes passes the strict-format suite: ECMA-376 schemas and Excel's load limits.

The files are made the way users make them: `xlinsats import`, `new-year` and `report` through the CLI
(from interchange files written from synthetic, reference and hostile data), and the live writer through
the xlwings stand-in of tests/live_fake.py, saved to a file. tests/strict_format.py holds the checker;
tests/test_strict_checker.py proves that it fails on each defect it is meant to catch.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from benchmarks.synthetic import make_followup

from tests.conftest import REFERENCE_TOML, ROOT
from tests.live_fake import FakeBook
from tests.strict_format import check_package, report
from tests.test_report_xlsx import HOSTILE
from xlinsats.cli import main
from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Count, FollowUp, GradingScale, Insats, Outcomes, Privacy, Quote
from xlinsats.core.new_year import start_next_year
from xlinsats.excel_limits import CELL_TEXT
from xlinsats.interchange import write_interchange
from xlinsats.report.layout import build_report
from xlinsats.report.live_desktop import ComDetails
from xlinsats.report.live_writer import write_live_report

COMMITTED = ROOT / "workbook" / "Uppfoljning.xlsm"


def _run(*argv: str) -> None:
    """Run one xlinsats command as a user would, and insist that it succeeded."""
    assert main(list(argv)) == 0, argv


def _interchange(followup: FollowUp, folder: Path, name: str) -> Path:
    path = folder / f"{name}.toml"
    write_interchange(followup, path)
    return path


def _imported(followup: FollowUp, folder: Path, name: str) -> Path:
    out = folder / f"{name}.xlsm"
    _run("import", str(_interchange(followup, folder, name)), "-o", str(out))
    return out


def _reported(source: Path, folder: Path, name: str) -> Path:
    out = folder / f"{name}-rapport.xlsx"
    _run("report", str(source), "-o", str(out))
    return out


def hostile_followup(reference: FollowUp) -> FollowUp:
    """The reference data made hostile: texts at Excel's limits, formula look-alikes, every optional part.

    Names of 255 characters (Excel's longest defined name and table column name), a description of exactly
    32,767 characters (the most a cell holds), five long grade names, hand-set grades and results,
    aftercare counts, short names, quotes, and masking of counts below 3.
    """
    steps = tuple(f"Steg {index} " + "ö" * 50 for index in range(5))
    scale = GradingScale(steps, (Decimal(2), Decimal(5), Decimal(10), Decimal(25)), "samsta")
    insatser: list[Insats] = []
    for index, base in enumerate(reference.insatser):
        text = HOSTILE[index % len(HOSTILE)]
        insatser.append(
            replace(
                base,
                namn=(f"{text} {index} " + "Insats med ett mycket långt namn " * 10)[:255],
                kortnamn=f"{text}{index}" if index % 2 else None,
                agare=text,
                beskrivning=("Beskrivning " * 3000)[: CELL_TEXT.value],
                avvikelse_forklaring=text * 40,
                publicerad_bedomning=steps[index % len(steps)],
                framgangar=(text, "Framgång " * 100),
                utmaningar=(text,),
                citat=(Quote(text * 20, text), Quote("Citat", "")),
                efter_avslut=replace(base.efter_avslut or Outcomes(), efterstod=Count.by_gender(1, 2, 0)),
                mal=tuple(
                    replace(goal, text=f"{text} " + "mål " * 200, bedomning_angiven=steps[0]) for goal in base.mal
                ),
            )
        )
    return replace(
        reference,
        forbund=("Samordningsförbundet " + "Långnamn " * 40)[:255],
        bedomning=scale,
        sekretess=Privacy(3),
        insatser=tuple(insatser),
    )


def overrun_followup(reference: FollowUp) -> FollowUp:
    """The reference data with every insats spending a third more than its budget."""
    return replace(
        reference,
        insatser=tuple(
            replace(insats, kostnad_tkr=(insats.budget_tkr or Decimal(100)) * Decimal("1.34"), avvikelse_forklaring="")
            for insats in reference.insatser
        ),
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every generated file of this module."""
    return tmp_path_factory.mktemp("strict")


@pytest.fixture(scope="module")
def example_workbook(folder: Path) -> Path:
    """`xlinsats import` of the bundled 2022 example."""
    out = folder / "example.xlsm"
    _run("import", str(REFERENCE_TOML), "-o", str(out))
    return out


@pytest.fixture(scope="module")
def hostile(reference: FollowUp) -> FollowUp:
    """The hostile follow-up (see hostile_followup)."""
    return hostile_followup(reference)


#: Every generated file, by a name the test ids show, and how to make it.
GENERATED = {
    "committed workbook": lambda request, folder: COMMITTED,
    "imported example": lambda request, folder: request.getfixturevalue("example_workbook"),
    "imported synthetic (40 insatser)": lambda request, folder: _imported(make_followup(40, seed=7), folder, "synt"),
    "imported hostile (limits, optional parts, masking)": lambda request, folder: _imported(
        request.getfixturevalue("hostile"), folder, "hostile"
    ),
    "imported insats with only a name": lambda request, folder: _imported(
        FollowUp("Förbund", 2024, (Insats("Bara namn"),)), folder, "minimal"
    ),
    "imported follow-up without insatser": lambda request, folder: _imported(
        FollowUp("Förbund", 2024, ()), folder, "empty"
    ),
    "new-year workbook": lambda request, folder: _new_year(request.getfixturevalue("example_workbook"), folder),
    "report of the example": lambda request, folder: _reported(REFERENCE_TOML, folder, "example"),
    "report of 1 insats": lambda request, folder: _reported(
        _interchange(make_followup(1, seed=3), folder, "one"), folder, "one"
    ),
    "report with cost overruns": lambda request, folder: _reported(
        _interchange(overrun_followup(request.getfixturevalue("reference")), folder, "overrun"), folder, "overrun"
    ),
    "report with masking": lambda request, folder: _reported(
        _interchange(replace(request.getfixturevalue("reference"), sekretess=Privacy(5)), folder, "masked"),
        folder,
        "masked",
    ),
    "report of hostile data": lambda request, folder: _reported(
        _interchange(request.getfixturevalue("hostile"), folder, "hostile-r"), folder, "hostile-r"
    ),
    "report of a förbund named with 255 ampersands": lambda request, folder: _reported(
        _interchange(replace(request.getfixturevalue("reference"), forbund="&" * 255), folder, "amp"), folder, "amp"
    ),
    "report without insatser": lambda request, folder: _reported(
        _interchange(FollowUp("Förbund", 2024, ()), folder, "empty-r"), folder, "empty-r"
    ),
    "live report through the fake": lambda request, folder: _live(request.getfixturevalue("reference"), folder),
    "workbook after two new years (history sheets)": lambda request, folder: _imported(
        start_next_year(start_next_year(request.getfixturevalue("reference"))), folder, "history"
    ),
    "report with three years (Utveckling)": lambda request, folder: _reported(
        _interchange(_three_years(request.getfixturevalue("reference")), folder, "history-r"), folder, "history-r"
    ),
    "report with three years and masking": lambda request, folder: _reported(
        _interchange(replace(_three_years(request.getfixturevalue("reference")), sekretess=Privacy(5)), folder, "hm"),
        folder,
        "hm",
    ),
}


def _three_years(reference: FollowUp) -> FollowUp:
    """The example's 2022 and its 2023 (as new-year makes it, then given 2022's counts again) as history of 2024;
    its report has the Utveckling sheet (a test below makes sure)."""
    second = start_next_year(reference)
    second = replace(
        second,
        insatser=tuple(
            replace(
                new,
                deltagare=old.deltagare,
                efter_avslut=old.efter_avslut,
                budget_tkr=old.budget_tkr,
                kostnad_tkr=old.kostnad_tkr,
            )
            for new, old in zip(second.insatser, reference.insatser, strict=True)
        ),
    )
    third = start_next_year(second)
    return replace(
        third,
        insatser=tuple(
            replace(new, deltagare=old.deltagare, efter_avslut=old.efter_avslut)
            for new, old in zip(third.insatser, reference.insatser, strict=True)
        ),
    )


def _new_year(workbook: Path, folder: Path) -> Path:
    out = folder / "next-year.xlsm"
    _run("new-year", str(workbook), "-o", str(out))
    return out


def _live(reference: FollowUp, folder: Path) -> Path:
    """The live writer's report on a workbook that already has input sheets, saved by the fake to a file."""
    book = FakeBook(sheet_names=("Insatser", "Deltagare"))
    write_live_report(build_report(compute_figures(reference)), book, desktop=ComDetails())
    path = folder / "live.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_file_passes_the_strict_format_suite(name: str, request: pytest.FixtureRequest, folder: Path) -> None:
    """The file validates against the ECMA-376 schemas (ribbon: customui14.xsd) and keeps every Excel limit."""
    path = GENERATED[name](request, folder)
    findings = check_package(path)
    assert not findings, report(findings)


@pytest.fixture(scope="module")
def report_of_100(folder: Path) -> Path:
    """The report of 100 synthetic insatser (about 9,000 cells and 101 charts), written once for the module."""
    return _reported(_interchange(make_followup(100, seed=100), folder, "hundred"), folder, "hundred")


def test_report_of_100_insatser_passes_the_strict_format_suite(report_of_100: Path) -> None:
    """The large report, with its 101 charts, validates and keeps every limit (chart ranges within the sheets)."""
    findings = check_package(report_of_100)
    assert not findings, report(findings)


def test_the_history_report_case_reaches_the_development_sheet(reference: FollowUp) -> None:
    """The three-year case really has two earlier years per insats and an Utveckling sheet to check."""
    followup = _three_years(reference)
    assert all(len(insats.historik) == 2 for insats in followup.insatser)
    assert "Utveckling" in [sheet.name for sheet in build_report(compute_figures(followup)).sheets]
