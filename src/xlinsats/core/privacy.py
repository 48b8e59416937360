"""Small-count protection: primary and secondary suppression of counts in tables with totals, and of shares."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from xlinsats.core.figures import FollowUpFigures, GoalFigures
from xlinsats.core.indicators import Registry
from xlinsats.core.model import FLOW_NAMES, GENDERS, OUTCOME_NAMES, Count, Insats

#: The symbol shown instead of a masked figure: Statistics Sweden's "..", "uppgift inte tillgänglig
#: eller för osäker för att anges" (figure not available or too uncertain to be given).
MASK_SYMBOL = ".."

_FREE = -1  # the node of cells that are in fewer than two lines: no equation holds at it

# Why the tests below are exact. Writing each line as "parts - total = 0", every cell has coefficient +1
# or -1 in each of at most two lines. Multiplying each line by a sign (``_line_signs``) makes every
# two-line cell +1 in one line and -1 in the other: the incidence matrix of a directed graph whose nodes
# are the lines, plus one free node (no equation) for cells in fewer than two lines. Given the published
# cells, the hidden cells are then fixed exactly up to adding a circulation of the hidden cells' graph,
# so a hidden cell is determined by what is published if and only if it is a bridge of that graph
# (``_bridges``). A second completion in integers adds +1 / -1 around a closed walk through the cell;
# it is plausible when every count it lowers stays at least 1 (a reader knows that 0 is never masked),
# which ``_Suppressor.prove`` searches for.


@dataclass(frozen=True)
class Line:
    """An equation a reader can use: the ``parts`` add up to the ``total`` (cell keys)."""

    parts: tuple[Hashable, ...]
    total: Hashable


@dataclass(frozen=True)
class CountTable:
    """Counts by cell key (None: not published) and the lines that hold between them.

    The order of ``values`` decides ties when two cells are equally good secondary suppressions.
    Each cell may be in at most two lines (a table cell is in its row and its column).
    """

    values: Mapping[Hashable, int | None]
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Masking:
    """The cells to mask: ``primary`` (small counts) and ``secondary`` (masked to protect them)."""

    primary: frozenset[Hashable] = frozenset()
    secondary: frozenset[Hashable] = frozenset()

    @property
    def masked(self) -> frozenset[Hashable]:
        """Every masked cell."""
        return self.primary | self.secondary

    def __contains__(self, key: object) -> bool:
        return key in self.primary or key in self.secondary


def is_small(value: int | None, minimum: int | None) -> bool:
    """Whether a count is a primary suppression: from 1 to ``minimum`` - 1 (0 and unknown are not)."""
    return minimum is not None and value is not None and 1 <= value < minimum


def share_is_masked(denominator: int | None, minimum: int | None, *related_masked: bool) -> bool:
    """Whether a share must be masked: its denominator is below the minimum, or a count it uses is masked.

    Args:
        denominator: the count the share is taken of (None or 0: the share is undefined anyway).
        minimum: the minimum cell size, None when masking is off.
        related_masked: whether the numerator and denominator cells are masked in their own tables.
    """
    if minimum is None or minimum <= 1:
        return False
    if denominator is not None and 0 < denominator < minimum:
        return True
    return any(related_masked)


class _Structure:
    """The lines of a table as a graph: nodes are lines (and _FREE), each cell is an edge."""

    def __init__(self, table: CountTable) -> None:
        self.values = table.values
        self.order = {key: index for index, key in enumerate(table.values)}
        self.lines = table.lines
        memberships: dict[Hashable, list[tuple[int, int]]] = {key: [] for key in table.values}
        for index, line in enumerate(table.lines):
            keys = (*line.parts, line.total)
            if len(set(keys)) != len(keys):
                raise ValueError(f"rad {index} nämner samma cell två gånger")
            for key in keys:
                if key not in memberships:
                    raise ValueError(f"rad {index} nämner en okänd cell: {key!r}")
                memberships[key].append((index, 1 if key != line.total else -1))
        self.ends: dict[Hashable, tuple[int, int]] = {}
        self.coefficients: dict[Hashable, dict[int, int]] = {key: dict(member) for key, member in memberships.items()}
        for key, member in memberships.items():
            if len(member) > 2:
                raise ValueError(f"cellen {key!r} ingår i fler än två rader")
            nodes = [node for node, _ in member] + [_FREE] * (2 - len(member))
            self.ends[key] = (nodes[0], nodes[1])
        _line_signs(len(table.lines), memberships)

    def line_cells(self, index: int) -> tuple[Hashable, ...]:
        line = self.lines[index]
        return (*line.parts, line.total)


def _line_signs(count: int, memberships: Mapping[Hashable, list[tuple[int, int]]]) -> list[int]:
    """Return a sign per line that makes every two-line cell +1 in one line and -1 in the other.

    Raises:
        ValueError: no such signs exist; the cycle test would then not be exact.
    """
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for member in memberships.values():
        if len(member) == 2:
            (a, ca), (b, cb) = member
            # sign(a) * ca == -sign(b) * cb  <=>  sign(b) == -ca * cb * sign(a)
            neighbours[a].append((b, -ca * cb))
            neighbours[b].append((a, -ca * cb))
    signs = [0] * count
    for start in range(count):
        if signs[start]:
            continue
        signs[start] = 1
        stack = [start]
        while stack:
            node = stack.pop()
            for other, relation in neighbours[node]:
                wanted = relation * signs[node]
                if not signs[other]:
                    signs[other] = wanted
                    stack.append(other)
                elif signs[other] != wanted:
                    raise ValueError("raderna går inte att ordna som ett flöde; maskeringen kan inte bevisas")
    return signs


def _bridges(edges: Mapping[Hashable, tuple[int, int]]) -> set[Hashable]:
    """Return the edges (cells) that lie on no cycle of the multigraph (iterative Tarjan)."""
    adjacency: dict[int, list[tuple[int, Hashable]]] = {}
    for key, (a, b) in edges.items():
        if a == b:
            continue  # a cell in no line is a loop: free, never a bridge
        adjacency.setdefault(a, []).append((b, key))
        adjacency.setdefault(b, []).append((a, key))
    discovered: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: set[Hashable] = set()
    clock = 0
    for root in adjacency:
        if root in discovered:
            continue
        discovered[root] = low[root] = clock
        clock += 1
        stack: list[tuple[int, Hashable | None, Iterable[tuple[int, Hashable]]]] = [(root, None, iter(adjacency[root]))]
        while stack:
            node, via, pending = stack[-1]
            descended = False
            for other, key in pending:
                if key == via:
                    continue
                if other not in discovered:
                    discovered[other] = low[other] = clock
                    clock += 1
                    stack.append((other, key, iter(adjacency[other])))
                    descended = True
                    break
                low[node] = min(low[node], discovered[other])
            if descended:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > discovered[parent]:
                    bridges.add(via)
    return bridges


def _reach(edges: Mapping[Hashable, tuple[int, int]], start: int, without: Hashable) -> set[int]:
    """Return the nodes reachable from ``start`` over ``edges`` other than ``without``."""
    adjacency: dict[int, list[int]] = {}
    for key, (a, b) in edges.items():
        if key != without:
            adjacency.setdefault(a, []).append(b)
            adjacency.setdefault(b, []).append(a)
    seen = {start}
    stack = [start]
    while stack:
        for other in adjacency.get(stack.pop(), ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen


@dataclass(frozen=True)
class _HiddenGraph:
    """The hidden cells by node (``at``) and by pair of nodes (``between``)."""

    at: Mapping[int, list[Hashable]]
    between: Mapping[tuple[int, int], list[Hashable]]


def _first(*options: Hashable | None) -> Hashable | None:
    """Return the first option that is not None (a cell key may be falsy, such as 0)."""
    return next((option for option in options if option is not None), None)


class _Suppressor:
    """The secondary-suppression loop over one table."""

    def __init__(self, table: CountTable, minimum: int) -> None:
        self.structure = _Structure(table)
        self.values = table.values
        self.minimum = minimum
        self.masked: set[Hashable] = {key for key, value in table.values.items() if is_small(value, minimum)}
        self.proven: set[Hashable] = set()

    def hidden(self, key: Hashable) -> bool:
        return key in self.masked or self.values[key] is None

    def best(self, keys: Iterable[Hashable], zeros: bool = False) -> Hashable | None:
        """Return the smallest published cell among ``keys`` (a 0 only when ``zeros``), or None."""
        candidates = [key for key in keys if not self.hidden(key) and ((self.values[key] or 0) > 0 or zeros)]
        if not candidates:
            return None
        return min(candidates, key=lambda key: (self.values[key] or 0, self.structure.order[key]))

    def fix_single(self) -> bool:
        """Each line with exactly one hidden cell, that one masked: mask the smallest other cell of the line."""
        changed = False
        for index in range(len(self.structure.lines)):
            cells = self.structure.line_cells(index)
            hidden = [key for key in cells if self.hidden(key)]
            if len(hidden) == 1 and hidden[0] in self.masked:
                choice = _first(self.best(cells), self.best(cells, zeros=True))
                if choice is None:
                    raise ValueError(f"rad {index} kan inte skyddas")
                self.masked.add(choice)
                changed = True
        return changed

    def fix_residual(self) -> bool:
        """Each line with a published total whose masked parts add up to a small number: mask another part."""
        changed = False
        for line in self.structure.lines:
            if self.hidden(line.total):
                continue
            masked_parts = [key for key in line.parts if key in self.masked]
            if not masked_parts:
                continue
            published = sum(self.values[key] or 0 for key in line.parts if not self.hidden(key))
            residual = (self.values[line.total] or 0) - published
            if residual < max(self.minimum, len(masked_parts) + 1):
                choice = _first(self.best(line.parts), line.total)
                self.masked.add(choice)
                changed = True
        return changed

    def fix_cycle(self) -> bool:
        """A masked cell that is a bridge of the hidden graph: mask a cell that closes a cycle through it."""
        ends = self.structure.ends
        hidden_edges = {key: ends[key] for key in self.values if self.hidden(key)}
        bridges = _bridges(hidden_edges)
        order = self.structure.order
        for bridge in sorted((key for key in bridges if key in self.masked), key=order.__getitem__):
            left_end, right_end = ends[bridge]
            left = _reach(hidden_edges, left_end, bridge)
            right = _reach(hidden_edges, right_end, bridge)
            crossing = [key for key, (a, b) in ends.items() if (a in left and b in right) or (a in right and b in left)]
            choice = self.best(crossing)
            if choice is None:
                # Grow one side from the bridge's own lines first, then from anywhere on either side.
                touching = [key for key, (a, b) in ends.items() if {a, b} & {left_end, right_end} - {_FREE}]
                near = [key for key, (a, b) in ends.items() if {a, b} & (left | right)]
                choice = _first(
                    self.best(touching),
                    self.best(near),
                    self.best(touching, zeros=True),
                    self.best(near, zeros=True),
                )
            if choice is None:
                raise ValueError(f"cellen {bridge!r} kan inte skyddas")
            self.masked.add(choice)
            return True
        return False

    def can_decrease(self, key: Hashable, step: int) -> bool:
        """Whether a hidden cell can go down by ``step`` and stay plausible: a masked count stays at least 1."""
        value = self.values[key]
        return value is None or value - step >= (1 if value >= 1 else 0)

    def incident(self) -> _HiddenGraph:
        """Return the hidden cells at each node, and between each pair of nodes (loops left out)."""
        at: dict[int, list[Hashable]] = {}
        between: dict[tuple[int, int], list[Hashable]] = {}
        for key in self.values:
            if self.hidden(key):
                a, b = self.structure.ends[key]
                if a != b:
                    at.setdefault(a, []).append(key)
                    at.setdefault(b, []).append(key)
                    between.setdefault((a, b), []).append(key)
                    between.setdefault((b, a), []).append(key)
        return _HiddenGraph(at, between)

    def steps(self, node: int, incoming: int, key: Hashable) -> tuple[int, ...]:
        """Return the changes (+1 / -1) of ``key`` that balance ``incoming`` at ``node`` and stay plausible."""
        options = (1, -1) if node == _FREE else (-incoming * self.structure.coefficients[key][node],)
        return tuple(step for step in options if step > 0 or self.can_decrease(key, 1))

    def arrival(self, node: int, key: Hashable, step: int) -> tuple[int, int]:
        """Return the search state after changing ``key`` by ``step`` and arriving at ``node``."""
        return (node, 0 if node == _FREE else self.structure.coefficients[key][node] * step)

    def prove(self, cell: Hashable, graph: _HiddenGraph) -> bool:
        """Whether a second completion of the table exists that changes ``cell`` by one.

        The completion adds +1 / -1 along a closed walk of hidden cells that keeps every line's sum
        (a breadth-first search over (line, incoming contribution), looking one step ahead to the end);
        it must keep every masked count at least 1, since a reader knows that 0 is never masked. Hiding
        more cells never spoils a proof.
        """
        ends = self.structure.ends
        start, goal = ends[cell]
        if start == goal:
            return True  # a cell in no line: nothing constrains it
        for sign in (1, -1):
            if sign < 0 and not self.can_decrease(cell, 1):
                continue
            first = self.arrival(start, cell, sign)
            target = (goal, 0 if goal == _FREE else -self.structure.coefficients[cell][goal] * sign)
            parents: dict[tuple[int, int], tuple[tuple[int, int], Hashable, int] | None] = {first: None}
            queue = [first]
            for state in queue:
                if target in parents:
                    break
                for key in graph.at.get(state[0], ()):
                    if key == cell:
                        continue
                    other = ends[key][1] if ends[key][0] == state[0] else ends[key][0]
                    for step in self.steps(state[0], state[1], key):
                        following = self.arrival(other, key, step)
                        if following in parents:
                            continue
                        parents[following] = (state, key, step)
                        queue.append(following)
                        for last in graph.between.get((other, goal), ()):
                            closing = [s for s in self.steps(other, following[1], last) if last not in (cell, key)]
                            close = next((s for s in closing if self.arrival(goal, last, s) == target), None)
                            if close is not None and target not in parents:
                                parents[target] = (following, last, close)
                    if target in parents:
                        break
            if target not in parents:
                continue
            change: dict[Hashable, int] = {cell: sign}
            link = parents[target]
            while link is not None:
                previous, key, step = link
                change[key] = change.get(key, 0) + step
                link = parents[previous]
            if change[cell] != 0 and all(step >= 0 or self.can_decrease(key, -step) for key, step in change.items()):
                return True
        return False

    def fix_unproven(self) -> bool:
        """Each masked cell with no second plausible completion: mask the smallest cell of its lines (or any)."""
        ends = self.structure.ends
        incident = self.incident()
        stale = False
        changed = False
        for cell in sorted(self.masked - self.proven, key=self.structure.order.__getitem__):
            if not self.prove(cell, incident) and stale:
                incident, stale = self.incident(), False
            if self.prove(cell, incident):
                self.proven.add(cell)
                continue
            lines = set(ends[cell]) - {_FREE}
            touching = [key for key, (a, b) in ends.items() if {a, b} & lines]
            choice = _first(self.best(touching), self.best(self.values))
            if choice is None:
                # Every count but the zeros is hidden already: there is nothing left to hide.
                self.proven.add(cell)
                continue
            self.masked.add(choice)
            stale = changed = True
        return changed

    def run(self) -> Masking:
        primary = frozenset(self.masked)
        # Cheap local rules first; the exact tests only once they are quiet. Each step masks at least one
        # more cell or ends, so the loop ends.
        while self.fix_single() or self.fix_residual() or self.fix_cycle() or self.fix_unproven():
            pass
        return Masking(primary, frozenset(self.masked - primary))


def mask_table(table: CountTable, minimum: int | None) -> Masking:
    """Return the cells of ``table`` to mask so that no count below ``minimum`` can be read or worked out.

    With a minimum cell size m, every count from 1 to m - 1 is masked (primary suppression); 0 is shown,
    since it describes nobody. Further cells are masked (secondary suppression), each time the smallest
    published non-zero cell that helps, ties broken by the order of ``table.values``, until:

    - no line has exactly one hidden cell;
    - no masked cell is a bridge of the hidden cells' graph, so no combination of lines fixes it;
    - where a line's total is published, its masked parts add up to at least m and to more than their
      number, so subtraction reveals no small group;
    - every masked cell has a second completion in integers that keeps each masked count at least 1.

    Args:
        table: the counts and the lines (parts add up to total) a reader can use.
        minimum: the minimum cell size m; None or below 2 masks nothing.

    Returns:
        The primary suppressions (every count 1 to m - 1) and the secondary ones.

    Raises:
        ValueError: the lines are not a table structure the rule can protect (a cell in three lines).
    """
    if minimum is None or minimum <= 1:
        _Structure(table)  # the structure is checked even when nothing is masked
        return Masking()
    return _Suppressor(table, minimum).run()


def grid_table(rows: Sequence[Sequence[int | None]]) -> CountTable:
    """Return a table with margins: the last row holds the column totals, the last column the row totals.

    Cells are keyed ``(row, column)``; every row and every column is a line.
    """
    height = len(rows)
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("alla rader i tabellen måste ha lika många celler")
    values: dict[Hashable, int | None] = {(r, c): rows[r][c] for r in range(height) for c in range(width)}
    lines: list[Line] = []
    if width >= 2:
        lines += [Line(tuple((r, c) for c in range(width - 1)), (r, width - 1)) for r in range(height)]
    if height >= 2:
        lines += [Line(tuple((r, c) for r in range(height - 1)), (height - 1, c)) for c in range(width)]
    return CountTable(values, tuple(lines))


def mask_grid(rows: Sequence[Sequence[int | None]], minimum: int | None) -> tuple[tuple[bool, ...], ...]:
    """Return which cells of a table with margins (see ``grid_table``) to mask, in the table's shape."""
    masking = mask_table(grid_table(rows), minimum)
    return tuple(tuple((r, c) in masking for c in range(len(row))) for r, row in enumerate(rows))


