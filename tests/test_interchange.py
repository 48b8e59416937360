"""The interchange format: reading, writing, round trips and clear Swedish messages for bad files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_TOML
from xlinsats.core.model import Count, FollowUp
from xlinsats.errors import FileFormatError
from xlinsats.interchange import dump_interchange, parse_interchange, read_interchange, write_interchange


def _normalise(data: dict) -> dict:  # type: ignore[type-arg]
    """The reference file's data with "hogst" spelt "högst" and plain goal fields, for comparison."""
    return json.loads(json.dumps(data, ensure_ascii=False).replace('"hogst"', '"högst"'))


def test_reference_round_trips_through_toml(tmp_path: Path, reference: FollowUp) -> None:
    """Reading the reference file and writing it again gives the same data, key for key."""
    out = tmp_path / "ut.toml"
    write_interchange(reference, out)
    assert tomllib.loads(out.read_text("utf-8")) == _normalise(tomllib.loads(REFERENCE_TOML.read_text("utf-8")))
    again = read_interchange(out)
    assert again.followup == reference and not again.problems


def test_json_of_the_same_structure_is_accepted(tmp_path: Path, reference: FollowUp) -> None:
    """The JSON form reads back into the same follow-up."""
    out = tmp_path / "ut.json"
    write_interchange(reference, out)
    assert read_interchange(out).followup == reference


def test_counts_keep_their_form() -> None:
    """A plain total stays a plain total and a gender table stays a table (a missing key is 0)."""
    text = """
[forbund]
namn = "F"
ar = 2024
[[insats]]
namn = "A"
[insats.deltagare]
nya = 7
aktuella = { kvinnor = 3 }
"""
    result = parse_interchange(text, ".toml", "x.toml")
    assert not result.problems
    assert result.followup is not None
    flows = result.followup.insatser[0].deltagare
    assert flows.nya == Count.plain(7)
    assert flows.aktuella == Count(3, 0, 0)
    assert "nya = 7" in dump_interchange(result.followup, ".toml")


def test_toml_syntax_error_names_line_and_column() -> None:
    """A TOML syntax error is a FileFormatError naming the line and column, in Swedish."""
    with pytest.raises(FileFormatError, match=r"rad 3, kolumn \d+.*inte giltig TOML") as info:
        parse_interchange('[forbund]\nnamn = "F"\nar = = 2022\n', ".toml", "fel.toml")
    assert info.value.location is not None and info.value.location.line == 3


def test_json_syntax_error_names_line_and_column() -> None:
    """A JSON syntax error names its line and column."""
    with pytest.raises(FileFormatError, match=r"rad 2, kolumn 12"):
        parse_interchange('{"forbund":\n  {"namn": }}', ".json", "fel.json")


def test_bad_values_are_all_reported_with_their_keys() -> None:
    """Every bad value is listed with its key path; sound parts are still read."""
    text = """
[forbund]
namn = "F"
ar = 2024
[[insats]]
namn = "A"
budget_tkr = -5
[insats.deltagare]
nya = 2.5
aktuella = { kvinnor = -1, man = "tio" }
[[insats.mal]]
text = "Mål"
typ = "procent"
riktning = "minst"
malvarde = 50
[[insats.mal]]
text = "Bra mål"
typ = "andel"
riktning = "minst"
malvarde = 50
indikator = "påhittad"
[[insats]]
namn = "B"
"""
    result = parse_interchange(text, ".toml", "x.toml")
    messages = {p.location.key: p.message for p in result.problems if p.location}  # type: ignore[union-attr]
    assert "negativt" in messages["insats[0].budget_tkr"]
    assert "heltal" in messages["insats[0].deltagare.nya"]
    assert "negativt" in messages["insats[0].deltagare.aktuella.kvinnor"]
    assert "heltal" in messages["insats[0].deltagare.aktuella.man"]
    assert "'andel' eller 'antal'" in messages["insats[0].mal[0].typ"]
    assert "Okänd indikator" in messages["insats[0].mal[1].indikator"]
    assert result.has_errors
    assert result.followup is not None and [i.namn for i in result.followup.insatser] == ["A", "B"]


def test_share_typed_as_fraction_is_warned() -> None:
    """A share goal of 0.5 in the file (meant as 50 %) gets a warning that says how to write it."""
    text = '[forbund]\nnamn="F"\nar=2024\n[[insats]]\nnamn="A"\n[[insats.mal]]\ntext="M"\ntyp="andel"\nmalvarde=0.5\n'
    result = parse_interchange(text, ".toml", "x.toml")
    assert [p.severity for p in result.problems] == ["varning"]
    assert "50 för 50 %" in result.problems[0].message


def test_wrong_suffix_and_missing_file_are_clear(tmp_path: Path) -> None:
    """Unsupported suffixes and unreadable files give Swedish messages, not tracebacks."""
    with pytest.raises(FileFormatError, match=r"\.toml eller \.json"):
        read_interchange(tmp_path / "data.yaml")
    with pytest.raises(FileFormatError, match="går inte att läsa"):
        read_interchange(tmp_path / "saknas.toml")


def test_a_scale_of_other_than_three_steps_round_trips() -> None:
    """A four-step scale with `gransvarden` and the "samsta" aggregation is read and written back unchanged."""
    text = """
[forbund]
namn = "F"
ar = 2024
[bedomning]
skala = ["Grön", "Gul", "Orange", "Röd"]
gransvarden = [0, 5, 15]
sammanvagning = "samsta"
"""
    result = parse_interchange(text, ".toml", "x.toml")
    assert not result.problems and result.followup is not None
    scale = result.followup.bedomning
    assert scale.names == ("Grön", "Gul", "Orange", "Röd") and scale.aggregation == "samsta"
    again = parse_interchange(dump_interchange(result.followup, ".toml"), ".toml", "y.toml")
    assert again.followup == result.followup


def test_a_bad_scale_is_an_error_and_the_default_is_used() -> None:
    """Bounds that fall, or too few of them, are reported; reading goes on with the default scale."""
    text = '[forbund]\nnamn="F"\nar=2024\n[bedomning]\nskala=["A","B","C"]\ngransvarden=[20, 5]\n'
    result = parse_interchange(text, ".toml", "x.toml")
    assert [p.location.key for p in result.problems] == ["bedomning"]  # type: ignore[union-attr]
    assert "stigande" in result.problems[0].message
