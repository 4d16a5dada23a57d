import datetime

from admissions.text import add_months, age_in_months, clean_text, fold, vietnamese_sort_key


def test_clean_text_trims_collapses_and_composes_diacritics():
    decomposed = "Nguye\u0302\u0303n   Va\u0306n\tAn "
    assert clean_text(decomposed) == "Nguyễn Văn An"


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"


def test_sort_key_orders_by_given_name_then_family_and_middle_names():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Phạm Ăn", "Đỗ Dũng", "Vũ Đức"]
    assert sorted(names, key=vietnamese_sort_key) == [
        "Lê Văn An",
        "Trần Thị An",
        "Phạm Ăn",
        "Nguyễn Văn Bình",
        "Đỗ Dũng",
        "Vũ Đức",
    ]


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert vietnamese_sort_key("Hoàng Thị Ánh").isdigit()


def test_add_months_clamps_to_month_end():
    assert add_months(datetime.date(2023, 1, 31), 1) == datetime.date(2023, 2, 28)
    assert add_months(datetime.date(2023, 11, 15), 14) == datetime.date(2025, 1, 15)


def test_age_in_months_completes_on_the_birthday():
    born = datetime.date(2005, 6, 15)
    assert age_in_months(born, datetime.date(2023, 6, 15)) == 216
    assert age_in_months(born, datetime.date(2023, 6, 14)) == 215
