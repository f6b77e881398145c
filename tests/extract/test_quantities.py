from __future__ import annotations

from kabar.extract.quantities import extract_quantities
from kabar.lang.numbers import parse_number
from kabar.model import Sentence


def quantities(text: str):
    return extract_quantities(text, [Sentence(0, len(text), text)])


def test_indonesian_number_formats():
    assert parse_number("6.000") == 6000
    assert parse_number("1,5") == 1.5
    assert parse_number("2.300.000") == 2_300_000


def test_ranges_qualifiers_units_and_nouns():
    (q,) = quantities("Korea Utara akan mengirim tambahan 25.000 hingga 30.000 tentara untuk membantu Rusia.")
    assert (q.low, q.high, q.noun, q.unit) == (25000, 30000, "tentara", "count")
    (q,) = quantities("Badan itu mengatakan lebih dari 10.000 tentara telah dikirim.")
    assert q.value == 10000 and q.low == 10000 and q.high is None and q.qualifier == "lebih dari"
    (q,) = quantities("Ukraina menguasai wilayah sekitar 90 kilometer persegi di Oblast Kursk.")
    assert q.unit == "kilometer persegi" and q.low < 90 < q.high
    (q,) = quantities("Korea Utara kini menyuplai hingga 40% amunisi Rusia.")
    assert q.unit == "%" and q.noun == "amunisi" and q.high == 40 and q.low is None
    (q,) = quantities("Pyongyang telah mengirim 9 juta peluru artileri ke Rusia.")
    assert q.value == 9_000_000 and q.noun == "peluru"
    (q,) = quantities("Pemerintah menganggarkan Rp 5 triliun untuk program itu.")
    assert q.value == 5e12 and q.unit == "IDR"


def test_dates_and_years_are_not_quantities():
    assert quantities("Lavrov bertemu Kim pada Sabtu (12/7/2025) dan pada 19 Juni 2024.") == []
    assert quantities("Moskow dan Pyongyang menandatangani kemitraan strategis pada 2024.") == []


def test_attribution_is_kept():
    (q,) = quantities("Menurut perkiraan dinas intelijen Ukraina, total sekitar 14.000 tentara bertempur di sana.")
    assert q.attributed_to == "dinas intelijen Ukraina"