# --- The figures of a follow-up -------------------------------------------------------------------

#: The columns of a flow table: the gender parts, then the total.
FLOW_PARTS: tuple[str, ...] = (*GENDERS, "totalt")


def _count_row(count: Count | None) -> tuple[int | None, ...]:
    if count is None:
        return (None,) * len(FLOW_PARTS)
    return (*(count.part(gender) for gender in GENDERS), count.totalt)


def flow_grid(figures: FollowUpFigures, flow: str) -> tuple[tuple[int | None, ...], ...]:
    """Return one flow ("aktuella", "nya", "avslutade") as a table with margins: a row per insats, TOTALT last.

    Columns are ``FLOW_PARTS``: kvinnor, man, annat, totalt.
    """
    rows = [_count_row(insats.insats.deltagare.get(flow)) for insats in figures.insatser]
    rows.append(_count_row(figures.totalt.get(flow)))
    return tuple(rows)


def outcome_table(insats: Insats) -> CountTable:
    """Return the counts behind an insats's outcome shares, keyed ``(outcome, part)``, with their lines.

    An outcome split by gender is a line (the parts add up to its total), and "vidare" (work, studies
    or another insats) is the sum of "arbete_studier" and "annan_insats": a reader who sees the three
    shares of the same denominator can subtract one from another. The insats's own counts are cells of
    the same table, each with its gender line.
    """
    values: dict[Hashable, int | None] = {}
    lines: list[Line] = []
    own = [(name, count) for name, count in insats.egna_antal.items() if name not in OUTCOME_NAMES]
    for name, count in [*((name, insats.efter_avslut.get(name)) for name in OUTCOME_NAMES), *own]:
        if count is not None and count.has_parts:
            for gender in GENDERS:
                values[(name, gender)] = count.part(gender)
            lines.append(Line(tuple((name, gender) for gender in GENDERS), (name, "totalt")))
        values[(name, "totalt")] = None if count is None else count.totalt
    work, other = values[("arbete_studier", "totalt")], values[("annan_insats", "totalt")]
    if work is not None and other is not None:
        values[("vidare", "totalt")] = work + other
        lines.append(Line((("arbete_studier", "totalt"), ("annan_insats", "totalt")), ("vidare", "totalt")))
    return CountTable(values, tuple(lines))


