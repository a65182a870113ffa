"""Read IATI activity files and measure the money they spend on counter-narcotics.

IATI (International Aid Transparency Initiative) is the XML standard in which donors publish
their aid projects: France's AFD as ``FR-3``, the foreign ministry as ``FR-6``, the US
government through ``US-USAGOV``. Racine uses it to show what each partner country receives
for narcotics control (DAC sector 16063), next to seizures and agreements.

This is an engine (see STYLE.md): no Django, no database, plain data in and plain data out,
so it can be tested on real files alone and leave for a package of its own one day.

Public API::

    parse(source: bytes | str | Path) -> list[Activity]      # str is XML text, Path a file
    Activity.counter_narcotics_share(codes=NARCOTICS_CONTROL) -> Decimal          # 0 … 1
    Activity.counter_narcotics_amounts(codes=NARCOTICS_CONTROL)
        -> dict[tuple[str, str], Decimal]    # (transaction type, currency) -> amount
    Activity.dac_sector_codes -> frozenset[str]   # on the activity or its transactions
    IatiError(problems) with .problems: tuple[Problem(line, reason), ...]

Why it works this way:

- The whole file is validated before anything is returned, and every problem is reported at
  once with its line: an import either takes the whole file or nothing, and the person who
  fixes the file wants the full list, not one error per attempt.
- The parser resolves no entity and fetches nothing from the network, and a document type
  declaration is refused outright: IATI files never have one, and one is how an XML file
  reads ``/etc/passwd`` (XXE) or expands to gigabytes ("billion laughs").
- Amounts are keyed by (transaction type, currency) because a publisher may mix currencies
  in one activity, and adding euros to dollars would be silently wrong; conversion belongs
  to the caller, who knows the rates. Nothing is rounded here: rounding is for display.
- IATI lets a publisher put sectors on the activity or on each transaction (the US does the
  latter); a transaction's own DAC sectors win over the activity's. DAC 5-digit codes
  (vocabulary "1") are used when given, else the 3-digit categories (vocabulary "2").
- Missing percentages are filled in as IATI implies: a lone sector or country is 100 %,
  several without percentages share 100 % equally (within one sector vocabulary).
- libxml2 stops counting lines at 65535, so past it ``Problem.line`` is None; every reason
  names its activity's identifier so the problem can still be found.

Transaction types, for reading the keys: "1" incoming funds, "2" commitment,
"3" disbursement, "4" expenditure (IATI TransactionType codelist).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from lxml import etree

NARCOTICS_CONTROL = frozenset({"16063"})
"""DAC 5-digit codes counted by default. Callers may add 31165 and 43050 (alternative
development), which the DAC's own note on 16063 points to."""

DAC_VOCABULARIES = ("1", "2")  # 5-digit DAC codes, else 3-digit DAC categories
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LIBXML2_LAST_LINE = 65535
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # xsd:decimal; Decimal() alone accepts "1_0"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an IATI file, at a line when it is known."""

    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class IatiError(ValueError):
    """An IATI file was refused; ``problems`` lists everything found, in line order."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: (p.line or 0, p.reason)))
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Share:
    """A recipient country and its percentage of the activity."""

    code: str
    percentage: Decimal


@dataclass(frozen=True)
class Sector:
    """A sector of an activity or a transaction: a code in a vocabulary ("1" = DAC 5-digit)."""

    code: str
    vocabulary: str
    percentage: Decimal


@dataclass(frozen=True)
class Transaction:
    """Money committed, disbursed or spent, in its own currency."""

    type: str
    date: date
    value: Decimal
    currency: str
    sectors: tuple[Sector, ...] = ()


@dataclass(frozen=True)
class Activity:
    """An aid project as its publisher describes it in one ``<iati-activity>``."""

    identifier: str
    title: str
    reporting_org: str | None
    default_currency: str | None
    last_updated: datetime | None
    recipient_countries: tuple[Share, ...]
    sectors: tuple[Sector, ...]
    transactions: tuple[Transaction, ...]
    line: int | None

    @property
    def dac_sector_codes(self) -> frozenset[str]:
        """Return the DAC codes declared on the activity or on any of its transactions."""
        sectors = self.sectors + tuple(s for t in self.transactions for s in t.sectors)
        return frozenset(s.code for s in sectors if s.vocabulary in DAC_VOCABULARIES)

    def counter_narcotics_share(self, codes: frozenset[str] = NARCOTICS_CONTROL) -> Decimal:
        """Return the part (0 … 1) of the activity that lies in ``codes``.

        From the activity's own DAC sectors; when it declares none (IATI lets a publisher
        put the sectors on each transaction instead, as the US government does), from the
        money of its transactions: the counter-narcotics part of their value.
        """
        share = _share(self.sectors, codes)
        return self._money_share(codes) if share is None else share

    def transaction_share(
        self, transaction: Transaction, codes: frozenset[str] = NARCOTICS_CONTROL
    ) -> Decimal:
        """Return the part of one transaction in ``codes``: its own sectors, else the activity's."""
        share = _share(transaction.sectors, codes)
        if share is None:
            share = _share(self.sectors, codes)
        return share or Decimal(0)

    def _money_share(self, codes: frozenset[str]) -> Decimal:
        # Commitments say what the activity is for; without any, what was disbursed or spent.
        for kinds in (("2",), ("3", "4"), None):
            chosen = [t for t in self.transactions if kinds is None or t.type in kinds]
            total = sum((t.value for t in chosen), Decimal(0))
            if total > 0:
                part = sum((t.value * self.transaction_share(t, codes) for t in chosen), Decimal(0))
                return min(Decimal(1), max(Decimal(0), part / total))
        return Decimal(0)

    def counter_narcotics_amounts(
        self, codes: frozenset[str] = NARCOTICS_CONTROL
    ) -> dict[tuple[str, str], Decimal]:
        """Return value × share summed by (transaction type, currency); empty if none."""
        amounts: dict[tuple[str, str], Decimal] = {}
        for transaction in self.transactions:
            share = self.transaction_share(transaction, codes)
            if share:
                key = (transaction.type, transaction.currency)
                amounts[key] = amounts.get(key, Decimal(0)) + transaction.value * share
        return amounts


