import datetime

from candidates import workdays


def test_tet_and_weekends_are_not_working_days():
    assert workdays.public_holiday_name(datetime.date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert not workdays.is_working_day(datetime.date(2026, 2, 17))  # a Tuesday of Tết
    assert not workdays.is_working_day(datetime.date(2026, 2, 21))  # a Saturday
    assert workdays.is_working_day(datetime.date(2026, 2, 23))


def test_the_60th_working_day_across_tet():
    # 15/12/2025 + 60 working days: New Year's Day and the five days of Tết 2026 (16-20/02) are skipped.
    assert workdays.add_working_days(datetime.date(2025, 12, 15), 60) == datetime.date(2026, 3, 17)


def test_a_committee_day_off_moves_the_deadline_one_working_day():
    days_off = {datetime.date(2026, 3, 2)}
    assert workdays.add_working_days(datetime.date(2025, 12, 15), 60, days_off) == datetime.date(2026, 3, 18)


def test_the_day_of_the_resolution_is_not_counted():
    friday = datetime.date(2026, 3, 6)
    assert workdays.add_working_days(friday, 1) == datetime.date(2026, 3, 9)
    assert workdays.working_days_between(friday, datetime.date(2026, 3, 9)) == 1
