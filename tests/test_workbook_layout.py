"""The built workbook read back with openpyxl: sheets, tables, validation, formats, panes and defined names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlinsats.core.model import FollowUp
from xlinsats.workbook.schema import COUNT_FORMAT, DATA_TABLES, MAL, PERCENT_FORMAT, SHEET_ORDER
from xlinsats.workbook.writer import SWEDISH

from .workbook_helpers import save_built


@pytest.fixture(scope="module")
def saved(reference: FollowUp, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """The reference workbook, saved and loaded again as an independent reader would."""
    path = save_built(reference, tmp_path_factory.mktemp("layout") / "ref.xlsx")
    return openpyxl.load_workbook(path)


def _sheet(workbook: Workbook, name: str) -> Worksheet:
    sheet = workbook[name]
    assert isinstance(sheet, Worksheet)
    return sheet


def _validations(sheet: Worksheet) -> dict[str, tuple[str | None, str | None]]:
    """Each validated range with its type and first formula."""
    return {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}


def test_sheets_are_swedish_and_in_order(saved: Workbook) -> None:
    """The workbook has the Swedish sheets in the documented order."""
    assert saved.sheetnames == list(SHEET_ORDER)
    assert SHEET_ORDER == (
        "Instruktioner",
        "Inställningar",
        "Insatser",
        "Deltagare",
        "Efter avslut",
        "Mål",
        "Berättelse",
        "Egna antal",
        "Indikatorer",
        "Historik",
        "Historik mål",
    )


def test_data_is_held_in_excel_tables(saved: Workbook) -> None:
    """Each data sheet holds its Table with the schema's headers, covering every data row."""
    expected_rows = {"Insatser": 4, "Deltagare": 4, "Efter avslut": 4, "Mål": 13, "Berättelse": 12}
    for spec in DATA_TABLES:
        sheet = _sheet(saved, spec.sheet)
        table = sheet.tables[spec.table]
        last = spec.letter(spec.columns[-1].key)
        assert table.ref == f"A1:{last}{1 + expected_rows[spec.sheet]}"
        assert [column.name for column in table.tableColumns] == [column.header for column in spec.columns]
    assert "Bedomningsskala" in _sheet(saved, "Inställningar").tables


def _stored_width(characters: float) -> float:
    """The width Excel stores for a column shown ``characters`` wide: 7-pixel digits plus 5 pixels of padding."""
    return int((characters * 7 + 5) / 7 * 256) / 256


def test_frozen_headers_and_widths(saved: Workbook) -> None:
    """Headers and the insats column are frozen, and columns show the schema's widths in characters."""
    for spec in DATA_TABLES:
        sheet = _sheet(saved, spec.sheet)
        assert sheet.freeze_panes == "B2"
        for column in spec.columns:
            number = spec.index(column.key)
            # Adjacent columns of one width are stored as one range (F:G), which openpyxl keys by its first letter.
            widths = [dim.width for dim in sheet.column_dimensions.values() if dim.min <= number <= dim.max]
            assert widths == [_stored_width(column.width)], column.header


def test_validation_lists(saved: Workbook) -> None:
    """Insats names, goal type, direction, indicator and grades are chosen from lists."""
    goals = _validations(_sheet(saved, "Mål"))
    assert goals["A2:A14"] == ("list", "xlinsats_insatser")
    assert goals["C2:C14"] == ("list", '"andel,antal"')
    assert goals["D2:D14"] == ("list", '"minst,högst"')
    assert goals["F2:F14"] == ("list", "xlinsats_indikatorer")
    assert goals["K2:K14"] == ("list", "xlinsats_skala")
    assert goals["E2:E14"] == ("custom", 'AND(ISNUMBER(E2),E2>=0,OR($C2<>"andel",E2<=1))')
    assert goals["G2:G14"] == ("custom", 'AND(ISNUMBER(G2),G2>=0,OR($C2<>"andel",G2<=1))')
    flows = _validations(_sheet(saved, "Deltagare"))
    assert flows["A2:A5"] == ("list", "xlinsats_insatser")
    assert flows["B2:B5"] == ("whole", "0")
    assert _validations(_sheet(saved, "Berättelse"))["B2:B13"] == ("list", '"Framgång,Utmaning,Citat"')
    assert _validations(_sheet(saved, "Insatser"))["I2:I5"] == ("list", "xlinsats_skala")