#: The cell of the outcome table that holds a built-in share's numerator, where it is not its one count.
_NUMERATOR_CELLS: dict[str, str] = {"vidare_andel": "vidare"}


def _cell_masked(index: int, name: str, part: str, counts: set[tuple[int | None, str, str]], outcomes: Masking) -> bool:
    """Whether a count (a flow, an outcome or an own count) of an insats is masked in its own table."""
    if name in FLOW_NAMES:
        return (index, name, part) in counts
    return (name, part) in outcomes


def _numerator_masked(
    registry: Registry,
    name: str,
    insats: Insats,
    index: int,
    minimum: int,
    counts: set[tuple[int | None, str, str]],
    outcomes: Masking,
) -> bool:
    """Whether an indicator's numerator is masked: its one count, or a sum that is small or shows a masked count.

    A sum of several counts that has no cell of its own is masked whenever one of its counts is, since a
    reader could subtract the published ones; and when it is small itself.
    """
    indicator = registry[name]
    if name in _NUMERATOR_CELLS:
        return (_NUMERATOR_CELLS[name], "totalt") in outcomes
    if len(indicator.taljare) == 1:
        return _cell_masked(index, indicator.taljare[0], "totalt", counts, outcomes)
    total = registry.numerator(insats, name)
    return is_small(None if total is None else total.totalt, minimum) or any(
        _cell_masked(index, count, "totalt", counts, outcomes) for count in indicator.taljare
    )


