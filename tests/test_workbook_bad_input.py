"""Bad input in the workbook: every problem found, in Swedish, naming the file, sheet and cell."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from xlinsats.core.checks import check_followup
from xlinsats.core.model import FollowUp
from xlinsats.errors import FileFormatError
from xlinsats.workbook.reader import read_workbook

from .workbook_helpers import edit, problems_at, read, save_built

Change = Callable[[Workbook], None]


@pytest.fixture
def workbook_path(reference: FollowUp, tmp_path: Path) -> Path:
    """A fresh copy of the reference workbook to spoil."""
    return save_built(reference, tmp_path / "Uppfoljning.xlsx")


def _set(sheet: str, cell: str, value: object) -> Change:
    def change(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return change


# (what is spoilt, the change, sheet, cell, severity, words the message must hold)
CATALOGUE: list[tuple[str, Change, str, str | None, str, str]] = [
    (
        "text in a count",
        _set("Deltagare", "B2", "tjugo"),
        "Deltagare",
        "B2",
        "fel",
        "Antalet aktuella deltagare (kvinnor) ska vara ett heltal, men cellen innehåller texten 'tjugo'",
    ),
    ("number stored as text", _set("Deltagare", "B3", "19"), "Deltagare", "B3", "fel", "innehåller texten '19'"),
    ("decimal in a count", _set("Deltagare", "C2", 2.5), "Deltagare", "C2", "fel", "inte decimaltalet 2,5"),
    (
        "negative count",
        _set("Efter avslut", "B2", -1),
        "Efter avslut",
        "B2",
        "fel",
        "Antalet avslutade till arbete eller studier (kvinnor) får inte vara mindre än 0 (-1)",
    ),
    ("negative plain total", _set("Efter avslut", "I2", -3), "Efter avslut", "I2", "fel", "får inte vara mindre än 0"),
    ("absurdly large count", _set("Deltagare", "B4", 10**12), "Deltagare", "B4", "fel", "är orimligt stort"),
    ("absurdly large result", _set("Mål", "G4", 1e28), "Mål", "G4", "fel", "Utfallet har ett orimligt stort värde"),
    ("boolean in a count", _set("Deltagare", "F2", True), "Deltagare", "F2", "fel", "ska vara ett heltal"),
    (
        "date in a count",
        _set("Deltagare", "G2", datetime.datetime(2022, 1, 5)),
        "Deltagare",
        "G2",
        "fel",
        "datum eller klockslag",
    ),
    ("blank gender next to filled ones", _set("Deltagare", "C2", None), "Deltagare", "C2", "varning", "räknas som 0"),
    ("percent typed as 50", _set("Mål", "E2", 50), "Mål", "E2", "fel", "En andel skrivs i procent: skriv 50 %"),
    ("result typed as 71", _set("Mål", "G2", 71), "Mål", "G2", "fel", "skriv 71 %"),
    ("share typed as 0.5 %", _set("Mål", "E3", 0.005), "Mål", "E3", "varning", "Menade du 50 %?"),
    ("blank target", _set("Mål", "E4", None), "Mål", "E4", "fel", "Målvärdet saknas."),
    ("blank goal text", _set("Mål", "B4", None), "Mål", "B4", "fel", "Måltexten saknas."),
    (
        "unknown goal type",
        _set("Mål", "C2", "procent"),
        "Mål",
        "C2",
        "fel",
        "Okänt värde 'procent' för måltyp; välj andel eller antal",
    ),
    ("unknown direction", _set("Mål", "D2", "mer"), "Mål", "D2", "fel", "välj minst eller högst"),
    ("unknown indicator", _set("Mål", "F2", "lycka"), "Mål", "F2", "fel", "Okänd indikator 'lycka'"),
    (
        "goal for an unknown insats",
        _set("Mål", "A3", "Lyran"),
        "Mål",
        "A3",
        "fel",
        "Insatsen 'Lyran' finns inte på bladet Insatser",
    ),
    (
        "flows for an unknown insats",
        _set("Deltagare", "A5", "UPIS"),
        "Deltagare",
        "A5",
        "fel",
        "Insatsen 'UPIS' finns inte",
    ),
    (
        "narrative for an unknown insats",
        _set("Berättelse", "A2", "Okänd"),
        "Berättelse",
        "A2",
        "fel",
        "finns inte på bladet Insatser",
    ),
    (
        "unknown narrative kind",
        _set("Berättelse", "B2", "Tanke"),
        "Berättelse",
        "B2",
        "fel",
        "välj Framgång, Utmaning eller Citat",
    ),
    (
        "source on a success",
        _set("Berättelse", "D2", "Någon"),
        "Berättelse",
        "D2",
        "varning",
        "Källa används bara för citat",
    ),
    ("error value in a count", _set("Deltagare", "D2", "#DIV/0!"), "Deltagare", "D2", "fel", "felvärdet #DIV/0!"),
    ("error value in a budget", _set("Insatser", "F3", "#REF!"), "Insatser", "F3", "fel", "felvärdet #REF!"),
    (
        "formula in an input cell",
        _set("Insatser", "G2", "=1000+1008"),
        "Insatser",
        "G2",
        "fel",
        "innehåller en formel (=1000+1008)",
    ),
    ("negative budget", _set("Insatser", "F2", -5), "Insatser", "F2", "fel", "Budgeten får inte vara mindre än 0"),
    ("text budget", _set("Insatser", "F2", "2 450 kr"), "Insatser", "F2", "fel", "ska vara ett tal"),
    ("blank insats name with data", _set("Insatser", "A3", None), "Insatser", "A3", "fel", "Insatsens namn saknas."),
    (
        "duplicate flow row",
        _set("Deltagare", "A3", "Lyra"),
        "Deltagare",
        "A3",
        "fel",
        "har redan en rad på bladet (rad 2)",
    ),
    ("year as text", _set("Inställningar", "B4", "i år"), "Inställningar", "B4", "fel", "Året ska vara ett heltal"),
    ("year out of range", _set("Inställningar", "B4", 22), "Inställningar", "B4", "fel", "Året ska vara ett årtal"),
    ("blank year", _set("Inställningar", "B4", None), "Inställningar", "B4", "fel", "Året saknas."),
    ("blank förbund", _set("Inställningar", "B3", None), "Inställningar", "B3", "fel", "Förbundets namn saknas."),
    (
        "unknown aggregation",
        _set("Inställningar", "B5", "medel"),
        "Inställningar",
        "B5",
        "fel",
        "välj median eller samsta",
    ),
    ("decimal minimum cell", _set("Inställningar", "B6", 2.5), "Inställningar", "B6", "fel", "decimaltalet 2,5"),
    (
        "falling bounds",
        _set("Inställningar", "B11", 2),
        "Inställningar",
        "A9",
        "fel",
        "gränsvärdena måste vara stigande",
    ),
    ("missing bound", _set("Inställningar", "B10", None), "Inställningar", "B10", "fel", "Gränsen saknas"),
    (
        "bound on the last step",
        _set("Inställningar", "B12", 100),
        "Inställningar",
        "B12",
        "varning",
        "Det sista steget har ingen gräns",
    ),
    ("goal grade not on the scale", _set("Mål", "K2", "Utmärkt"), "Mål", "K2", "varning", "finns inte i skalan"),
]


@pytest.mark.parametrize(
    ("change", "sheet", "cell", "severity", "words"),
    [case[1:] for case in CATALOGUE],
    ids=[case[0] for case in CATALOGUE],
)
def test_bad_value_is_named_in_swedish(
    workbook_path: Path, change: Change, sheet: str, cell: str | None, severity: str, words: str
) -> None:
    """A spoilt cell gives a Swedish problem of the right severity at that sheet and cell, and no traceback."""
    result = read(edit(workbook_path, change))
    found = problems_at(result, sheet, cell)
    assert any(words in problem.message and problem.severity == severity for problem in found), [
        problem.describe() for problem in result.problems
    ]
    for problem in found:
        assert problem.location is not None and problem.location.file == str(workbook_path)


def test_unusable_values_are_left_out_and_the_rest_is_read(workbook_path: Path, reference: FollowUp) -> None:
    """Bad values are errors and left out (with the count they belong to), while the sound rest is still read."""

    def spoil(workbook: Workbook) -> None:
        workbook["Deltagare"]["B2"] = "tjugo"  # Lyra, aktuella kvinnor
        workbook["Mål"]["E2"] = 50  # Lyra's first goal: target unusable, goal left out
        workbook["Insatser"]["F3"] = "#DIV/0!"  # MIA's budget

    result = read(edit(workbook_path, spoil))
    assert result.followup is not None and result.has_errors
    lyra, mia = result.followup.insatser[0], result.followup.insatser[1]
    assert lyra.deltagare.aktuella is None  # a count with an unusable part is unknown as a whole
    assert lyra.deltagare.nya == reference.insatser[0].deltagare.nya
    assert [goal.text for goal in lyra.mal] == [goal.text for goal in reference.insatser[0].mal[1:]]
    assert mia.budget_tkr is None and mia.kostnad_tkr == reference.insatser[1].kostnad_tkr
    assert len(result.followup.insatser) == 4


def test_one_run_lists_every_problem(workbook_path: Path) -> None:
    """Many spoilt cells on several sheets are all reported in one read."""
    changes = [case for case in CATALOGUE if case[3] is not None and case[2] not in ("Inställningar",)]
    cells = {(case[2], case[3]) for case in changes}

    def spoil(workbook: Workbook) -> None:
        for case in changes:
            case[1](workbook)

    result = read(edit(workbook_path, spoil))
    located = {(p.location.sheet, p.location.cell) for p in result.problems if p.location is not None}
    # Only what depends on another spoilt cell goes unsaid: a share is not judged when the goal type is
    # unknown, a source not when the narrative kind is unknown, and a blank gender not when its count is dropped.
    assert cells - located == {("Mål", "E2"), ("Mål", "G2"), ("Berättelse", "D2"), ("Deltagare", "C2")}


def test_hogst_without_diacritics_is_accepted(workbook_path: Path) -> None:
    """Direction "hogst" (as the interchange file allows) reads as "högst" without a problem."""
    result = read(edit(workbook_path, _set("Mål", "D2", "HOGST")))
    assert result.problems == ()
    assert result.followup is not None and result.followup.insatser[0].mal[0].riktning == "högst"


def test_missing_sheet_is_an_error_and_the_rest_is_read(workbook_path: Path) -> None:
    """A missing sheet is an error naming it and the sheets present, and the other sheets are still read."""
    result = read(edit(workbook_path, lambda wb: wb.remove(wb["Berättelse"])))
    errors = [problem for problem in result.problems if problem.is_error]
    assert len(errors) == 1
    assert errors[0].location is not None and errors[0].location.sheet == "Berättelse"
    assert "Bladet 'Berättelse' saknas i arbetsboken (bladen som finns: Instruktioner," in errors[0].message
    assert result.followup is not None
    assert [len(insats.mal) for insats in result.followup.insatser] == [4, 3, 3, 3]
    assert all(insats.framgangar == () for insats in result.followup.insatser)


def test_renamed_sheets_are_found_and_named(workbook_path: Path, reference: FollowUp) -> None:
    """A sheet renamed (or spelt in other case) is found by its table, read, and named in a warning and in cells."""

    def spoil(workbook: Workbook) -> None:
        workbook["Mål"].title = "Målen 2022"
        workbook["Deltagare"].title = "tillfälligt"  # openpyxl refuses a rename that only changes case
        workbook["tillfälligt"].title = "DELTAGARE"

    path = edit(workbook_path, spoil)
    result = read(path)
    assert [p.severity for p in result.problems] == ["varning", "varning"]
    messages = " ".join(problem.message for problem in result.problems)
    assert "Bladet 'Mål' finns inte, men uppgifterna hittades på bladet 'Målen 2022'" in messages
    assert "Bladet 'Deltagare' finns inte, men uppgifterna hittades på bladet 'DELTAGARE'" in messages
    assert result.followup == reference
    assert result.followup is not None
    goal = result.followup.insatser[0].mal[0]
    assert (goal.locations["malvarde"].sheet, goal.locations["malvarde"].cell) == ("Målen 2022", "E2")
    spoilt = read(edit(path, _set("Målen 2022", "E3", 45)))
    assert [(p.location.sheet, p.location.cell) for p in spoilt.problems if p.is_error and p.location] == [
        ("Målen 2022", "E3")
    ]


def test_missing_column_and_missing_table(workbook_path: Path) -> None:
    """A missing column and a table whose header row is gone are errors naming sheet and header."""

    def spoil(workbook: Workbook) -> None:
        workbook["Insatser"].delete_cols(7)  # Kostnad (tkr)
        for cell in workbook["Efter avslut"][1]:
            cell.value = None

    result = read(edit(workbook_path, spoil))
    messages = [problem.describe() for problem in result.problems]
    assert any("blad Insatser" in m and "Kolumnen 'Kostnad (tkr)' saknas i tabellen Insatser" in m for m in messages)
    assert any("blad Efter avslut" in m and "Tabellen EfterAvslut hittades inte" in m for m in messages)
    assert result.followup is not None
    assert all(insats.kostnad_tkr is None for insats in result.followup.insatser)
    assert result.followup.insatser[0].budget_tkr == 2450


def test_reordered_and_extra_columns_and_rows(workbook_path: Path, reference: FollowUp) -> None:
    """Columns are found by header: reordered and extra columns, and blank rows, change nothing."""

    def spoil(workbook: Workbook) -> None:
        goals = workbook["Mål"]
        goals.insert_cols(2)
        goals["B1"] = "Kommentar"
        goals["B3"] = "en anteckning"
        goals.move_range("G1:G14", cols=20)  # Indikator far to the right
        goals.insert_rows(5, 2)
        flows = workbook["Deltagare"]
        flows.insert_rows(1, 2)  # a title above the table
        flows["A1"] = "Deltagare 2022"

    result = read(edit(workbook_path, spoil))
    assert result.problems == ()
    assert result.followup == reference


def test_merged_cells_are_an_error(workbook_path: Path) -> None:
    """Merged cells on a data sheet are an error naming the range."""
    result = read(edit(workbook_path, lambda wb: wb["Insatser"].merge_cells("H2:H3")))
    found = problems_at(result, "Insatser", "H2")
    assert any("Sammanfogade celler (H2:H3)" in problem.message for problem in found)


def test_insats_without_rows_elsewhere_is_a_warning(workbook_path: Path) -> None:
    """An insats without a row on Deltagare is a warning, and its flows are unknown."""
    result = read(edit(workbook_path, lambda wb: wb["Deltagare"].delete_rows(3)))
    assert any(
        p.severity == "varning" and "Insatsen 'MIA' saknar rad i tabellen Deltagare" in p.message
        for p in result.problems
    )
    assert result.followup is not None and result.followup.insatser[1].deltagare.aktuella is None


def test_duplicate_insats_is_found_by_the_checks(workbook_path: Path) -> None:
    """A duplicated insats name reaches the core checks with the cell of the duplicate."""
    result = read(edit(workbook_path, _set("Insatser", "A3", "Lyra")))
    assert result.followup is not None
    duplicates = [p for p in check_followup(result.followup) if "finns mer än en gång" in p.message]
    assert [(p.location.sheet, p.location.cell) for p in duplicates if p.location] == [("Insatser", "A3")]


def test_core_checks_name_workbook_cells(workbook_path: Path) -> None:
    """Warnings of the core checks point at the cells the reader located (subgroup above its total)."""
    result = read(edit(workbook_path, _set("Deltagare", "I2", 20)))  # Lyra nya: 11 + 15 = 26 > 20
    assert result.followup is not None
    warnings = [p for p in check_followup(result.followup) if "fler än totalen" in p.message]
    assert [(p.location.sheet, p.location.cell) for p in warnings if p.location] == [("Deltagare", "I2")]


# -- files that are not usable workbooks ---------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return path


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is a Swedish file-format error."""
    with pytest.raises(FileFormatError, match="filen finns inte"):
        read_workbook(tmp_path / "saknas.xlsm")