def test_defined_names_for_the_udfs(saved: Workbook) -> None:
    """The scale, its bounds and the aggregation are workbook-level names on Inställningar."""
    names = saved.defined_names
    assert names["xlinsats_skala"].attr_text == "'Inställningar'!$A$10:$A$12"
    assert names["xlinsats_granser"].attr_text == "'Inställningar'!$B$10:$B$11"
    assert names["xlinsats_sammanvagning"].attr_text == "'Inställningar'!$B$5"
    assert names["xlinsats_insatser"].attr_text.startswith("OFFSET('Insatser'!$A$2,")
    settings = _sheet(saved, "Inställningar")
    assert [settings[f"A{row}"].value for row in (10, 11, 12)] == ["God", "Godtagbart", "Ej godtagbart"]
    assert [settings[f"B{row}"].value for row in (10, 11, 12)] == [5, 25, None]
    assert settings["B5"].value == "median"
    assert settings["B3"].value == "Samordningsförbundet HBS"
    assert settings["B4"].value == 2022
    assert settings["B6"].value is None  # small-count protection is off by default


def test_shares_are_excel_percentages(saved: Workbook) -> None:
    """Share targets and results are fractions formatted "0 %"; counts use the grouped format; all Swedish."""
    percent, count = f"{SWEDISH}{PERCENT_FORMAT}", f"{SWEDISH}{COUNT_FORMAT}"
    goals = _sheet(saved, "Mål")
    assert (goals["E2"].value, goals["E2"].number_format) == (0.5, percent)
    assert (goals["G2"].value, goals["G2"].number_format) == (0.71, percent)
    assert (goals["E4"].value, goals["E4"].number_format) == (20, count)
    insatser = _sheet(saved, "Insatser")
    assert (insatser["F2"].value, insatser["F2"].number_format) == (2450, count)
    assert insatser["J2"].number_format == percent
    assert _sheet(saved, "Deltagare")["B2"].number_format == count
    assert _sheet(saved, "Efter avslut")["AD2"].number_format == percent
    assert _sheet(saved, "Inställningar")["B10"].number_format == f"{SWEDISH}0.##"
    assert (COUNT_FORMAT, PERCENT_FORMAT) == ("#,##0", "0 %")


def test_every_number_format_pins_the_swedish_locale(saved: Workbook) -> None:
    """Every cell with a number format other than General carries [$-41D], so no locale shows 2,450."""
    for sheet in saved.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.number_format != "General":
                    assert cell.number_format.startswith(SWEDISH), (sheet.title, cell.coordinate, cell.number_format)


