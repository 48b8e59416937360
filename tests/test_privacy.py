"""Small-count protection: primary and secondary suppression, checked by rank and by brute force."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from xlinsats.core.figures import compute_figures
from xlinsats.core.model import Count, Flows, FollowUp, Goal, Insats, Outcomes, Privacy
from xlinsats.core.privacy import (
    CountTable,
    Line,
    Masking,
    grid_table,
    is_small,
    mask_figures,
    mask_grid,
    mask_table,
    outcome_table,
    share_is_masked,
)

Grid = list[list[int]]


# --- Independent checkers --------------------------------------------------------------------------


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank = 0
    width = len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def determined_cells(table: CountTable, hidden: set[Hashable]) -> set[Hashable]:
    """Return the hidden cells whose value the published cells and the lines fix (exact linear algebra).

    A hidden cell is fixed exactly when removing its column does not lower the rank of the system's
    matrix over the hidden cells (every solution then has the same value in it).
    """
    columns = [key for key in table.values if key in hidden]
    matrix = [
        [Fraction(1 if key in line.parts else -1 if key == line.total else 0) for key in columns]
        for line in table.lines
    ]
    if not matrix or not columns:
        return set()  # no line to use: nothing hidden can be worked out
    full = _rank(matrix)
    fixed = set()
    for index, key in enumerate(columns):
        without = [row[:index] + row[index + 1 :] for row in matrix]
        if _rank(without) < full:
            fixed.add(key)
    return fixed


def other_completion(
    table: CountTable, hidden: set[Hashable], cell: Hashable, lowest: Callable[[Hashable], int], highest: int
) -> dict[Hashable, int] | None:
    """Return values for the hidden cells that satisfy every line, with ``cell`` different from its true value.

    A plain search with propagation over integers from ``lowest(key)`` to ``highest``: the brute force.
    """
    keys = [key for key in table.values if key in hidden]
    equations = []
    for line in table.lines:
        terms = [(key, 1) for key in line.parts] + [(line.total, -1)]
        constant = sum(coefficient * (table.values[key] or 0) for key, coefficient in terms if key not in hidden)
        equations.append(([(key, c) for key, c in terms if key in hidden], constant))
    truth = table.values[cell]
    chosen: dict[Hashable, int] = {}

    def allowed(key: Hashable, value: int) -> bool:
        return lowest(key) <= value <= highest and not (key == cell and value == truth)

    def propagate(added: list[Hashable]) -> bool:
        progress = True
        while progress:
            progress = False
            for terms, constant in equations:
                open_terms = [(key, c) for key, c in terms if key not in chosen]
                total = constant + sum(c * chosen[key] for key, c in terms if key in chosen)
                if not open_terms and total != 0:
                    return False
                if len(open_terms) == 1:
                    key, c = open_terms[0]
                    value = -total * c
                    if not allowed(key, value):
                        return False
                    chosen[key] = value
                    added.append(key)
                    progress = True
        return True

    def search(index: int) -> bool:
        while index < len(keys) and keys[index] in chosen:
            index += 1
        if index == len(keys):
            return True
        key = keys[index]
        for value in range(lowest(key), highest + 1):
            if not allowed(key, value):
                continue
            chosen[key] = value
            added = [key]
            if propagate(added) and search(index + 1):
                return True
            for undo in added:
                del chosen[undo]
        return False

    if not propagate([]):
        return None
    return dict(chosen) if search(0) else None


def with_margins(parts: Sequence[Sequence[int]]) -> Grid:
    """Return rows of gender parts with a total column and a TOTALT row added."""
    rows = [[*row, sum(row)] for row in parts]
    rows.append([sum(row[c] for row in rows) for c in range(len(rows[0]))])
    return rows


def hidden_cells(table: CountTable, masking: Masking) -> set[Hashable]:
    """Return the masked cells and the cells with no published value."""
    return set(masking.masked) | {key for key, value in table.values.items() if value is None}


counts = st.one_of(st.integers(0, 4), st.integers(0, 60))
sparse_counts = st.sampled_from((0, 0, 1, 2, 5, 17, 30))
grids = st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(counts, min_size=3, max_size=3), min_size=n, max_size=n))
small_grids = st.integers(1, 3).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 7), min_size=3, max_size=3), min_size=n, max_size=n)
)
minimums = st.integers(2, 6)


# --- Unit tests ------------------------------------------------------------------------------------


def test_mask_symbol_is_the_official_statistics_symbol() -> None:
    """A masked figure reads "..", the symbol of Swedish official statistics, in the CSV a user opens."""
    from xlinsats.figures_export import figures_to_csv

    figures = compute_figures(
        FollowUp("F", 2024, (Insats("A", deltagare=Flows(nya=Count.by_gender(1, 20, 0))),), sekretess=Privacy(3))
    )
    row = figures_to_csv(figures).splitlines()[1].split(";")
    assert row[9:13] == ["..", "..", "0", "21"]  # nya: kvinnor, män, annat, totalt


@pytest.mark.parametrize("minimum", [None, 0, 1])
def test_no_minimum_masks_nothing(minimum: int | None) -> None:
    """Without a minimum cell size (or with one that no count is below) nothing is masked."""
    assert mask_grid(with_margins([[1, 2, 0], [1, 1, 1]]), minimum) == ((False,) * 4,) * 3
    assert not is_small(1, minimum)


def test_small_counts_are_masked_and_zero_is_shown() -> None:
    """Counts 1 to m - 1 are primary suppressions; 0 and counts of m and more are not."""
    rows = with_margins([[2, 30, 0], [40, 50, 0], [25, 35, 0]])
    masking = mask_table(grid_table(rows), 3)
    assert masking.primary == {(0, 0)}
    assert all(rows[r][c] != 0 for r, c in masking.masked)
    assert [is_small(value, 3) for value in (0, 1, 2, 3)] == [False, True, True, False]


def test_secondaries_are_the_smallest_cells_of_the_lines() -> None:
    """The complement of a lone small count is the smallest other count of its line, deterministically."""
    rows = with_margins([[2, 30, 0], [40, 50, 0], [25, 35, 0]])
    masked = mask_grid(rows, 3)
    # Row 0: 2 is small; its smallest other count is 30 (the man column). Column kvinnor: 25 (row 2).
    # Row 2 then needs a second cell: 35; column man then has 30 and 35 hidden. Totals stay published.
    assert {(r, c) for r, row in enumerate(masked) for c, hidden in enumerate(row) if hidden} == {
        (0, 0),
        (0, 1),
        (2, 0),
        (2, 1),
    }
    assert mask_grid(rows, 3) == masked


def test_a_small_sum_of_masked_cells_is_not_left_to_subtraction() -> None:
    """Two masked 1s beside a published 5 and total 7 would show 7 - 5 = 2: another cell is masked."""
    rows = with_margins([[1, 1, 5], [6, 7, 8], [9, 10, 12]])
    masking = mask_table(grid_table(rows), 3)
    published_parts = sum(rows[0][c] for c in range(3) if (0, c) not in masking)
    assert (0, 3) in masking or rows[0][3] - published_parts >= 3


def test_a_row_of_a_single_insats_equals_the_total_row() -> None:
    """With one insats the TOTALT row repeats it, so its cells are masked in both rows."""
    rows = with_margins([[2, 9, 0]])
    masked = mask_grid(rows, 3)
    assert masked[0] == masked[1]
    assert masked[0][0]


def test_unknown_cells_are_never_masked_but_count_as_hidden() -> None:
    """A count known only as a total has no published parts; masking works around them."""
    table = grid_table([[None, None, None, 12], [1, 8, 0, 9], [None, None, None, 21]])
    masking = mask_table(table, 3)
    assert all(table.values[key] is not None for key in masking.masked)
    assert (1, 0) in masking
    assert not determined_cells(table, hidden_cells(table, masking)) & set(masking.masked)


def test_structures_the_rule_cannot_prove_are_refused() -> None:
    """A cell in three lines, or lines that are not a flow structure, raise ValueError."""
    values = {"a": 1, "b": 2, "c": 3, "d": 3, "e": 3}
    three = (Line(("a", "b"), "c"), Line(("a", "b"), "d"), Line(("a", "b"), "e"))
    with pytest.raises(ValueError, match="fler än två"):
        mask_table(CountTable(values, three), 3)
    unbalanced = (Line(("a", "b"), "c"), Line(("a",), "b"))
    with pytest.raises(ValueError, match="flöde"):
        mask_table(CountTable(values, unbalanced), 3)
    with pytest.raises(ValueError, match="okänd"):
        mask_table(CountTable(values, (Line(("a", "x"), "c"),)), None)


def test_share_rule() -> None:
    """A share is masked when its denominator is below m or a count it uses is masked; off masks nothing."""
    assert share_is_masked(4, 5)
    assert not share_is_masked(5, 5)
    assert not share_is_masked(0, 5)  # undefined anyway
    assert share_is_masked(40, 5, False, True)
    assert not share_is_masked(2, None, True)


def test_outcome_table_links_work_other_and_onward() -> None:
    """The onward count is the sum of work/studies and other insats, a line a reader can use."""
    insats = Insats(
        "X",
        efter_avslut=Outcomes(arbete_studier=Count.by_gender(6, 3, 0), annan_insats=Count.plain(3)),
    )
    table = outcome_table(insats)
    assert table.values[("vidare", "totalt")] == 12
    masking = mask_table(table, 5)
    assert {("arbete_studier", "man"), ("annan_insats", "totalt")} <= masking.primary
    hidden = hidden_cells(table, masking)
    assert not determined_cells(table, hidden) & set(masking.masked)


def test_figures_masking_of_a_small_insats() -> None:
    """Flows, gender distributions, shares and indicator-linked goal results of a small group are masked."""
    small = Insats(
        "Liten",
        deltagare=Flows(
            aktuella=Count.by_gender(3, 1, 0), nya=Count.by_gender(1, 1, 0), avslutade=Count.by_gender(2, 2, 0)
        ),
        efter_avslut=Outcomes(arbete_studier=Count.by_gender(1, 1, 0), annan_insats=Count.plain(1)),
        mal=(
            Goal("Nya", "antal", "minst", Decimal(5), "nya"),
            Goal("Arbete", "andel", "minst", Decimal(50), "arbete_studier_andel"),
            Goal("Handinmatat", "antal", "minst", Decimal(5), utfall=Decimal(2)),
        ),
    )
    large = Insats(
        "Stor",
        deltagare=Flows(
            aktuella=Count.by_gender(40, 30, 0),
            nya=Count.by_gender(20, 25, 0),
            avslutade=Count.by_gender(18, 22, 0),
        ),
    )
    figures = compute_figures(FollowUp("F", 2024, (small, large), sekretess=Privacy(3)))
    masking = mask_figures(figures)
    assert masking.active and masking.minimum == 3
    assert masking.count(0, "nya", "totalt") and masking.count(0, "aktuella", "man")
    assert masking.distribution(0, "nya", "kvinnor")
    assert masking.share(0, "arbete_studier_andel") and masking.share(0, "vidare_andel")
    assert masking.gender_share(0, "kvinnor")
    assert masking.goal(0, 0) and masking.goal(0, 1) and masking.goal(0, 2)
    assert masking.outcome(0, "annan_insats")
    assert not mask_figures(figures, 1).active
    assert not mask_figures(compute_figures(FollowUp("F", 2024, (small, large)))).counts


def test_masked_cells_of_one_insats_row() -> None:
    """Exhaustively, for every one-insats table with parts 0..4 and m = 2..5, no masked cell is fixed."""
    for parts in itertools.product(range(5), repeat=3):
        rows = with_margins([list(parts)])
        table = grid_table(rows)
        for minimum in range(2, 6):
            masking = mask_table(table, minimum)
            hidden = hidden_cells(table, masking)
            for cell in masking.masked:
                again = other_completion(table, hidden, cell, lambda key: 1, max(parts) + sum(parts) + 2)
                assert again is not None, (rows, minimum, cell)


# --- Properties ------------------------------------------------------------------------------------


@given(grids, minimums)
def test_every_line_has_none_or_at_least_two_hidden_cells(parts: Grid, minimum: int) -> None:
    """No row or column (TOTALT row and total column included) has exactly one hidden cell."""
    table = grid_table(with_margins(parts))
    masking = mask_table(table, minimum)
    for line in table.lines:
        hidden = [key for key in (*line.parts, line.total) if key in masking]
        assert len(hidden) != 1


@given(grids, minimums)
def test_small_counts_are_all_masked_and_zeros_never(parts: Grid, minimum: int) -> None:
    """Every count from 1 to m - 1 is masked, no 0 is, and the primaries are exactly the small counts."""
    rows = with_margins(parts)
    masking = mask_table(grid_table(rows), minimum)
    small = {(r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if 1 <= value < minimum}
    assert masking.primary == small
    assert all(rows[r][c] > 0 for r, c in masking.masked)


sparse_grids = st.integers(2, 5).flatmap(
    lambda n: st.lists(st.lists(sparse_counts, min_size=3, max_size=3), min_size=n, max_size=n)
)


@given(st.one_of(grids, sparse_grids), minimums)
@example([[28, 12, 27], [0, 0, 2], [1, 0, 1]], 3)
@example([[0, 0, 22], [0, 2, 1], [2, 1, 25]], 3)
@example([[24, 5, 19], [1, 26, 14], [0, 0, 1], [0, 0, 18]], 3)
def test_no_masked_cell_is_fixed_by_the_published_cells(parts: Grid, minimum: int) -> None:
    """By exact linear algebra, no masked cell's value follows from the published cells and the lines."""
    table = grid_table(with_margins(parts))
    masking = mask_table(table, minimum)
    assert not determined_cells(table, hidden_cells(table, masking))


