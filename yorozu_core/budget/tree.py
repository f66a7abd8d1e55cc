"""Building the 款 → 項 → 目 → 節 tree from source lines, and checking that children add up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import Explanation, Segment, SourceLine


@dataclass(slots=True)
class Node:
    """A line of the budget. ``amount`` is what the file states, else the sum of the children."""

    label: str
    code: str
    name: str
    declared: int | None = None
    declared_previous: int | None = None
    note: str = ""
    children: list[Node] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    _index: dict[str, Node] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        return self.name

    @property
    def amount(self) -> int:
        if self.declared is not None:
            return self.declared
        return sum(child.amount for child in self.children)

    @property
    def children_total(self) -> int:
        return sum(child.amount for child in self.children)

    @property
    def previous_amount(self) -> int | None:
        """The 前年度予算額: stated, else summed over the children that state one.

        A parent's figure summed this way omits lines abolished this year: the book prints no
        previous amount for a line it no longer has.
        """
        if self.declared_previous is not None:
            return self.declared_previous
        values = [child.previous_amount for child in self.children]
        present = [value for value in values if value is not None]
        return sum(present) if present else None

    def child(self, segment: Segment) -> Node:
        found = self._index.get(segment.key)
        if found is None:
            found = Node(label=segment.label, code=segment.code, name=segment.name)
            self._index[segment.key] = found
            self.children.append(found)
        elif not found.code and segment.code:
            found.code = segment.code
        return found

    def walk(self, path: tuple[Node, ...] = ()) -> Iterator[tuple[tuple[Node, ...], Node]]:
        """Depth-first, parents before children; yields (ancestors, node)."""
        for child in self.children:
            yield path, child
            yield from child.walk((*path, child))

    def find(self, names: Iterable[str]) -> Node | None:
        node: Node | None = self
        for name in names:
            node = node._index.get(name) if node is not None else None
        return node


def build_tree(lines: Iterable[SourceLine], explanations: Iterable[Explanation] = ()) -> Node:
    """A root (the whole 会計×歳出) with one node per distinct path.

    Lines with the same path are added together: flat files list leaves, and two leaves may
    share a path. Parsers of layouts that repeat a parent's amount on every row de-duplicate
    before they get here.
    """
    root = Node(label="", code="", name="")
    for line in lines:
        node = root
        for segment in line.path:
            node = node.child(segment)
        node.declared = line.amount if node.declared is None else node.declared + line.amount
        if line.note:
            node.note = line.note
        if line.previous_amount is not None:
            node.declared_previous = (node.declared_previous or 0) + line.previous_amount
    for explanation in explanations:
        target = root
        for segment in explanation.path:
            target = target.child(segment)
        target.explanations.append(explanation)
    return root


@dataclass(frozen=True, slots=True)
class SumMismatch:
    """A stated parent amount that its children do not add up to. Reported, never corrected."""

    path: tuple[str, ...]
    declared: int
    children_total: int

    @property
    def difference(self) -> int:
        return self.declared - self.children_total

    def describe(self) -> str:
        return (
            f"{' > '.join(self.path)}: 記載額 {self.declared:,}円 と内訳の合計 {self.children_total:,}円 が"
            f" {abs(self.difference):,}円 {'不足' if self.difference > 0 else '超過'}しています"
        )


def check_sums(root: Node) -> list[SumMismatch]:
    """Every node that states an amount and has children: do the children add up?"""
    found: list[SumMismatch] = []
    for ancestors, node in root.walk():
        if node.declared is not None and node.children and node.children_total != node.declared:
            path = tuple(n.name for n in (*ancestors, node))
            found.append(SumMismatch(path=path, declared=node.declared, children_total=node.children_total))
    return found


def previous_year_lines(lines: Iterable[SourceLine], *, depth: int) -> tuple[SourceLine, ...]:
    """The previous year's budget a 予算書 carries in 前年度予算額, down to ``depth`` levels.

    富士市's long layout prints it per 目 (depth 3): that is a previous year's budget at 目
    level, without the 目 abolished this year.
    """
    seen: set[tuple[Segment, ...]] = set()
    result: list[SourceLine] = []
    for line in lines:
        if len(line.path) == depth and line.previous_amount is not None and line.path not in seen:
            seen.add(line.path)
            result.append(SourceLine(path=line.path, amount=line.previous_amount, row=line.row))
    return tuple(result)