def test_not_a_workbook(tmp_path: Path) -> None:
    """A text file named .xlsx is refused as not a workbook."""
    path = tmp_path / "text.xlsx"
    path.write_text("Förbund;År\nHBS;2022\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="inte en Excel-arbetsbok"):
        read_workbook(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    """A zip package without a workbook part is refused."""
    path = _zip(tmp_path / "paket.xlsx", {"hej.txt": b"hej"})
    with pytest.raises(FileFormatError, match=r"ingen Excel-arbetsbok \(xl/workbook.xml saknas\)"):
        read_workbook(path)


def test_truncated_workbook(workbook_path: Path) -> None:
    """A workbook cut off half-way (an interrupted copy) is refused as broken."""
    data = workbook_path.read_bytes()
    workbook_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileFormatError, match="skadad eller ofullständig"):
        read_workbook(workbook_path)


def test_broken_sheet_part(workbook_path: Path, tmp_path: Path) -> None:
    """A workbook whose sheet XML is garbage is refused as broken, without a traceback."""
    with zipfile.ZipFile(workbook_path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet3.xml"] = b"<worksheet><sheetData><row"
    path = _zip(tmp_path / "trasig.xlsx", members)
    with pytest.raises(FileFormatError, match="skadad"):
        read_workbook(path)


def test_old_xls_format(tmp_path: Path) -> None:
    """A file of the old binary .xls kind (an OLE compound file) is refused with advice to save as .xlsm."""
    path = tmp_path / "gammal.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"))
    with pytest.raises(FileFormatError, match=r"gamla Excel-formatet \(\.xls\)"):
        read_workbook(path)


