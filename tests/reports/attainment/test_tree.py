"""The unit tree's counts and the members behind a result place admissions as the report does: a member
counts under every unit on its cell's path (read through the denormalised TCCS above the organisations)."""

import datetime

from admissions import selectors, services
from reports.attainment import admitted_members, tree_counts, yearly_attainment
from tests import factories

D = datetime.date


def test_tree_counts_and_the_listed_members_agree_with_the_report_at_every_level(tree):
    for cell, day in [
        (tree["deep_cell"], D(2023, 3, 1)),
        (tree["deep_cell"], D(2023, 12, 31)),
        (tree["cell_b"], D(2023, 6, 1)),
        (tree["school"], D(2023, 1, 1)),
        (tree["school"], D(2022, 12, 31)),  # last year: in the total, not in 2023
    ]:
        factories.member(cell, decision_date=day)
    # A cell moved to another organisation takes its members (their TCCS) along: both rules follow.
    services.unit_update(unit=tree["middle"], parent=tree["commune_b"])
    for top in (tree["province"], tree["district"], tree["commune_b"]):
        units = selectors.unit_tree_units(top)
        tree_counts(unit=top, units=units, year=2023)
        report = yearly_attainment(top, 2023)
        shown = {unit.pk: unit.members_in_year for unit in units}
        assert shown[top.pk] == report.committee.result == len(admitted_members(top, 2023))
        for line in report.rows:
            assert shown[line.unit.pk] == line.result, line.unit.name
    district = next(u for u in selectors.unit_tree_units(tree["province"]) if u.pk == tree["district"].pk)
    tree_counts(unit=tree["province"], units=[district], year=2023)
    assert (district.members_total, district.members_in_year) == (5, 4)
