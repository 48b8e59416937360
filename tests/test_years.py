"""Key figures across years: `figures` with several workbooks writes one long table, matched by insats name."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from xlinsats.cli import main
from xlinsats.core.figures import compute_figures
from xlinsats.core.model import FollowUp
from xlinsats.interchange import write_interchange
from xlinsats.years import COLUMNS, long_table


@pytest.fixture
def three_years(reference: FollowUp, tmp_path: Path) -> list[Path]:
    """2021 without MIA, 2022 as the reference, 2023 as the reference renumbered: three interchange files."""
    files = []
    for year, insatser in (
        (2021, tuple(i for i in reference.insatser if i.namn != "MIA")),
        (2022, reference.insatser),
        (2023, reference.insatser),
    ):
        path = tmp_path / f"{year}.toml"
        write_interchange(replace(reference, ar=year, insatser=insatser), path)
        files.append(path)
    return files


def test_long_table_has_one_row_per_insats_year_and_figure(reference: FollowUp) -> None:
    """Lyra's 2022 share to work or studies is 9 of 17 (52.94 %); rows are sorted by insats, then year."""
    table, problems = long_table([compute_figures(reference)])
    assert list(table.columns) == list(COLUMNS)
    lyra = table[(table.insats == "Lyra") & (table.nyckeltal == "andelar.arbete_studier_andel")]
    assert lyra.varde.tolist() == [pytest.approx(900 / 17)]
    assert table[(table.insats == "Lyra") & (table.nyckeltal == "deltagare.avslutade.totalt")].varde.tolist() == [17]
    assert problems == []
    assert table.insats.tolist() == sorted(table.insats.tolist())


def test_same_year_twice_is_refused(reference: FollowUp) -> None:
    """Two follow-ups of the same year cannot be put side by side."""
    figures = compute_figures(reference)
    with pytest.raises(ValueError, match="samma år"):
        long_table([figures, figures])


def test_figures_across_three_years_as_json(three_years: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`figures 2021 2022 2023` writes records for every year and warns that MIA is missing in 2021."""
    assert main(["figures", *map(str, three_years)]) == 0
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    lyra = [r for r in records if r["insats"] == "Lyra" and r["nyckeltal"] == "deltagare.nya.totalt"]
    assert [(r["ar"], r["varde"]) for r in lyra] == [(2021, 26), (2022, 26), (2023, 26)]
    assert {r["ar"] for r in records if r["insats"] == "MIA"} == {2022, 2023}
    assert "Insatsen 'MIA' finns bara för 2022, 2023 (av 2021, 2022, 2023)" in captured.err


def test_figures_across_years_as_swedish_csv(three_years: list[Path], tmp_path: Path) -> None:
    """The CSV opens in Swedish Excel: BOM, semicolons, decimal comma."""
    out = tmp_path / "ar.csv"
    assert main(["figures", *map(str, three_years), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(COLUMNS[:4])
    share = [r for r in rows if r[0] == "Lyra" and r[1] == "2022" and r[2] == "andelar.arbete_studier_andel"]
    assert [r[3] for r in share] == ["52,9"]
    assert [r[3] for r in rows if r[:3] == ["Lyra", "2022", "budgetutnyttjande"]] == ["82,0"]
    assert [r[3] for r in rows if r[:3] == ["Lyra", "2022", "deltagare.aktuella.totalt"]] == ["38"]


def test_masked_figures_stay_masked_across_years(reference: FollowUp) -> None:
    """With minsta_cell 3 a small count is empty and flagged in the long table, and '..' in its CSV."""
    from xlinsats.core.model import Privacy
    from xlinsats.years import long_table_csv

    masked = replace(reference, sekretess=Privacy(3))
    table, _ = long_table([compute_figures(masked)])
    flagged = table[table.maskerad]
    assert not flagged.empty
    assert flagged.varde.isna().all()
    for name, year, figure in flagged[["insats", "ar", "nyckeltal"]].itertuples(index=False, name=None):
        assert f"{name};{year};{figure};..\n" in long_table_csv(table)
