"""Backtest of the year-end forecast (reports.attainment.forecast, issue 18) on generated history.

    .venv/bin/python bench/backtest.py [--database-url sqlite:////tmp/ptdv_backtest.sqlite3] [--orgs 60]
        [--seed 1] [--first-year 2019] [--years 2022,2023,2024,2025]

Generates, in a database of its own (wiped first: by default a SQLite file under /tmp), a province with
superior committees and grassroots organisations, with quotas and several years of admissions. In three
organisations out of four every admission comes from a candidate's file whose stages are dated backwards
from the decision (the durations of devdata's scale generator), beside files that are withdrawn on the way;
the others record no files, only their admitted members. Decisions cluster before 3/2, 19/5 and 2/9.

Then, for each year tested and each of 31/03, 30/06 and 30/09, the forecast of every organisation (the lines
of its superior committee's report) and of every committee (the lines of the province's report, and the
province) is compared with the actual result at 31/12: the mean absolute error of the expected value, the
share of actual results inside the range, and the certain claims: the "cannot reach with the files
recorded" flags the year proved wrong, and the upper bounds exceeded by the admissions from the files
recorded on the as-of day (both must be 0). Files opened after the as-of day may still be decided by 31/12
(no statute sets a minimum time between the stages): how often they lift a result above the bound, or a
flagged unit to its quota, is counted beside them.

The table is printed and written to bench/results/backtest.md.
"""

import argparse
import datetime
import os
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, bench/ is on the path but not the project
DEFAULT_DATABASE_URL = "sqlite:////tmp/ptdv_backtest.sqlite3"
AS_OF = ((3, 31), (6, 30), (9, 30))
# Decisions per month, relative: before Tết and 3/2, before 19/5, before 2/9, and the year's end.
MONTH_WEIGHTS = [14, 4, 8, 9, 13, 7, 6, 13, 8, 6, 6, 9]
# Days between one stage and the next (devdata/scale/candidates.py), and from the submission to the decision.
GAPS = [(30, 90), (20, 60), (20, 40), (7, 20), (5, 15), (3, 10)]
TO_DECISION = (5, 30)
WITHDRAWN_SHARE = 0.25  # files stopped on the way, beside those admitted


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    import django

    django.setup()


# Generation -----------------------------------------------------------------------------------------------