@given(grids, minimums)
def test_subtraction_from_a_published_total_reveals_no_small_group(parts: Grid, minimum: int) -> None:
    """Where a line's total is published, its masked parts add up to at least m."""
    rows = with_margins(parts)
    table = grid_table(rows)
    masking = mask_table(table, minimum)
    for line in table.lines:
        masked = [key for key in line.parts if key in masking]
        if masked and line.total not in masking:
            assert sum(table.values[key] or 0 for key in masked) >= minimum


@given(small_grids, minimums)
@example([[28, 12, 27], [0, 0, 2], [1, 0, 1]], 3)
@example([[1, 1, 0], [1, 1, 1]], 2)
@example([[1, 6, 1], [3, 2, 1]], 3)
def test_brute_force_finds_another_completion_for_each_masked_cell(parts: Grid, minimum: int) -> None:
    """A search over non-negative integers finds, for every masked cell, a completion with another value.

    It is run twice: with counts of at least 0, and with masked counts of at least 1 (a reader knows that
    0 is never masked).
    """
    rows = with_margins(parts)
    table = grid_table(rows)
    masking = mask_table(table, minimum)
    hidden = hidden_cells(table, masking)
    highest = rows[-1][-1] + 2
    for cell in sorted(masking.masked):
        for lowest in (0, 1):
            assert other_completion(table, hidden, cell, lambda key, low=lowest: low, highest) is not None


