"""The framework model: frozen dataclasses that every output is derived from.

Nothing downstream re-reads Markdown; readers build these objects and writers consume them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, init=False)
class Phrase:
    """Words the toolkit itself makes in Python (an agenda line, a print-list item), kept
    as an English sentence and its values so that a template can put them into its own
    language: ``{{ _(item.title) }}``. ``str()`` gives the English, values filled in.
    """

    message: str
    values: tuple[tuple[str, object], ...] = ()

    def __init__(self, message: str, /, **values: object) -> None:
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "values", tuple(values.items()))

    def __str__(self) -> str:
        given = dict(self.values)
        return re.sub(
            r"\{(\w+)\}",
            lambda m: str(given[m.group(1)]) if m.group(1) in given else m.group(0),
            self.message,
        )


@dataclass(frozen=True)
class Prompt:
    """One bullet under a question, e.g. ``q3.4``."""

    id: str
    number: int
    text: str


@dataclass(frozen=True)
class Question:
    """A numbered reflective question with its lead-in sentence and prompts."""

    id: str
    number: int
    text: str
    lead_in: str
    prompts: tuple[Prompt, ...]
    group_id: str

    @property
    def label(self) -> str:
        """Return the short label printed beside the question, e.g. ``Q3``."""
        return f"Q{self.number}"


@dataclass(frozen=True)
class Group:
    """A grouping of questions, e.g. "Key Drivers"; ``index`` picks its colour."""

    id: str
    name: str
    index: int
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A free section after the questions (background, further reading, contact).

    ``markdown`` is the section's body exactly as written, so links survive into outputs.
    """

    id: str
    title: str
    level: int
    markdown: str


@dataclass(frozen=True)
class Framework:
    """A whole framework: title, intro, groups, questions and free sections."""

    slug: str
    title: str
    intro: str
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    sections: tuple[Section, ...] = ()
    short_title: str = ""
    source: str = ""
    priority_questions: tuple[str, ...] = ()  # where a partnership's priorities are shown
    subject: str = ""  # what it reviews, e.g. "innovation"
    headline: str = ""  # the review's question, e.g. "How well does our partnership innovate?"
    section_roles: tuple[tuple[str, str], ...] = ()  # (role, section title) pairs
    audience_questions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (audience, IDs) pairs
    translation: str = ""  # "draft" for a translation still to be checked by a translator
    path: str = field(default="", compare=False)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """Return the file line where the front matter key ``key`` is set, or where the
        item ``item:q3``, ``item:q3.4`` or ``item:q3.lead-in`` is written (0 if unknown)."""
        return dict(self.lines).get(key, 0)

    @property
    def name(self) -> str:
        """Return the framework's short name: its short title, else its title."""
        return self.short_title or self.title

    @property
    def review_title(self) -> Phrase:
        """Return the name of a review with it, e.g. ``Partnership innovation review``."""
        return Phrase("{name} review", name=self.name)

    @property
    def topic(self) -> str:
        """Return what the framework reviews (``innovation``), for "one example of ..."."""
        return self.subject or self.name

    @property
    def question_of_review(self) -> str | Phrase:
        """Return the review's question: the framework's headline, else a plain one."""
        return self.headline or Phrase("How are we doing on {topic}?", topic=self.topic)

    def section_for(self, role: str) -> Section | None:
        """Return the free section playing ``role`` (``background``, ``further reading``,
        ``contact``): the one the front matter's ``sections`` names, else one titled so."""
        named = dict(self.section_roles).get(role)
        return self.find_section(named) if named else self.find_section(role)

    def questions_for(self, audience: str) -> tuple[str, ...]:
        """Return the IDs of the questions the framework chooses for ``audience`` (empty:
        every question)."""
        return dict(self.audience_questions).get(audience, ())

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """Return every prompt of every question, in order."""
        return tuple(p for q in self.questions for p in q.prompts)

    def question(self, question_id: str) -> Question:
        """Return the question with this ID; raise ``KeyError`` if there is none."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def group(self, group_id: str) -> Group:
        """Return the group with this ID; raise ``KeyError`` if there is none."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def questions_in(self, group: Group) -> tuple[Question, ...]:
        """Return the questions of ``group`` in framework order."""
        return tuple(q for q in self.questions if q.group_id == group.id)

    def find_section(self, *titles: str) -> Section | None:
        """Return the first free section whose title matches one of ``titles`` (any case)."""
        wanted = {t.casefold() for t in titles}
        return next((s for s in self.sections if s.title.casefold() in wanted), None)

    def summary(self) -> str:
        """Return a one-line summary such as ``x: 3 groups, 7 questions, 34 prompts``."""
        return (
            f"{self.slug}: {_count(len(self.groups), 'group')}, "
            f"{_count(len(self.questions), 'question')}, {_count(len(self.prompts), 'prompt')}"
        )


