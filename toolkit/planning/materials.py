"""What to print and bring for a session, counted from the number of participants."""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.layout.cards import Sheet
from toolkit.planning.plan import WorkshopPlan

DEFAULT_PARTICIPANTS = 12  # when a profile does not say
TABLE_SIZE = 6  # tables of 4 to 6: as many tables as 6-person groups need


@dataclass(frozen=True)
class Item:
    """One line of the materials and print list."""

    name: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class Materials:
    """The counts behind the print list, and the list itself."""

    participants: int
    assumed: bool
    tables: int
    items: tuple[Item, ...]


def worksheets_needed(plan: WorkshopPlan) -> int:
    """Return how many worksheets to print: one each, and a tenth spare (at least two)."""
    participants = plan.session.participants or DEFAULT_PARTICIPANTS
    return participants + max(2, math.ceil(participants / 10))


def materials_list(plan: WorkshopPlan, sheet: Sheet) -> Materials:
    """Return the materials and print list for ``plan`` with cards laid out on ``sheet``."""
    participants = plan.session.participants or DEFAULT_PARTICIPANTS
    tables = max(1, math.ceil(participants / TABLE_SIZE))
    spares = worksheets_needed(plan) - participants
    card_sheets = card_sheets_per_set(plan, sheet)
    items = [
        Item(
            "Worksheets (one each, plus spares)",
            participants + spares,
            f"{participants} participants + {spares} spare",
        ),
        Item(
            "Sets of discussion cards (one per table)",
            tables,
            f"{card_sheets} sheets each, printed double-sided and cut",
        ),
        Item(
            "Sheets of card stock or paper for the cards",
            tables * card_sheets,
            f"{sheet.paper}, {sheet.per_sheet} {sheet.card} cards a sheet",
        ),
        Item("Pens", participants, "one each"),
        Item("Flipchart and marker pens", 1, f"and {tables} marker pens for the tables"),
        Item("Timer", 1, "a phone will do"),
    ]
    each: dict[str, int] = {}  # what every participant is given, as the activities say
    for activity in plan.activities:
        for material, count in activity.each_person:
            each[material] = max(count, each.get(material, 0))
    for material, count in each.items():
        items.append(
            Item(material[:1].upper() + material[1:], participants * count, f"{count} each")
        )
    return Materials(participants, not plan.session.participants, tables, tuple(items))


def card_sheets_per_set(plan: WorkshopPlan, sheet: Sheet) -> int:
    """Return how many sheets one set of cards takes: the question cards, then the blanks."""
    cards = sum(1 + len(q.prompts) for q in plan.questions)
    return math.ceil(cards / sheet.per_sheet) + 1