def wipe_and_migrate(database_url: str) -> None:
    from django.core.management import call_command

    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        if path.exists():
            path.unlink()
        call_command("migrate", verbosity=0)
        return
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def generate(*, orgs: int, seed: int, first_year: int, last_day: datetime.date) -> dict:
    """The tree, quotas, members and files; returns the province and counts."""
    from django.core.management import call_command

    from admissions import services
    from admissions.choices import UnitLevel, UnitType
    from admissions.models import Member, Quota

    rng = random.Random(seed)
    province = services.unit_create(parent=None, code="T", name="Tỉnh ủy Thử", level=UnitLevel.PROVINCE)
    committees = [
        services.unit_create(
            parent=province,
            code=f"H{n}",
            name=f"Huyện ủy {n}",
            level=UnitLevel.SUPERIOR,
            unit_type=UnitType.COMMUNE,
        )
        for n in range(1, 4)
    ]
    members, files, quotas = [], [], []
    organisations = []
    for n in range(orgs):
        committee = committees[n % len(committees)]
        is_cell = rng.random() < 0.2
        org = services.unit_create(
            parent=committee,
            code=f"{committee.code}-{n}",
            name=f"Đảng bộ {n}",
            level=UnitLevel.GRASSROOTS_CELL if is_cell else UnitLevel.GRASSROOTS_COMMITTEE,
            unit_type=UnitType.COMMUNE,
        )
        cells = (
            [org]
            if is_cell
            else [
                services.unit_create(
                    parent=org,
                    code=f"{org.code}-{c}",
                    name=f"Chi bộ {n}.{c}",
                    level=UnitLevel.SUBORDINATE_CELL,
                )
                for c in range(rng.randint(2, 4))
            ]
        )
        organisations.append((org, cells, rng.random() < 0.75, rng.uniform(0.6, 1.3)))
    for org, cells, pipeline, strength in organisations:
        base = rng.randint(2, 9)
        for year in range(first_year, last_day.year + 1):
            quota = max(1, base + rng.randint(-1, 1))
            quotas.append(Quota(unit=org, year=year, target=quota))
            admitted = max(0, round(rng.gauss(quota * strength, 1.2)))
            for _ in range(admitted):
                decided = _decision_day(rng, year)
                if decided > last_day:
                    continue
                cell = rng.choice(cells)
                members.append(_member(rng, cell, org, decided))
                if pipeline:
                    files.append(_file(rng, cell, org, decided=decided))
            if pipeline:
                for _ in range(round(admitted * WITHDRAWN_SHARE / (1 - WITHDRAWN_SHARE))):
                    files.append(
                        _file(rng, rng.choice(cells), org, decided=_decision_day(rng, year), withdrawn=True)
                    )
    for level in (province, *committees):
        for year in range(first_year, last_day.year + 1):
            quotas.append(Quota(unit=level, year=year, target=0))
    # The committees' quotas: the sum of their organisations' (the province's, of its committees').
    by_unit: dict[tuple[int, int], int] = {}
    parents = {org.pk: org.parent_id for org, *_rest in organisations}
    for quota in quotas:
        if quota.target and quota.unit_id in parents:
            committee_id = parents[quota.unit_id]
            by_unit[(committee_id, quota.year)] = by_unit.get((committee_id, quota.year), 0) + quota.target
            by_unit[(province.pk, quota.year)] = by_unit.get((province.pk, quota.year), 0) + quota.target
    for quota in quotas:
        if not quota.target:
            quota.target = by_unit[(quota.unit_id, quota.year)]
    Quota.objects.bulk_create(quotas)
    Member.objects.bulk_create(members, batch_size=500)
    from candidates.models import Candidate

    Candidate.objects.bulk_create([f for f in files if f is not None], batch_size=500)
    call_command("rebuild_admission_summary", verbosity=0)
    return {
        "province": province,
        "committees": len(committees),
        "orgs": orgs,
        "with_files": sum(1 for _o, _c, pipeline, _s in organisations if pipeline),
        "members": len(members),
        "files": sum(1 for f in files if f is not None),
    }


def _decision_day(rng: random.Random, year: int) -> datetime.date:
    month = rng.choices(range(1, 13), weights=MONTH_WEIGHTS)[0]
    start = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start + datetime.timedelta(days=rng.randrange((following - start).days))


def _person(rng: random.Random, listed: datetime.date) -> dict:
    from admissions.choices import Occupation, Schooling, Sex

    return {
        "full_name": f"Người Thử {rng.randrange(10**6)}",
        "sex": rng.choice([Sex.MALE, Sex.FEMALE]),
        "date_of_birth": listed - datetime.timedelta(days=int(365.25 * rng.randint(19, 40))),
        "occupation": rng.choice(list(Occupation)),
        "schooling": Schooling.GRADE_12,
    }


def _member(rng: random.Random, cell, org, decided: datetime.date):
    from admissions.models import Member

    member = Member(
        cell=cell,
        decision_number="01-QĐ/HU",
        decision_date=decided,
        **_person(rng, decided - datetime.timedelta(days=200)),
    )
    member.derive(grassroots=org)
    return member