def _fill(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill.fill_type == "solid" else ""


def test_input_and_formula_looks(saved: Workbook) -> None:
    """Input cells are yellow and computed cells grey and italic, with thin borders, as the instructions say."""
    goals, flows = _sheet(saved, "Mål"), _sheet(saved, "Deltagare")
    for cell in (goals["E2"], flows["B2"], _sheet(saved, "Inställningar")["B3"]):
        assert (_fill(cell), cell.font.i, cell.border.left.style) == ("FFF2CC", False, "thin"), cell.coordinate
    for cell in (goals["J2"], flows["E2"], _sheet(saved, "Insatser")["J2"]):
        assert (_fill(cell), cell.font.i, cell.border.left.style) == ("EDEDED", True, "thin"), cell.coordinate
    assert "Fyll i de gula cellerna; grå celler räknas ut." in str(_sheet(saved, "Instruktioner")["A2"].value)


def test_fulfilment_and_result_formulas(saved: Workbook) -> None:
    """Goals get =FULFILMENT(target, result, kind, direction) and a computed result, never a typed one."""
    goals = _sheet(saved, "Mål")
    assert goals[f"{MAL.letter('maluppfyllelse')}2"].value == '=IF($A2="","",FULFILMENT($E2,$H2,$C2,$D2))'
    assert goals[f"{MAL.letter('avvikelse')}2"].value == '=IF($A2="","",SHORTFALL($E2,$H2,$C2,$D2))'
    result = goals[f"{MAL.letter('utfall_bedomt')}2"].value
    assert isinstance(result, str) and result.startswith('=IF($A2="","",IF($F2="",')
    assert "'Efter avslut'!$AF:$AF" in result
    totals = _sheet(saved, "Deltagare")["E2"].value
    assert totals == '=IF(COUNT(B2:D2)=0,"",SUM(B2:D2))'


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    """Text starting with =, +, - or @ is stored as text with a quote prefix, never as a formula."""
    from xlinsats.core.model import Insats

    followup = FollowUp('=HYPERLINK("x")', 2022, (Insats(namn="+1", agare="-2", kortnamn="@3", beskrivning="=1"),))
    path = save_built(followup, tmp_path / "text.xlsx")
    workbook = openpyxl.load_workbook(path)
    insatser = _sheet(workbook, "Insatser")
    cells = [_sheet(workbook, "Inställningar")["B3"], insatser["A2"], insatser["B2"], insatser["C2"], insatser["E2"]]
    for cell in cells:
        assert cell.data_type == "s", cell.coordinate
        assert cell.quotePrefix, cell.coordinate
    assert _sheet(workbook, "Insatser")["A2"].value == "+1"


def test_control_characters_are_refused_not_altered() -> None:
    """A text with control characters an Excel file cannot hold is a Swedish BuildError, not a silent change."""
    from xlinsats.core.model import Insats
    from xlinsats.errors import BuildError
    from xlinsats.workbook.writer import build_workbook

    with pytest.raises(BuildError, match=r"blad Insatser, cell C2\) innehåller styrtecken"):
        build_workbook(FollowUp("Förbundet", 2022, (Insats(namn="A", agare="Kommun\x01"),)))


def test_list_sources_are_defined_names_without_equals(saved: Workbook) -> None:
    """Every list validation is an inline list or a defined name of the workbook, stored without a leading "="."""
    for sheet in saved.worksheets:
        for validation in sheet.data_validations.dataValidation:
            source = validation.formula1 or ""
            assert not source.startswith("="), (sheet.title, source)
            if validation.type == "list" and not source.startswith('"'):
                assert source in saved.defined_names, (sheet.title, source)


def test_formula_columns_are_calculated_columns(saved: Workbook) -> None:
    """Each formula column is a calculated column whose formula is its first row's, so new rows get it."""
    for spec in DATA_TABLES:
        sheet = _sheet(saved, spec.sheet)
        table = sheet.tables[spec.table]
        for column, table_column in zip(spec.columns, table.tableColumns, strict=True):
            formula = table_column.calculatedColumnFormula
            if column.kind in ("formula", "total"):
                assert formula is not None, (spec.table, column.header)
                first = sheet[f"{spec.letter(column.key)}2"].value
                if column.kind == "formula" or isinstance(first, str):  # an entered total replaces its sum
                    assert "=" + formula.attr_text == first
            else:
                assert formula is None, (spec.table, column.header)


def test_building_twice_gives_the_same_parts(reference: FollowUp, tmp_path: Path) -> None:
    """Two builds of the same data give byte-identical parts (only the document dates may differ)."""
    import zipfile

    def parts(name: str) -> dict[str, bytes]:
        path = save_built(reference, tmp_path / name)
        with zipfile.ZipFile(path) as package:
            return {member: package.read(member) for member in package.namelist() if member != "docProps/core.xml"}

    assert parts("a.xlsx") == parts("b.xlsx")


def test_formula_shortcut_writes_what_xlsxwriter_writes(reference: FollowUp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast worksheet writes the same package, byte for byte, as XlsxWriter's own worksheet."""
    from xlsxwriter.worksheet import Worksheet as XlsxWriterWorksheet

    from xlinsats.workbook import writer

    fast = writer.build_workbook(reference, macro_enabled=False).data
    monkeypatch.setattr(writer, "_WORKSHEET", XlsxWriterWorksheet)
    assert writer.build_workbook(reference, macro_enabled=False).data == fast


def test_text_longer_than_a_cell_is_refused() -> None:
    """A text over Excel's 32,767 characters per cell is a Swedish BuildError naming the cell, not cut silently."""
    from xlinsats.core.model import Insats
    from xlinsats.errors import BuildError
    from xlinsats.workbook.writer import build_workbook

    with pytest.raises(BuildError, match=r"blad Insatser, cell E2\) har 32768 tecken"):
        build_workbook(FollowUp("Förbundet", 2022, (Insats(namn="A", beskrivning="x" * 32_768),)))
