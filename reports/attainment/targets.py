"""Every target a unit is judged against at once: the year's quota of each source, and the term targets
whose years hold the report's year (DOMAIN.md 3 and 4)."""

import datetime

from django.db.models import Count, Q

from admissions.choices import QuotaSource
from admissions.models import Quota, TermTarget

from .counting import members_counted
from .figures import Attainment, Line, SourceLine, Targets, TermLine

SOURCE_ORDER = [value for value, _label in QuotaSource.choices]


def targets_of(report: Attainment) -> Targets:
    """The report's unit against every source's quota for the year (its result is the report's) and against
    each term target covering the year, counted from the term's first day to the report's as-of day.

    At most three queries whatever the number of sources and terms: the quotas, the terms, and one pass over
    the members with a count per term.
    """
    unit, c = report.unit, report.committee
    quotas = sorted(
        Quota.objects.filter(unit=unit, year=report.year).values(
            "source", "target", "document_number", "document_date"
        ),
        key=lambda q: SOURCE_ORDER.index(q["source"]),
    )
    sources = [
        SourceLine(
            q["source"],
            q["document_number"],
            q["document_date"],
            Line(unit, q["target"], c.result, c.last_year),
        )
        for q in quotas
    ]
    terms = list(
        TermTarget.objects.filter(
            unit=unit, first_year__lte=report.year, last_year__gte=report.year
        ).order_by("first_year", "source")
    )
    if not terms:
        return Targets(sources, [])
    spans = [
        (datetime.date(t.first_year, 1, 1), min(report.period.end, datetime.date(t.last_year, 12, 31)))
        for t in terms
    ]
    members, _path = members_counted(unit)
    counts = members.filter(decision_date__range=(min(s for s, _e in spans), report.period.end)).aggregate(
        **{
            f"t{i}": Count("decision_date", filter=Q(decision_date__range=span))
            for i, span in enumerate(spans)
        }
    )
    lines = [
        TermLine(unit, t.first_year, t.last_year, t.source, t.target, t.document_number, end, counts[f"t{i}"])
        for i, (t, (_start, end)) in enumerate(zip(terms, spans, strict=True))
    ]
    return Targets(sources, lines)