@dataclass(frozen=True)
class Session:
    """One workshop a partnership plans: for whom, how many, how long, when and where."""

    audience: str = ""
    participants: int = 0
    minutes: int | None = None
    date: str = ""
    time: str = ""
    venue: str = ""
    questions: tuple[str, ...] = ()  # as written (3, "q3"): the session's focus, if any
    format: str = ""  # a format's slug: how the session is run; "" = the audience's


@dataclass(frozen=True)
class Contact:
    """Who participants can contact about a session (a profile's ``[contact]``)."""

    name: str = ""
    role: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""

    @property
    def lines(self) -> tuple[str, ...]:
        """Return the contact as printed, one part a line: name and role, organisation,
        email, phone (those given)."""
        who = ", ".join(part for part in (self.name, self.role) if part)
        return tuple(part for part in (who, self.organisation, self.email, self.phone) if part)


@dataclass(frozen=True)
class Privacy:
    """What a profile's ``[privacy]`` says of the answers people give: who collects them
    (``controller``), why, how long they are kept, and where the full notice is."""

    controller: str = ""
    purpose: str = ""
    retention: str = ""
    notice_url: str = ""


@dataclass(frozen=True)
class Partnership:
    """The partnership a pack is made for (from a profile); every field is optional.

    ``logo`` is an absolute path; ``primary`` and ``accent`` are hex colours without ``#``.
    """

    name: str = ""
    short_name: str = ""
    partners: tuple[str, ...] = ()
    logo: str = ""
    primary: str = ""
    accent: str = ""
    facilitator: str = ""
    priorities: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    paper: str = "a4"  # a key of toolkit.config.PAPERS
    sessions: tuple[Session, ...] = ()
    contact: Contact = field(default_factory=Contact)
    feedback_url: str = ""
    privacy: Privacy = field(default_factory=Privacy)
    docx_template: str = ""  # a house Word template's absolute path
    pptx_template: str = ""  # a house PowerPoint template's absolute path
    layouts: tuple[tuple[str, str], ...] = ()  # (kind of slide, layout name), sorted
    path: str = field(default="", compare=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# The phrases a pack uses in addressing an audience, and their usual words; an audience's
# front matter ``words`` may give its own (an empty one leaves the part out).
WORDS = {
    "rated": Phrase("the partnership"),  # what each person rates: "rate {rated}, from 1 to 5"
    "place": Phrase("our partnership"),  # where the review looks: "look together at X in {place}"
    "headline": "",  # the title slide's and worksheet's question; "" = the framework's
    "more": Phrase("What more could we do?"),  # the heading of ideas, on worksheets and cards
    "priorities": Phrase("priorities for the partnership"),  # "agree up to three {priorities}"
    "owner": Phrase("Who will lead it"),  # the priorities table's column; "" = none
    "introduce": Phrase("name, organisation and one example of {topic} they are proud of"),
}


@dataclass(frozen=True)
class Audience:
    """Who a session is for: which questions, in what order, in whose words.

    ``question_ids`` is empty for the whole framework in its own order. ``rewordings`` maps
    a question ID (``q3``), a prompt ID (``q3.4``) or a lead-in (``q3.lead-in``) to the
    words this audience sees instead.
    """

    slug: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    question_ids: tuple[str, ...] = ()
    rewordings: tuple[tuple[str, str], ...] = ()
    intro: str = ""
    minutes: int = 120
    participants: str = "participants"
    activities: tuple[str, ...] = ()
    framework: str = ""
    format: str = "workshop"  # the format a session for this audience usually takes
    words: tuple[tuple[str, str], ...] = ()  # phrases addressed to it: see ``say``
    default: bool = False
    order: int = 0
    path: str = field(default="", compare=False)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """Return the file line where ``key`` (``questions:q3``, ``rewording:q3.4``) is set."""
        return dict(self.lines).get(key, 0)

    def reworded(self, item_id: str, original: str) -> str:
        """Return this audience's words for ``item_id``, or ``original`` if it has none."""
        return dict(self.rewordings).get(item_id, original)

    @property
    def names(self) -> tuple[str, ...]:
        """Return the slug and every alias, the names a person may call it by."""
        return (self.slug, *self.aliases)

    @property
    def say(self) -> dict[str, str | Phrase]:
        """Return the phrases the pack uses in addressing this audience, by key (``rated``:
        what people rate, ``owner``: the priorities' "who will lead it" column, ...)."""
        return {**WORDS, **dict(self.words)}


@dataclass(frozen=True)
class Step:
    """One numbered step of an activity: something the facilitator does or says."""

    kind: str  # "do" or "say"
    text: str


@dataclass(frozen=True)
class Activity:
    """A workshop method, e.g. 1-2-4-All; ``use`` is the part of a session it serves."""

    slug: str
    name: str
    purpose: str
    use: str  # "question", "rating" or "priorities"
    minutes: int
    group_size: str
    materials: tuple[str, ...]
    steps: tuple[Step, ...]
    each_person: tuple[tuple[str, int], ...] = ()  # (material, how many) per participant
    formats: tuple[str, ...] = ()  # the formats it suits; () = every format
    together: str = ""  # how people discuss, e.g. "in pairs"; "" = as the format says
    path: str = field(default="", compare=False)

    def suits(self, format_slug: str) -> bool:
        """Return whether the activity can be used in a session of this format."""
        return not self.formats or format_slug in self.formats

    @property
    def said(self) -> tuple[str, ...]:
        """Return what the facilitator says, without the quotation marks."""
        return tuple(s.text.strip().strip('"\u201c\u201d') for s in self.steps if s.kind == "say")


# The parts of a session a format times, in session order (see ``Format.timing``).
TIMED_PARTS = (
    "welcome",
    "purpose",
    "how",
    "agenda",
    "overview",
    "present",
    "discuss",
    "rate",
    "rating",
    "priorities",
    "close",
)


@dataclass(frozen=True)
class Format:
    """How a session is run: its shape, length, groups, materials and room set-up.

    ``timing`` gives the minutes of each of ``TIMED_PARTS`` (0 leaves a part out);
    ``discuss`` is the fewest minutes a question's discussion may have, and gets the time
    to spare. ``rate`` is minutes to rate each question after discussing it; ``rating``
    is minutes to rate every question at the end.
    """

    slug: str
    name: str
    description: str
    min_minutes: int
    max_minutes: int
    minutes: int  # the usual length, when neither the session nor the audience says
    together: str  # how people discuss a question: "at your table", "as one group"
    table_size: int  # people to a table; 0: no tables, the whole group together
    participants: int  # people expected when a profile does not say
    outputs: tuple[str, ...]  # the documents of its pack: deck, cards, worksheet, ...
    activities: tuple[str, ...]  # used for whatever the audience's activities do not suit
    timing: tuple[tuple[str, int], ...]
    setup: tuple[str, ...] = ()  # the room set-up, one line each
    order: int = 0  # shortest and simplest first: formats fall back to their neighbours
    path: str = field(default="", compare=False)
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """Return the file line where the front matter key ``key`` is set, or where the
        item ``item:q3``, ``item:q3.4`` or ``item:q3.lead-in`` is written (0 if unknown)."""
        return dict(self.lines).get(key, 0)

    def minutes_of(self, part: str) -> int:
        """Return the minutes the format gives ``part`` (one of ``TIMED_PARTS``)."""
        return dict(self.timing).get(part, 0)

    @property
    def cards(self) -> bool:
        """Return whether sessions of this format use discussion cards."""
        return "cards" in self.outputs

    @property
    def worksheet(self) -> bool:
        """Return whether people rate on a worksheet (else on a one-page rating sheet)."""
        return "worksheet" in self.outputs

    @property
    def sheet(self) -> str:
        """Return what people rate on, in English: ``worksheet`` or ``rating sheet``."""
        return "worksheet" if self.worksheet else "rating sheet"