def _file(rng: random.Random, cell, org, *, decided: datetime.date, withdrawn: bool = False):
    """A file dated backwards from `decided`: admitted on that day, or stopped at a stage on the way."""
    from admissions.text import add_months
    from candidates.choices import Outcome
    from candidates.models import Candidate

    grassroots_step = cell.pk != org.pk  # a grassroots cell resolves as its own organisation
    gaps = [rng.randint(*gap) for gap in GAPS]
    if not grassroots_step:
        gaps[4] = 0
    day = decided - datetime.timedelta(days=rng.randint(*TO_DECISION))
    dates = []
    for gap in reversed(gaps):
        dates.append(day)
        day -= datetime.timedelta(days=gap)
    listed = day
    submitted, grassroots, resolved, checked, filed, certified = dates
    fields = {
        **_person(rng, listed),
        "cell": cell,
        "listed_date": listed,
        "mentor_name": "Lê Văn Cường",
        "certificate_number": "CN-1",
        "certificate_date": certified,
        "application_date": filed,
        "personal_history_date": filed,
        "introduction_date": filed,
        "introducer_name": "Lê Văn Cường",
        "introducer_since": add_months(filed, -24),
        "second_introducer_name": "Trần Văn Dũng",
        "second_introducer_since": add_months(filed, -24),
        "mass_opinions_date": filed,
        "background_check_date": checked,
        "background_check_conclusion": "Đủ điều kiện",
        "cell_resolution_number": "01-NQ/CB",
        "cell_resolution_date": resolved,
        "cell_full_members": 9,
        "cell_present": 9,
        "cell_in_favour": 9,
        "grassroots_resolution_number": "01-NQ/ĐU" if grassroots_step else "",
        "grassroots_resolution_date": grassroots if grassroots_step else None,
        "submitted_date": submitted,
        "decision_number": "01-QĐ/HU",
        "decision_date": decided,
        "outcome": Outcome.ADMITTED,
        "outcome_date": decided,
    }
    if withdrawn:  # stopped after a random number of stages, a few weeks after the last one
        order = [
            ("certificate_date", "certificate_number"),
            ("application_date", "personal_history_date", "introduction_date", "mass_opinions_date"),
            ("background_check_date", "background_check_conclusion"),
            (
                "cell_resolution_date",
                "cell_resolution_number",
                "cell_full_members",
                "cell_present",
                "cell_in_favour",
            ),
            ("grassroots_resolution_date", "grassroots_resolution_number"),
            ("submitted_date",),
        ]
        kept = rng.randint(0, 3)
        for names in order[kept:]:
            for name in names:
                text = name.endswith(("_number", "_conclusion"))
                fields[name] = "" if text else None
        fields |= {"decision_number": "", "decision_date": None, "outcome": Outcome.WITHDRAWN}
        last = max(d for d in (fields["listed_date"], *(fields[n[0]] for n in order[:kept])) if d)
        fields["outcome_date"] = last + datetime.timedelta(days=rng.randint(10, 60))
        fields["outcome_reason"] = "Chuyển đi nơi khác"
    candidate = Candidate(**fields)
    candidate.derive(grassroots=org, days_off=())
    return candidate


# Evaluation -----------------------------------------------------------------------------------------------


@dataclass
class Score:
    lines: int = 0
    error: float = 0.0
    inside: int = 0
    width: float = 0.0
    flags: int = 0
    wrong_flags: int = 0  # the claim "cannot reach with the files recorded" that the year proved wrong
    reached_anyway: int = 0  # flagged, and the quota was reached through files opened after the as-of day
    over_upper: int = 0  # admissions from the files recorded above the certain upper bound
    over_upper_year: int = 0  # the year's result above that bound (files opened later included)
    bounded: int = 0
    samples: list = field(default_factory=list)

    def add(self, line, actual: int, from_recorded: int) -> None:
        """`actual`: the year's result; `from_recorded`: the result so far plus the files open on the as-of
        day that were decided by 31/12 (what the certain upper bound speaks of)."""
        self.lines += 1
        self.error += abs(float(line.expected) - actual)
        self.inside += line.low <= actual <= line.high
        self.width += line.high - line.low
        self.bounded += line.upper is not None
        if line.upper is not None:
            self.over_upper += from_recorded > line.upper
            self.over_upper_year += actual > line.upper
        if line.status == "cannot_reach":
            self.flags += 1
            if from_recorded >= line.quota:
                self.wrong_flags += 1
                self.samples.append((line.unit.name, line.admitted, line.upper, line.quota, from_recorded))
            elif actual >= line.quota:
                self.reached_anyway += 1

    def row(self, label: str) -> str:
        n = self.lines or 1
        return (
            f"| {label} | {self.lines} | {self.error / n:.2f} | {100 * self.inside / n:.0f}% | {self.width / n:.1f} "
            f"| {self.bounded} | {self.flags} | **{self.wrong_flags}** | {self.reached_anyway} | **{self.over_upper}** "
            f"| {self.over_upper_year} |"
        )


def decided_from_files(as_of: datetime.date) -> dict[int, int]:
    """Per organisation: the files open on `as_of` (listed, not yet decided) that were decided by 31/12."""
    from django.db.models import Count

    from candidates.models import Candidate

    end = datetime.date(as_of.year, 12, 31)
    rows = (
        Candidate.objects.filter(listed_date__lte=as_of, decision_date__gt=as_of, decision_date__lte=end)
        .values("grassroots")
        .annotate(n=Count("pk"))
    )
    return {row["grassroots"]: row["n"] for row in rows}


