"""What the admissions summary counts (admissions.models.AdmissionSummary), defined by the figures it stands
for: one count per row of Biểu 2, by the same conditions, dated by the decision like every figure.

`summary_contributions(members)` and `ethnicity_contributions(members)` are the members' share of the
summary, in one grouped query each: one row per (committee directly above their grassroots organisation,
year, month of the decision). The services (admissions.services.summary) add each row to that committee and
to every committee above it, in the transaction of the write; the rebuild command runs the same queries over
every member. The reports read the summary back for the whole months of a period
(`Period.split_by_month`) and count the days left over from the members.
"""

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from admissions.models import Member, summary_column

from .breakdown import SECTIONS


def _dated(members: QuerySet[Member]) -> QuerySet[Member]:
    """The members placed above their grassroots organisation (by its parent, a committee) and dated by the
    year and month of their decision. A member whose organisation is the top of the tree has no committee
    above it, and the reports of an organisation read its members."""
    return (
        members.filter(grassroots__parent__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("decision_date"), month=ExtractMonth("decision_date"))
    )


def summary_contributions(members: QuerySet[Member]) -> list[dict]:
    """Per (committee, year, month): `committee` (id), `committee_path`, `year`, `month`, `admitted`,
    `age_months_total` (the sum of their ages in months) and one count per column of admissions.models.BREAKDOWN_COLUMNS."""
    counts = {
        summary_column(key): Count("pk", filter=condition)
        for _title, rows in SECTIONS
        for key, _label, condition, _indent in rows
        if key != "total"
    }
    return list(
        _dated(members)
        .values(
            "year",
            "month",
            committee=F("grassroots__parent_id"),
            committee_path=F("grassroots__parent__path"),
        )
        .annotate(admitted=Count("pk"), age_months_total=Coalesce(Sum("age_months"), 0), **counts)
    )


def ethnicity_contributions(members: QuerySet[Member]) -> list[dict]:
    """Per (committee, year, month, ethnicity): `committee`, `committee_path`, `year`, `month`, `ethnicity`,
    `admitted`."""
    return list(
        _dated(members)
        .values(
            "year",
            "month",
            "ethnicity",
            committee=F("grassroots__parent_id"),
            committee_path=F("grassroots__parent__path"),
        )
        .annotate(admitted=Count("pk"))
    )
