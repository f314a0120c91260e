"""What to print and bring for a session, counted from the number of participants."""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.layout.cards import Sheet
from toolkit.model import Phrase
from toolkit.planning.plan import WorkshopPlan


@dataclass(frozen=True)
class Item:
    """One line of the materials and print list."""

    name: Phrase
    count: int
    note: Phrase


@dataclass(frozen=True)
class Materials:
    """The counts behind the print list, and the list itself."""

    participants: int
    assumed: bool
    tables: int
    items: tuple[Item, ...]


def participants(plan: WorkshopPlan) -> int:
    """Return how many people to expect: as the profile says, else the format's usual."""
    return plan.session.participants or plan.format.participants


def worksheets_needed(plan: WorkshopPlan) -> int:
    """Return how many worksheets (or rating sheets) to print: one each, and a tenth
    spare (at least two)."""
    people = participants(plan)
    return people + max(2, math.ceil(people / 10))


def materials_list(plan: WorkshopPlan, sheet: Sheet) -> Materials:
    """Return the materials and print list for ``plan`` with cards laid out on ``sheet``:
    what its format uses (cards and tables, worksheets or rating sheets) and what its
    activities give each person."""
    fmt = plan.format
    people = participants(plan)
    tables = math.ceil(people / fmt.table_size) if fmt.table_size else 0
    spares = worksheets_needed(plan) - people
    sheets = (
        Phrase("Worksheets (one each, plus spares)")
        if fmt.worksheet
        else Phrase("Rating sheets (one each, plus spares)")
    )
    items = [
        Item(
            sheets,
            people + spares,
            Phrase("{people} participants + {spares} spare", people=people, spares=spares),
        )
    ]
    if fmt.cards:
        card_sheets = card_sheets_per_set(plan, sheet)
        items += [
            Item(
                Phrase("Sets of discussion cards (one per table)"),
                tables,
                Phrase("{count} sheets each, printed double-sided and cut", count=card_sheets),
            ),
            Item(
                Phrase("Sheets of card stock or paper for the cards"),
                tables * card_sheets,
                Phrase(
                    "{paper}, {count} {card} cards a sheet",
                    paper=sheet.paper,
                    count=sheet.per_sheet,
                    card=sheet.card,
                ),
            ),
        ]
    items.append(Item(Phrase("Pens"), people, Phrase("one each")))
    if tables:
        markers = (
            Phrase("and {count} marker pens for the tables", count=tables)
            if tables > 1
            else Phrase("and marker pens")
        )
        items.append(Item(Phrase("Flipchart and marker pens"), 1, markers))
    items.append(Item(Phrase("Timer"), 1, Phrase("a phone will do")))
    each: dict[str, int] = {}  # what every participant is given, as the activities say
    for activity in plan.activities:
        for material, count in activity.each_person:
            each[material] = max(count, each.get(material, 0))
    for material, count in each.items():
        name = Phrase("{material}", material=material[:1].upper() + material[1:])
        items.append(Item(name, people * count, Phrase("{count} each", count=count)))
    return Materials(people, not plan.session.participants, tables, tuple(items))


def card_sheets_per_set(plan: WorkshopPlan, sheet: Sheet) -> int:
    """Return how many sheets one set of cards takes: the question cards, then the blanks."""
    cards = sum(1 + len(q.prompts) for q in plan.questions)
    return math.ceil(cards / sheet.per_sheet) + 1