def evaluate(province, years: list[int]) -> tuple[list[str], dict]:
    from admissions.models import Unit
    from reports.attainment import forecast, yearly_attainment

    committees = list(Unit.objects.filter(parent=province).order_by("code"))
    parent_of = dict(Unit.objects.filter(parent__in=committees).values_list("pk", "parent_id"))
    scores: dict[tuple[str, str], Score] = {}
    seconds = []
    for year in years:
        actual = {}
        for unit in (province, *committees):
            report = yearly_attainment(unit, year, as_of=datetime.date(year, 12, 31))
            actual[unit.pk] = report.committee.result
            actual |= {row.unit.pk: row.result for row in report.rows}
        for month, day in AS_OF:
            as_of = datetime.date(year, month, day)
            label = as_of.strftime("%d/%m")
            later = decided_from_files(as_of)
            for org, parent in parent_of.items():  # a committee's: the sum of its organisations'
                later[parent] = later.get(parent, 0) + later.get(org, 0)
                later[province.pk] = later.get(province.pk, 0) + later.get(org, 0)
            for unit, level in ((province, "committee"), *((c, "organisation") for c in committees)):
                started = time.perf_counter()
                result = forecast(yearly_attainment(unit, year, as_of=as_of))
                seconds.append(time.perf_counter() - started)
                score = scores.setdefault((level, label), Score())
                for line in result.rows:
                    score.add(line, actual[line.unit.pk], line.admitted + later.get(line.unit.pk, 0))
                if unit == province:
                    line = result.committee
                    scores.setdefault(("province", label), Score()).add(
                        line, actual[province.pk], line.admitted + later.get(province.pk, 0)
                    )
    lines = [
        "| level, as of | lines | MAE | actual inside the range | mean range width | with an upper bound "
        '| "cannot reach with the files recorded" flags | flags the year proved wrong '
        "| flagged, reached through new files | upper bounds exceeded by the files recorded "
        "| upper bounds exceeded by the year |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    order = {"organisation": 0, "committee": 1, "province": 2}
    labels = [datetime.date(2000, m, d).strftime("%d/%m") for m, d in AS_OF]
    for (level, label), score in sorted(
        scores.items(), key=lambda item: (order[item[0][0]], labels.index(item[0][1]))
    ):
        lines.append(score.row(f"{level}, {label}"))
    wrong = [s for score in scores.values() for s in score.samples]
    return lines, {"seconds": seconds, "wrong": wrong}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BACKTEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--orgs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first-year", type=int, default=2019)
    parser.add_argument("--years", default="2022,2023,2024,2025")
    args = parser.parse_args(argv)
    if "ptdv_bench" in args.database_url or "ptdv_ci" in args.database_url:
        parser.error("use a database of the backtest's own: it is wiped")
    setup(args.database_url)
    years = [int(y) for y in args.years.split(",")]
    started = time.perf_counter()
    wipe_and_migrate(args.database_url)
    data = generate(
        orgs=args.orgs,
        seed=args.seed,
        first_year=args.first_year,
        last_day=datetime.date(max(years) + 1, 6, 30),
    )
    generated = time.perf_counter() - started
    table, extra = evaluate(data["province"], years)
    load = os.getloadavg()
    seconds = sorted(extra["seconds"])
    header = [
        f"Backtest of {', '.join(map(str, years))} (seed {args.seed}): {data['committees']} committees, "
        f"{data['orgs']} organisations ({data['with_files']} recording files), {data['members']:,} members, "
        f"{data['files']:,} files from {args.first_year}; generated in {generated:.0f} s.",
        f"Machine: {platform.node()} ({os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"database {args.database_url.split('://')[0]}; one forecast (with its report) median "
        f"{1000 * seconds[len(seconds) // 2]:.0f} ms, max {1000 * seconds[-1]:.0f} ms.",
        "",
    ]
    text = "\n".join([*header, *table, ""])
    if extra["wrong"]:
        text += "\nWrong flags (unit, admitted, upper, quota, admitted from the files recorded):\n"
        text += "\n".join(f"- {w}" for w in extra["wrong"][:20]) + "\n"
    print(text)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "backtest.md").write_text(text)


if __name__ == "__main__":
    main()
