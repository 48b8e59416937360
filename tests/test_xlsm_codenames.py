"""VBA code names derived from sheet titles: valid identifiers, unique, clear of module names, deterministic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xlinsats.xlsm.codenames import assign_code_names, derive_sheet_code_name, is_valid_code_name

# Excel sheet titles: 1-31 characters, none of : \ / ? * [ ]
titles = st.text(
    alphabet=st.characters(blacklist_characters=":\\/?*[]", blacklist_categories=("Cs",)), min_size=1, max_size=31
)


def test_swedish_titles_fold_to_ascii() -> None:
    """Å, Ä and Ö fold to A, A and O; words are joined in CamelCase after the prefix."""
    assert derive_sheet_code_name("Inställningar") == "BladInstallningar"
    assert derive_sheet_code_name("Efter avslut") == "BladEfterAvslut"
    assert derive_sheet_code_name("xlwings.conf") == "BladXlwingsConf"
    assert derive_sheet_code_name("Mål 2023") == "BladMal2023"


def test_clashes_get_numbers_and_reserved_names_are_avoided() -> None:
    """Titles that fold to the same name (ignoring case, as VBA does) or to a reserved name get a number appended."""
    assert assign_code_names(["Mål", "Mal", "MÅL"], ["BladMal2"]) == ["BladMal", "BladMal3", "BladMAL4"]
    assert assign_code_names(["Mal", "mal"]) == ["BladMal", "BladMal2"]


@given(st.lists(titles, max_size=40, unique=True), st.lists(st.sampled_from(["xlwings", "BladA", "BladMal"])))
def test_code_names_are_valid_unique_and_deterministic(sheet_titles: list[str], reserved: list[str]) -> None:
    """For any sheet titles, every code name is a valid VBA identifier, unique and not reserved, every time."""
    names = assign_code_names(sheet_titles, reserved)
    assert names == assign_code_names(sheet_titles, reserved)
    assert all(is_valid_code_name(name) for name in names)
    folded = [name.casefold() for name in names]
    assert len(set(folded)) == len(folded)
    assert not set(folded) & {name.casefold() for name in reserved} - {"thisworkbook"}
    assert "thisworkbook" not in folded