def parse(source: bytes | str | Path) -> list[Activity]:
    """Return every activity of an ``<iati-activities>`` file, or raise IatiError."""
    root = _root(source)
    if root.tag != "iati-activities":
        raise IatiError([Problem(root.sourceline, f"root is <{root.tag}>, not <iati-activities>")])
    problems: list[Problem] = []
    if root.get("version", "").startswith("1."):
        # 1.x codes differ (transaction type "D", sector vocabulary "DAC"): not guessed at.
        problems.append(Problem(root.sourceline, f"IATI {root.get('version')} is not 2.0x"))
    activities: list[Activity] = []
    first_lines: dict[str, int | None] = {}
    for element in root.iterchildren("iati-activity"):
        activity = _ActivityReader(element, problems).activity()
        if activity.identifier in first_lines:
            first = first_lines[activity.identifier]
            reason = f"duplicate iati-identifier {activity.identifier} (first at line {first})"
            problems.append(Problem(activity.line, reason))
        elif activity.identifier:
            first_lines[activity.identifier] = activity.line
        activities.append(activity)
    if problems:
        raise IatiError(problems)
    return activities


def _root(source: bytes | str | Path) -> etree._Element:
    """Parse the XML safely; a file that is not XML is refused with the parser's line."""
    encoding, hint = None, ""
    if isinstance(source, Path):
        source = source.read_bytes()
    elif isinstance(source, str):
        if not source.lstrip().startswith("<"):
            hint = " (a str is read as XML text: pass a Path to read a file)"
        source, encoding = source.encode(), "utf-8"  # the text's declaration no longer holds
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, encoding=encoding
    )
    try:
        root = etree.fromstring(source, parser)
    except etree.XMLSyntaxError as error:
        raise IatiError(
            [Problem(error.lineno, f"not well-formed XML: {error.msg}{hint}")]
        ) from error
    if root.getroottree().docinfo.doctype:
        raise IatiError([Problem(None, "document type declaration refused: IATI files have none")])
    return root


def _share(sectors: tuple[Sector, ...], codes: frozenset[str]) -> Decimal | None:
    """Return the part of ``sectors`` in ``codes``, or None when none is a DAC sector.

    Divided by the vocabulary's total rather than 100, so rounded percentages
    (33.33 × 3) still give a share of exactly 1.
    """
    for vocabulary in DAC_VOCABULARIES:
        group = [s for s in sectors if s.vocabulary == vocabulary]
        if group:
            total = sum((s.percentage for s in group), Decimal(0))
            matched = sum((s.percentage for s in group if s.code in codes), Decimal(0))
            return matched / total if total else Decimal(0)
    return None


def _fill(percentages: list[Decimal | None]) -> list[Decimal]:
    """Give the percentages left out an equal part of what the others leave of 100."""
    missing = percentages.count(None)
    rest = max(Decimal(0), 100 - sum((p for p in percentages if p is not None), Decimal(0)))
    return [rest / missing if p is None else p for p in percentages]


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return None if line is None or line >= LIBXML2_LAST_LINE else line