@dataclass(frozen=True)
class FiguresMasking:
    """Which figures of a follow-up to show as ``MASK_SYMBOL``. Insatser are numbered as in the figures;
    ``insats=None`` is the TOTALT row of the flow summary.
    """

    minimum: int | None
    counts: frozenset[tuple[int | None, str, str]] = frozenset()
    outcomes: frozenset[tuple[int, str, str]] = frozenset()
    shares: frozenset[tuple[int, str]] = frozenset()
    gender_shares: frozenset[tuple[int, str]] = frozenset()
    goals: frozenset[tuple[int, int]] = frozenset()

    @property
    def active(self) -> bool:
        """Whether masking is on (a minimum cell size of 2 or more)."""
        return self.minimum is not None and self.minimum > 1

    def count(self, insats: int | None, flow: str, part: str = "totalt") -> bool:
        """Whether a flow count is masked: part is "kvinnor", "man", "annat" or "totalt"."""
        return (insats, flow, part) in self.counts

    def distribution(self, insats: int | None, flow: str, gender: str) -> bool:
        """Whether a gender's share of a flow (e.g. "42 % kvinnor" of the new participants) is masked."""
        return self.count(insats, flow, gender) or self.count(insats, flow, "totalt")

    def outcome(self, insats: int, name: str, part: str = "totalt") -> bool:
        """Whether an outcome count (OUTCOME_NAMES or "vidare") is masked, e.g. "efterstod" or the n of a share."""
        return (insats, name, part) in self.outcomes

    def share(self, insats: int, name: str) -> bool:
        """Whether one of the insats's shares, or the value of an own count indicator, is masked."""
        return (insats, name) in self.shares

    def gender_share(self, insats: int, gender: str) -> bool:
        """Whether the share of a gender's ended participants who went to work or studies is masked."""
        return (insats, gender) in self.gender_shares

    def goal(self, insats: int, index: int) -> bool:
        """Whether a goal's result and shortfall are masked (they show a masked figure)."""
        return (insats, index) in self.goals