def test_encrypted_workbook(tmp_path: Path) -> None:
    """A password-encrypted workbook (an OLE file with an EncryptedPackage stream) is refused as encrypted.

    The file is a stand-in with the two marks the reader looks at; no encryption tool is installed here.
    """
    path = tmp_path / "krypterad.xlsm"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(504)
        + "EncryptionInfo".encode("utf-16-le")
        + bytes(16)
        + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(FileFormatError, match="arbetsboken är krypterad"):
        read_workbook(path)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    """A package member that inflates far beyond its packed size is refused before it is read."""
    path = _zip(tmp_path / "bomb.xlsx", {"xl/workbook.xml": b"<workbook/>", "xl/big.xml": bytes(64 * 2**20)})
    with pytest.raises(FileFormatError, match="zip-bomb"):
        read_workbook(path)


def test_xml_bomb_is_refused(workbook_path: Path, tmp_path: Path) -> None:
    """A sheet with nested entity definitions (billion laughs) is refused without expanding them."""
    with zipfile.ZipFile(workbook_path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    members["xl/worksheets/sheet3.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY e0 "lol">{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    path = _zip(tmp_path / "bomb.xlsx", members)
    with pytest.raises(FileFormatError, match="dokumenttypsdeklaration"):
        read_workbook(path)


def test_table_total_rows_are_not_data(workbook_path: Path, reference: FollowUp) -> None:
    """A total row switched on in Excel (label and SUBTOTAL formulas) is not read as an insats or a goal."""

    def spoil(workbook: Workbook) -> None:
        for sheet_name, table_name, last_column in (("Insatser", "Insatser", "K"), ("Mål", "Mal", "K")):
            sheet = workbook[sheet_name]
            table = sheet.tables[table_name]
            end = sheet.max_row + 1
            table.ref = f"A1:{last_column}{end}"
            table.totalsRowCount = 1
            sheet[f"A{end}"] = "Summa"
            sheet[f"E{end}"] = f"=SUBTOTAL(109,E2:E{end - 1})"

    result = read(edit(workbook_path, spoil))
    assert result.problems == ()
    assert result.followup == reference


def test_optional_column_left_out_is_a_warning(workbook_path: Path) -> None:
    """Leaving out an optional column (Kortnamn) is a warning, and its cells count as empty."""
    result = read(edit(workbook_path, lambda wb: wb["Insatser"].delete_cols(2)))
    assert [(p.severity, p.location.cell if p.location else None) for p in result.problems] == [("varning", "K1")]
    assert "Kolumnen 'Kortnamn' saknas i tabellen Insatser (rubrikraden är rad 1); den räknas som tom." in (
        result.problems[0].message
    )
    assert result.followup is not None
    assert result.followup.insatser[3].kortnamn is None


def test_missing_key_column_is_named(workbook_path: Path) -> None:
    """Without its Insats column a table is found by its other headers, and the missing column is named."""
    result = read(edit(workbook_path, lambda wb: wb["Mål"].delete_cols(1)))
    errors = [p.describe() for p in result.problems if p.is_error]
    assert any("blad Mål" in e and "Kolumnen 'Insats' saknas i tabellen Mal" in e for e in errors), errors
    assert result.followup is not None and all(insats.mal == () for insats in result.followup.insatser)