class _ActivityReader:
    """Read one ``<iati-activity>``, noting every problem rather than stopping at the first."""

    def __init__(self, element: etree._Element, problems: list[Problem]):
        self.element = element
        self.problems = problems
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        self.language = _language(element.get(XML_LANG) or "")  # d-portal writes "EN"
        self.currency = element.get("default-currency")

    def problem(self, element: etree._Element, reason: str) -> None:
        where = f" (activity {self.identifier})" if self.identifier else ""
        self.problems.append(Problem(_line(element), reason + where))

    def activity(self) -> Activity:
        if not self.identifier:
            found = self.element.find("iati-identifier")
            self.problem(self.element if found is None else found, "missing iati-identifier")
        reporting_org = self.element.find("reporting-org")
        transactions = (self._transaction(t) for t in self.element.iterchildren("transaction"))
        return Activity(
            identifier=self.identifier,
            title=self._title(),
            reporting_org=None if reporting_org is None else reporting_org.get("ref"),
            default_currency=self.currency,
            last_updated=_datetime(self.element.get("last-updated-datetime")),
            recipient_countries=self._countries(),
            sectors=self._sectors(self.element, check_total=True),
            transactions=tuple(t for t in transactions if t is not None),
            line=_line(self.element),
        )

    def _title(self) -> str:
        """Prefer French, then English, then whatever the publisher wrote first."""
        narratives = [
            (_language(n.get(XML_LANG) or "") or self.language, (n.text or "").strip())
            for n in self.element.iterfind("title/narrative")
        ]
        narratives = [(language, text) for language, text in narratives if text]
        for wanted in ("fr", "en"):
            for language, text in narratives:
                if language == wanted:
                    return text
        return narratives[0][1] if narratives else ""

    def _countries(self) -> tuple[Share, ...]:
        elements = self.element.findall("recipient-country")
        for element in elements:
            code = element.get("code", "")
            if not COUNTRY_CODE.fullmatch(code):
                self.problem(element, f"recipient-country code {code!r} is not two letters")
        percentages = _fill([self._percentage(e) for e in elements])
        return tuple(
            Share(e.get("code", "").upper(), p) for e, p in zip(elements, percentages, strict=True)
        )

    def _sectors(self, parent: etree._Element, check_total: bool) -> tuple[Sector, ...]:
        """Read the sectors, grouped by vocabulary: each vocabulary describes the whole."""
        groups: dict[str, list[etree._Element]] = {}
        for element in parent.iterchildren("sector"):
            groups.setdefault(element.get("vocabulary") or "1", []).append(element)
        sectors: list[Sector] = []
        for vocabulary, elements in groups.items():
            given = [self._percentage(e) for e in elements]
            total = sum((p for p in given if p is not None), Decimal(0))
            # ±1 lets publishers round (3 × 33.33); only checked when every sector has one.
            if check_total and None not in given and abs(total - 100) > 1:
                self.problem(
                    elements[0],
                    f"sector percentages of vocabulary {vocabulary} add up to {total}, not 100",
                )
            sectors += [
                Sector(e.get("code", "").strip(), vocabulary, percentage)
                for e, percentage in zip(elements, _fill(given), strict=True)
            ]
        return tuple(sectors)

    def _transaction(self, element: etree._Element) -> Transaction | None:
        """Return the transaction, or None once its problems are noted."""
        type_element = element.find("transaction-type")
        type_code = "" if type_element is None else type_element.get("code", "").strip()
        if not type_code:
            self.problem(element, "transaction without a transaction-type")
        value_element = element.find("value")
        value = None
        if value_element is None or not (value_element.text or "").strip():
            self.problem(element, "transaction without a value")
        else:
            value = self._number(value_element, value_element.text, "transaction value")
        when = self._date(element, value_element)
        currency = (value_element is not None and value_element.get("currency")) or self.currency
        if not currency:
            self.problem(element, "transaction without a currency (nor a default-currency)")
        sectors = self._sectors(element, check_total=False)
        if not (type_code and value is not None and when and currency):
            return None
        return Transaction(type_code, when, value, currency, sectors)

    def _date(self, element: etree._Element, value: etree._Element | None) -> date | None:
        """Read transaction-date@iso-date, else the value's value-date."""
        date_element = element.find("transaction-date")
        text = None if date_element is None else date_element.get("iso-date")
        if not text and value is not None:
            text = value.get("value-date")
        text = (text or "").strip()
        if not text:
            self.problem(element, "transaction without a date")
            return None
        with contextlib.suppress(ValueError):  # a timestamp is fine: the day is what counts
            if ISO_DATE.match(text):
                return date.fromisoformat(text[:10])
        self.problem(element, f"transaction date {text!r} is not a date (YYYY-MM-DD)")
        return None

    def _percentage(self, element: etree._Element) -> Decimal | None:
        text = (element.get("percentage") or "").strip()
        if not text:  # an empty attribute is common in exports and means "not given"
            return None
        number = self._number(element, text, "percentage")
        if number is not None and not 0 <= number <= 100:
            self.problem(element, f"percentage {text} is outside 0–100")
            return None
        return number

    def _number(self, element: etree._Element, text: str | None, what: str) -> Decimal | None:
        text = (text or "").strip()
        if NUMBER.fullmatch(text):
            return Decimal(text)
        self.problem(element, f"{what} {text!r} is not a number")
        return None


def _language(code: str) -> str:
    """Return the bare language of an xml:lang value: "FR", "fr-FR" → "fr"."""
    return code.strip().lower().split("-")[0]


def _datetime(text: str | None) -> datetime | None:
    """Read last-updated-datetime; unreadable means unknown, as it is only informative."""
    try:
        return datetime.fromisoformat(text.strip()) if text else None
    except ValueError:
        return None