def _goal_masked(
    goal: GoalFigures,
    insats: Insats,
    index: int,
    minimum: int,
    registry: Registry,
    counts: set[tuple[int | None, str, str]],
    outcomes: Masking,
    shares: set[tuple[int, str]],
) -> bool:
    indicator = goal.goal.indikator
    if goal.utfall_fran_data and indicator is not None and indicator in registry:
        if registry[indicator].kind == "antal":
            return _numerator_masked(registry, indicator, insats, index, minimum, counts, outcomes)
        return (index, indicator) in shares
    # A count entered by hand is a count like any other; an entered percentage has no denominator to test.
    result = goal.utfall
    if goal.goal.typ == "antal" and result is not None and result.denominator == 1:
        return is_small(result.numerator, minimum)
    return False


def mask_figures(figures: FollowUpFigures, minimum: int | None = None) -> FiguresMasking:
    """Return which figures to mask under the minimum cell size.

    Args:
        figures: the computed figures of a follow-up.
        minimum: the minimum cell size; None takes the follow-up's setting (``sekretess.minsta_cell``).

    Returns:
        The masked flow counts (each flow summary table protected with its TOTALT row and total
        column), outcome counts, shares, gender shares and goal results. Nothing is masked when the
        minimum is unset or below 2.
    """
    if minimum is None:
        minimum = figures.followup.sekretess.minsta_cell
    if minimum is None or minimum <= 1:
        return FiguresMasking(minimum)
    counts: set[tuple[int | None, str, str]] = set()
    for flow in FLOW_NAMES:
        grid = flow_grid(figures, flow)
        masked = mask_grid(grid, minimum)
        for r, row in enumerate(masked):
            row_index: int | None = r if r < len(figures.insatser) else None
            counts.update((row_index, flow, FLOW_PARTS[c]) for c, hidden in enumerate(row) if hidden)
    outcomes: set[tuple[int, str, str]] = set()
    shares: set[tuple[int, str]] = set()
    gender_shares: set[tuple[int, str]] = set()
    goals: set[tuple[int, int]] = set()
    for index, insats_figures in enumerate(figures.insatser):
        insats = insats_figures.insats
        table = outcome_table(insats)
        outcome_masking = mask_table(table, minimum)
        outcomes.update((index, str(key[0]), str(key[1])) for key in outcome_masking.masked if isinstance(key, tuple))
        ended = insats.deltagare.avslutade
        registry = figures.registry
        for name in registry.shares:
            source = registry[name].namnare
            assert source is not None  # a share always has a denominator
            whole = registry.denominator(insats, name)
            if share_is_masked(
                None if whole is None else whole.totalt,
                minimum,
                _numerator_masked(registry, name, insats, index, minimum, counts, outcome_masking),
                _cell_masked(index, source, "totalt", counts, outcome_masking),
            ):
                shares.add((index, name))
        # An own count indicator is masked with its count(s), so every output can ask ``share`` alike.
        shares.update(
            (index, indicator.name)
            for indicator in registry.own
            if indicator.namnare is None
            and _numerator_masked(registry, indicator.name, insats, index, minimum, counts, outcome_masking)
        )
        for gender in GENDERS:
            denominator = None if ended is None else ended.part(gender)
            if share_is_masked(
                denominator,
                minimum,
                ("arbete_studier", gender) in outcome_masking,
                (index, "avslutade", gender) in counts,
            ):
                gender_shares.add((index, gender))
        goals.update(
            (index, number)
            for number, goal in enumerate(insats_figures.mal)
            if _goal_masked(goal, insats, index, minimum, registry, counts, outcome_masking, shares)
        )
    return FiguresMasking(
        minimum, frozenset(counts), frozenset(outcomes), frozenset(shares), frozenset(gender_shares), frozenset(goals)
    )