_DETERMINISM_SCRIPT = """
import json, random, sys
from xlinsats.core.privacy import grid_table, mask_table
rng = random.Random(2024)
out = []
for _ in range(300):
    parts = [[rng.choice((0, 1, 2, 3, 5, 8, 13, 30)) for _ in range(3)] for _ in range(rng.randint(1, 5))]
    rows = [[*row, sum(row)] for row in parts]
    rows.append([sum(row[c] for row in rows) for c in range(4)])
    for key in (str, lambda cell: cell):
        # String keys hash by PYTHONHASHSEED; tuples of ints do not, so both kinds of key are tried.
        table = grid_table(rows)
        values = {key(cell): value for cell, value in table.values.items()}
        lines = [type(line)(tuple(key(p) for p in line.parts), key(line.total)) for line in table.lines]
        masking = mask_table(type(table)(values, tuple(lines)), rng.randint(2, 6))
        out.append([sorted(map(str, masking.primary)), sorted(map(str, masking.secondary))])
json.dump(out, sys.stdout)
"""


def test_masking_is_deterministic_across_processes() -> None:
    """Two processes with different hash seeds mask 600 tables (string and tuple cell keys) identically."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "4242"):
        environment = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _DETERMINISM_SCRIPT], env=environment, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("[[") >= 300  # the script did run every table


# --- Worked cases of small tables with unknown and single-line cells ---------------------------------

#: "a = s" and "b + s = t": s is the total of one line and a part of the next; a, b and t are in one line.
CHAIN = (Line(("a",), "s"), Line(("b", "s"), "t"))
#: Three lines in a chain: "p + q + r = s", "b + s = t", "c + t = u".
LONG_CHAIN = (Line(("p", "q", "r"), "s"), Line(("b", "s"), "t"), Line(("c", "t"), "u"))

# (lines, values, minimum, primary, secondary), each worked by hand:
WORKED_TABLES = [
    # s unknown, so a = 1 is fixed only through t - b = 4 - 3: the 3 (smaller than t's 4) is masked.
    (CHAIN, {"a": 1, "s": None, "b": 3, "t": 4}, 3, {"a"}, {"b"}),
    # s = 1 beside unknown a and b: s = 2, a = 2, b = 0 fits t = 2 as well, so nothing more is masked.
    (CHAIN, {"a": None, "s": 1, "b": None, "t": 2}, 2, {"s"}, set()),
    # s = 1 with a unknown and t unknown: s = 2, a = 2, t = 4 fits b = 2, so nothing more is masked.
    (CHAIN, {"a": None, "s": 1, "b": 2, "t": None}, 2, {"s"}, set()),
    # s = 1, c = 1 (m = 2), t unknown: published b = 9 and u = 11 give c + s = 2, both at least 1, so both
    # are 1. One more cell must go: the smaller of b (9) and u (11); q = 0 is never masked while 9 helps.
    (LONG_CHAIN, {"p": 0, "q": 1, "r": None, "s": 1, "b": 9, "t": None, "c": 1, "u": 11}, 2, {"q", "s", "c"}, {"b"}),
]


@pytest.mark.parametrize(("lines", "values", "minimum", "primary", "secondary"), WORKED_TABLES)
def test_worked_tables_with_unknown_and_single_line_cells(
    lines: tuple[Line, ...],
    values: dict[str, int | None],
    minimum: int,
    primary: set[str],
    secondary: set[str],
) -> None:
    """Cells in one line only, and unknown cells, are masked exactly as worked out by hand."""
    table = CountTable(dict(values), lines)
    masking = mask_table(table, minimum)
    assert masking.primary == primary
    assert masking.secondary == secondary
    assert not determined_cells(table, hidden_cells(table, masking)) & set(masking.masked)


def test_a_masked_two_beside_a_masked_one_needs_no_more() -> None:
    """One insats [0, 1, 2 | 3] at m = 2 (TOTALT repeats it): the 1 and, as its complement, the 2 are masked
    in both rows; the totals 3 stay shown, since 1 + 2 = 2 + 1 = 3 with both at least 1 (the 2 may go down)."""
    masked = mask_grid(with_margins([[0, 1, 2]]), 2)
    assert masked == ((False, True, True, False), (False, True, True, False))


def test_grid_table_lines_of_the_smallest_tables() -> None:
    """A 2 x 2 table with margins has a line per row and per column; ragged rows are refused; no rows, no cells."""
    table = grid_table([[1, 2], [3, 4]])
    assert table.lines == (
        Line(((0, 0),), (0, 1)),
        Line(((1, 0),), (1, 1)),
        Line(((0, 0),), (1, 0)),
        Line(((0, 1),), (1, 1)),
    )
    assert grid_table([[5, 5]]).lines == (Line(((0, 0),), (0, 1)),)  # one row: no column lines
    assert grid_table([[5], [5]]).lines == (Line(((0, 0),), (1, 0)),)  # one column: no row lines
    with pytest.raises(ValueError, match=r"^alla rader i tabellen måste ha lika många celler$"):
        grid_table([[1, 2], [3]])
    assert grid_table([]) == CountTable({}, ())


# --- Worked tables of the product: outcome tables and flow tables with plain and missing rows --------

N = None  # a cell with no published value: a gender part of a count known only as a total, or a missing row

# (rows of a flow table with its TOTALT row last, minimum, primary, secondary), each worked by hand:
WORKED_FLOW_TABLES = [
    # One insats [2, 1, 1 | 4] beside [0, 3, 0 | 3], m = 3: the 2s and 1s are primary. Column "man" then has
    # one hidden cell, so its smallest other cell, the 3, goes; that leaves row 1 and then the total column
    # with one hidden cell each: the 3 and the 4 go. Every masked cell then lies on a cycle that can move.
    ([[2, 1, 1, 4], [0, 3, 0, 3], [2, 4, 1, 7]], 3, {(0, 0), (0, 1), (0, 2), (2, 0), (2, 2)}, {(0, 3), (1, 1), (1, 3)}),
    # A plain count of 1 beside [1, 1, 3 | 5], m = 3: the total column has one hidden cell, so 5 goes; then
    # 6 - 5 would still fix the plain 1 (the 5 is at least 1 + 1 + 3), so the TOTALT 6 goes too.
    ([[N, N, N, 1], [1, 1, 3, 5], [N, N, N, 6]], 3, {(0, 3), (1, 0), (1, 1)}, {(1, 3), (2, 3)}),
    # Two plain counts of 1 beside [0, 0, 4 | 4], m = 2: 6 - 4 would show that the two 1s add up to 2, so the
    # 4 goes, and with it its row's other 4 (the only non-zero cell left in that row).
    ([[N, N, N, 1], [N, N, N, 1], [0, 0, 4, 4], [N, N, N, 6]], 2, {(0, 3), (1, 3)}, {(2, 2), (2, 3)}),
    # [5, 2, 1 | 8] between missing rows, m = 5: 8 - 5 = 3 would give the sum of the masked 2 and 1, so the
    # 5 goes as well (a part, not the total).
    ([[N, N, N, N], [5, 2, 1, 8], [N, N, N, N], [N, N, N, N]], 5, {(1, 1), (1, 2)}, {(1, 0)}),
    # An entered total of 0 beside the parts [0, 1, 0], m = 6: the row has no non-zero cell to mask with the 1,
    # so a 0 goes, the first; the total 0 minus the published parts then leaves 0 for two masked cells, so
    # the total goes too.
    ([[0, 1, 0, 0], [N, N, N, N], [N, N, N, N]], 6, {(0, 1)}, {(0, 0), (0, 3)}),
    # Four insatser at m = 2, only the 1s primary: (0, 2), (3, 0) and (3, 3). Each line with one hidden cell
    # takes its smallest other non-zero cell: row 0 the 5 (not 17), column kvinnor the 2 of row 1 (not 17 or
    # 20), column man then the 2 of row 2 (not 7), column annat the 17 (not 18), the total column the 2 of
    # row 1 (not 19, 23 or 45). That leaves two rectangles, rows 1 and 3 by columns kvinnor and totalt, rows 0
    # and 2 by columns man and annat, each of which can move by one with every masked count at least 1, and
    # every published total minus its published parts leaves at least 3: nothing more is masked.
    (
        [[17, 5, 1, 23], [2, 0, 0, 2], [0, 2, 17, 19], [1, 0, 0, 1], [20, 7, 18, 45]],
        2,
        {(0, 2), (3, 0), (3, 3)},
        {(0, 1), (1, 0), (1, 3), (2, 1), (2, 2)},
    ),
]


@pytest.mark.parametrize(("rows", "minimum", "primary", "secondary"), WORKED_FLOW_TABLES)
def test_worked_flow_tables_with_plain_and_missing_rows(
    rows: list[list[int | None]], minimum: int, primary: set[tuple[int, int]], secondary: set[tuple[int, int]]
) -> None:
    """Flow tables as mask_figures builds them are masked exactly as worked out by hand."""
    masking = mask_table(grid_table(rows), minimum)
    assert masking.primary == primary
    assert masking.secondary == secondary


def _outcomes(**counts: Count) -> CountTable:
    return outcome_table(Insats("A", efter_avslut=Outcomes(**counts)))


# (outcome counts, minimum, primary, secondary), each worked by hand:
WORKED_OUTCOME_TABLES = [
    # Work [1, 0, 2 | 3], other insats [0, 1, 0 | 1], onward 4, m = 2: the 2 goes with the 1 of its line, the
    # 3 with the other 1 (the smaller of 3 and 4 in the onward line). Onward 4 stays shown: other = 2,
    # work = 2 as [1, 0, 1] fits it as well as the truth.
    (
        {"arbete_studier": Count.by_gender(1, 0, 2), "annan_insats": Count.by_gender(0, 1, 0)},
        2,
        {("arbete_studier", "kvinnor"), ("annan_insats", "man"), ("annan_insats", "totalt")},
        {("arbete_studier", "annat"), ("arbete_studier", "totalt")},
    ),
    # Work 1 and other 0 as plain totals, onward 1, m = 3: work and onward are masked and nothing more, since
    # work = onward = 2 fits the published 0 as well.
    (
        {"arbete_studier": Count.plain(1), "annan_insats": Count.plain(0)},
        3,
        {("arbete_studier", "totalt"), ("vidare", "totalt")},
        set(),
    ),
    # [2, 1, 1 | 4], m = 2: 4 - 2 = 2 for the two masked 1s is no more than their number, so the 2 goes (a
    # part, not the total).
    (
        {"ettars_svarande": Count.by_gender(2, 1, 1)},
        2,
        {("ettars_svarande", "man"), ("ettars_svarande", "annat")},
        {("ettars_svarande", "kvinnor")},
    ),
    # Other [0, 1, 1 | 2], work [0, 0, 2 | 2], onward 4, m = 2: the total 2 leaves 2 for the two masked 1s and
    # no other part is non-zero, so the total goes; onward then has one hidden cell, so work's total 2
    # (smaller than 4) goes, and then its 2.
    (
        {"arbete_studier": Count.by_gender(0, 0, 2), "annan_insats": Count.by_gender(0, 1, 1)},
        2,
        {("annan_insats", "man"), ("annan_insats", "annat")},
        {("annan_insats", "totalt"), ("arbete_studier", "annat"), ("arbete_studier", "totalt")},
    ),
]


@pytest.mark.parametrize(("counts", "minimum", "primary", "secondary"), WORKED_OUTCOME_TABLES)
def test_worked_outcome_tables(
    counts: dict[str, Count], minimum: int, primary: set[tuple[str, str]], secondary: set[tuple[str, str]]
) -> None:
    """Outcome tables (gender lines and work + other = onward) are masked exactly as worked out by hand."""
    masking = mask_table(_outcomes(**counts), minimum)
    assert masking.primary == primary
    assert masking.secondary == secondary


def test_a_line_of_one_cell_cannot_protect_its_small_count() -> None:
    """A line whose only cell is a small total ("the empty sum is 1") has nothing to mask with: refused."""
    with pytest.raises(ValueError, match=r"^rad 0 kan inte skyddas$"):
        mask_table(CountTable({"t": 1}, (Line((), "t"),)), 2)


# --- The checks of a table's structure, and the residual rule at the fixed point ---------------------


def test_a_cell_named_twice_in_a_line_is_refused_with_its_line_number() -> None:
    """A line that names the same cell twice is refused, and the message names that line (the second, 1)."""
    values = {"a": 5, "b": 5, "c": 10}
    lines = (Line(("a", "b"), "c"), Line(("a", "a"), "c"))
    with pytest.raises(ValueError, match=r"^rad 1 nämner samma cell två gånger$"):
        mask_table(CountTable(values, lines), 3)


def test_lines_that_are_no_flow_are_refused_after_a_component_that_is() -> None:
    """A second, separate group of lines that is not a flow is refused although the first group is one."""
    # Lines 0 and 1 ("a = s", "b + s = t") share s and are a flow. Lines 2 and 3 ("x + y = u", "x + v = y")
    # share x as a part of both (so their signs must differ) and y as a part of one and the total of the
    # other (so their signs must agree): no signs exist. The values add up; every check must still run.
    values = {"a": 5, "s": 5, "b": 5, "t": 10, "x": 5, "v": 5, "y": 10, "u": 15}
    lines = (*CHAIN, Line(("x", "y"), "u"), Line(("x", "v"), "y"))
    message = r"^raderna går inte att ordna som ett flöde; maskeringen kan inte bevisas$"
    for minimum in (None, 3):
        with pytest.raises(ValueError, match=message):
            mask_table(CountTable(values, lines), minimum)


def test_the_residual_rule_applies_when_no_line_has_a_single_hidden_cell() -> None:
    """One row [2, 2, 10 | 14] at m = 5: the masked 2s add up to 14 - 10 = 4 < 5, so the 10 is masked too."""
    # Both 2s are primary (1 to 4), so the row has two hidden cells and the single-cell rule is quiet. A
    # reader would still subtract: 14 - 10 = 4 people in the two masked cells together, a group below m.
    # The residual rule masks the smallest other part, the 10; the total 14 stays (14 >= 5 and > 2 + 1).
    # The 2s can then move (3 + 1 + 10 = 14), the 10 too (2 + 1 + 11), so nothing more is masked.
    masking = mask_table(grid_table([[2, 2, 10, 14]]), 5)
    assert masking.primary == {(0, 0), (0, 1)}
    assert masking.secondary == {(0, 2)}


# --- A masked bridge that no published cell crosses: the cycle rule grows one side first -------------

#: "b + p = u", "b + q = w", "u + r = s", "w + z = y": b is a part of the first two lines; u and w are the
#: totals of those and parts of the last two. With u and w unknown, b is a bridge between {0, 2} and {1, 3}.
BRIDGE_TREE = (Line(("b", "p"), "u"), Line(("b", "q"), "w"), Line(("u", "r"), "s"), Line(("w", "z"), "y"))

# (values, minimum, secondary; b = 1 the only primary), each worked by hand:
CYCLE_FALLBACK_TABLES = [
    # No published cell joins {0, 2} to {1, 3}, so the rule takes the smallest cell of b's own lines, p = 3
    # (not r = 2, which is in neither of b's lines). p leads to the free node, so the free node is on b's
    # side now, and q = 5 (line 1 to the free node) crosses: it goes, closing b, p, q into a cycle that moves
    # by one (b = 2, p = 2, q = 4) with every masked count at least 1.
    ({"b": 1, "p": 3, "u": None, "q": 5, "w": None, "r": 2, "s": 6, "z": 8, "y": 14}, 2, {"p", "q"}),
    # As above with q = 3 the smaller of b's lines, so q goes first and the free node is on the far side;
    # then p = 5 crosses back (so do r and s); z = 4 is smaller but lies wholly on the far side, so not z.
    ({"b": 1, "p": 5, "u": None, "q": 3, "w": None, "r": 7, "s": 13, "z": 4, "y": 8}, 2, {"p", "q"}),
    # p = q = 0: b's own lines have no non-zero cell, so the smallest cell of any line on either side goes,
    # r = 3 (not g = 2, whose line is apart). r leads to the free node; then z = 5 crosses (q = 0 crosses too
    # but a 0 is not masked), closing b, u, r, z, w into a cycle: b = 2, r = 2, z = 4 fits.
    (
        {"b": 1, "p": 0, "u": None, "q": 0, "w": None, "r": 3, "s": 4, "z": 5, "y": 6, "g": 2, "h": 2},
        2,
        {"r", "z"},
    ),
]


@pytest.mark.parametrize(("values", "minimum", "secondary"), CYCLE_FALLBACK_TABLES)
def test_a_bridge_no_published_cell_crosses_is_closed_from_its_own_lines(
    values: dict[str, int | None], minimum: int, secondary: set[str]
) -> None:
    """A masked bridge with no published cell across it is protected from its own lines, then either side."""
    lines = BRIDGE_TREE + ((Line(("g",), "h"),) if "g" in values else ())
    table = CountTable(dict(values), lines)
    masking = mask_table(table, minimum)
    assert masking.primary == {"b"}
    assert masking.secondary == secondary
    assert not determined_cells(table, hidden_cells(table, masking)) & set(masking.masked)


def test_masked_bridges_are_closed_in_the_order_of_the_table() -> None:
    """Two masked bridges at once are taken in the table's order (p before b here), not in the keys' order."""
    # As the first fallback table, with p first in the table. b's own lines give p = 3 as before; then p and
    # b are both masked bridges. p comes first: every line but the free node is on its side, so the smallest
    # cell to the free node, r = 2, goes. b is still a bridge (w leads nowhere): q = 5 crosses it and goes.
    values = {"p": 3, "b": 1, "u": None, "q": 5, "w": None, "r": 2, "s": 6, "z": 8, "y": 14}
    masking = mask_table(CountTable(values, BRIDGE_TREE), 2)
    assert masking.primary == {"b"}
    assert masking.secondary == {"p", "q", "r"}


# Totals entered as 0 that disagree with their parts (the reader gets no true value from them): with no
# non-zero cell left near a masked bridge, a 0 goes, one of the bridge's own lines first. (lines, values,
# secondary; b = 1 the only primary, m = 2), worked by hand:
ZERO_FALLBACK_TABLES = [
    # "b + p = u", "u + r = s" with p = r = s = 0: b's own line has the 0 p, which goes (before r, though r
    # comes first in the table). Nothing non-zero is left to mask, so the rule stops there.
    ((Line(("b", "p"), "u"), Line(("u", "r"), "s")), {"r": 0, "s": 0, "b": 1, "p": 0, "u": None}, {"p"}),
    # "b = u", "u + r = s" with r = s = 0: b's line has no published cell, so the first 0 of the other line,
    # r, goes; then s = 0 minus no published part leaves 0 for the masked r, so the total s goes too.
    ((Line(("b",), "u"), Line(("u", "r"), "s")), {"r": 0, "s": 0, "b": 1, "u": None}, {"r", "s"}),
]


@pytest.mark.parametrize(("lines", "values", "secondary"), ZERO_FALLBACK_TABLES)
def test_a_bridge_with_only_zeros_near_it_takes_a_zero(
    lines: tuple[Line, ...], values: dict[str, int | None], secondary: set[str]
) -> None:
    """A masked bridge with only zeros and unknown cells on either side masks a 0 of its own line, else the nearest."""
    masking = mask_table(CountTable(dict(values), lines), 2)
    assert masking.primary == {"b"}
    assert masking.secondary == secondary


def test_a_bridge_with_nothing_near_it_to_mask_is_refused() -> None:
    """b = 1 whose only neighbour u is unknown (and alone in its other line) cannot be protected: refused."""
    lines = (Line(("b",), "u"), Line((), "u"))
    with pytest.raises(ValueError, match=r"^cellen 'b' kan inte skyddas$"):
        mask_table(CountTable({"b": 1, "u": None}, lines), 2)


def test_an_unproven_cell_whose_lines_are_all_hidden_takes_the_smallest_cell_anywhere() -> None:
    """a = b = 1 in "a + b = t" with t unknown but t + c = d published: the rule reaches out of a's line to c."""
    # m = 2: a and b are primary, t is unknown, so a's line has no published cell. Yet t = d - c = 5 - 3 = 2
    # and, since a masked count is at least 1, a = b = 1. No line has a single hidden cell, no masked cell
    # is a bridge (a and b join the same two nodes), so only the second-completion test sees it: a has no
    # cell of its own line to mask, so the smallest published non-zero cell of the table goes, c = 3 (not
    # d = 5). Then a = 2, t = 3, c = 2 fits d = 5 as well, and d - c no longer shows t.
    lines = (Line(("a", "b"), "t"), Line(("t", "c"), "d"))
    table = CountTable({"a": 1, "b": 1, "t": None, "c": 3, "d": 5}, lines)
    masking = mask_table(table, 2)
    assert masking.primary == {"a", "b"}
    assert masking.secondary == {"c"}
    assert not determined_cells(table, hidden_cells(table, masking)) & set(masking.masked)
