"""The grade table engine: pure functions, no database."""

import pytest

from practiceweek.grades import (
    ALL_GRADES,
    SCALE,
    GradeTable,
    Headline,
    combine,
    grade_table,
    grade_table_from_grades,
    largest_remainder,
)


def table(outstanding: int, good: int, ri: int, inadequate: int, na: int = 0) -> GradeTable:
    return grade_table(
        {
            "outstanding": outstanding,
            "good": good,
            "requires_improvement": ri,
            "inadequate": inadequate,
            "not_applicable": na,
        }
    )


def scale_percent(t: GradeTable) -> list[int]:
    return [t.percent[grade] for grade in SCALE]


# --- The worked example: a real council's practice week ------------------------------------
# Social Work 1/17/11/2 of 31 is exactly 3.23, 54.84, 35.48, 6.45 %. Floors 3, 54, 35, 6 leave
# 2 points; the largest remainders (Good .84, RI .48) take them: 3, 55, 36, 6.
# The council published 3, 55, 35 and 7 %: each figure was rounded on its own (and 2 of 31,
# 6.45 %, went up to 7), so its row happens to add to 100 but does not follow any one rule.
# It also printed 25 % for Early Intervention's 4 of 12 RI, which is 33.3 %.


def test_worked_example_social_work():
    social_work = table(1, 17, 11, 2)

    assert social_work.total == 31
    assert scale_percent(social_work) == [3, 55, 36, 6]
    assert social_work.percent["not_applicable"] == 0
    # 18/31 = 58.06 %, 13/31 = 41.94 %: from the exact counts, not the rounded percentages.
    assert social_work.good_or_outstanding == Headline(percent=58, adjusted_percent=58)
    assert social_work.requires_improvement_or_inadequate == Headline(42, 42)


def test_worked_example_early_intervention():
    # 25, 41.67, 33.33, 0: floors 25, 41, 33, 0 leave 1 point, to Good (.67).
    early_intervention = table(3, 5, 4, 0)

    assert early_intervention.total == 12
    assert scale_percent(early_intervention) == [25, 42, 33, 0]
    assert early_intervention.good_or_outstanding == Headline(67, 67)  # 8/12 = 66.67
    assert early_intervention.requires_improvement_or_inadequate == Headline(33, 33)


def test_worked_example_specialist_support():
    # 0, 83.33, 16.67, 0: floors 83 and 16 leave 1 point, to RI (.67).
    specialist = table(0, 5, 1, 0)

    assert specialist.total == 6
    assert scale_percent(specialist) == [0, 83, 17, 0]


def test_worked_example_overall_is_recomputed_from_summed_counts():
    overall = combine([table(1, 17, 11, 2), table(3, 5, 4, 0), table(0, 5, 1, 0)])

    # 4, 27, 16, 2 of 49 = 8.16, 55.10, 32.65, 4.08 %: the missing point goes to RI (.65).
    assert overall.counts == {
        "outstanding": 4,
        "good": 27,
        "requires_improvement": 16,
        "inadequate": 2,
        "not_applicable": 0,
    }
    assert overall.total == 49
    assert scale_percent(overall) == [8, 55, 33, 4]
    assert overall.adjusted_percent == dict(zip(SCALE, [8, 55, 33, 4], strict=True))
    # 31/49 = 63.27 %, 18/49 = 36.73 %.
    assert overall.good_or_outstanding == Headline(63, 63)
    assert overall.requires_improvement_or_inadequate == Headline(37, 37)


def test_issue_json_example_row():
    brambles = table(0, 9, 6, 1)

    # 56.25, 37.5, 6.25: floors 56, 37, 6 leave 1 point, to RI (.5).
    assert brambles.as_dict("Brambles") == {
        "group": "Brambles",
        "counts": {
            "outstanding": 0,
            "good": 9,
            "requires_improvement": 6,
            "inadequate": 1,
            "not_applicable": 0,
        },
        "total": 16,
        "percent": {
            "outstanding": 0,
            "good": 56,
            "requires_improvement": 38,
            "inadequate": 6,
            "not_applicable": 0,
        },
        "adjusted_percent": {
            "outstanding": 0,
            "good": 56,
            "requires_improvement": 38,
            "inadequate": 6,
        },
        # 9/16 = 56.25 %, 7/16 = 43.75 %.
        "good_or_outstanding": {"percent": 56, "adjusted_percent": 56},
        "requires_improvement_or_inadequate": {"percent": 44, "adjusted_percent": 44},
    }


def test_as_dict_keys_follow_the_scale_order():
    row = table(1, 1, 1, 1, 1).as_dict("x")

    assert list(row) == [
        "group",
        "counts",
        "total",
        "percent",
        "adjusted_percent",
        "good_or_outstanding",
        "requires_improvement_or_inadequate",
    ]
    assert list(row["counts"]) == list(ALL_GRADES)
    assert list(row["adjusted_percent"]) == list(SCALE)


# --- Edges ----------------------------------------------------------------------------------


ZEROS = dict.fromkeys(ALL_GRADES, 0)
SCALE_ZEROS = dict.fromkeys(SCALE, 0)


@pytest.mark.parametrize(
    "counts",
    [{}, ZEROS, {"good": 0}],
    ids=["empty", "all zero", "one zero key"],
)
def test_no_files_gives_a_table_of_zeros(counts):
    t = grade_table(counts)

    assert (t.counts, t.total, t.percent, t.adjusted_percent) == (ZEROS, 0, ZEROS, SCALE_ZEROS)
    assert t.good_or_outstanding == t.requires_improvement_or_inadequate == Headline(0, 0)


def test_no_grades_and_no_tables_give_zeros():
    assert grade_table_from_grades([]) == grade_table({})
    assert combine([]) == grade_table({})


def test_all_not_applicable():
    t = grade_table({"not_applicable": 3})

    assert t.percent == ZEROS | {"not_applicable": 100}
    assert t.adjusted_percent == SCALE_ZEROS  # nothing graded: nothing to divide by
    assert t.good_or_outstanding == t.requires_improvement_or_inadequate == Headline(0, 0)
    assert t.graded_total == 0


@pytest.mark.parametrize("grade", SCALE)
def test_single_grade_takes_everything(grade):
    t = grade_table_from_grades([grade])

    assert t.percent == ZEROS | {grade: 100}
    assert t.adjusted_percent == SCALE_ZEROS | {grade: 100}
    is_good = grade in ("outstanding", "good")
    assert t.good_or_outstanding == (Headline(100, 100) if is_good else Headline(0, 0))


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([], []),
        ([0, 0, 0], [0, 0, 0]),
        ([5], [100]),
        ([1, 1, 1], [34, 33, 33]),  # a full tie: the earlier position (Outstanding) wins
        ([0, 1, 1, 1], [0, 34, 33, 33]),
        ([1, 3, 4], [12, 38, 50]),  # 12.5 and 37.5 tie on remainder: the larger count wins
        ([3, 1, 4], [38, 12, 50]),
        ([1, 1, 1, 1, 1, 1], [17, 17, 17, 17, 16, 16]),
        ([1, 17, 11, 2], [3, 55, 36, 6]),
        ([2, 2, 1], [40, 40, 20]),  # exact shares: nothing to hand out
    ],
)
def test_largest_remainder(counts, expected):
    result = largest_remainder(counts)

    assert result == expected
    assert sum(result) == (100 if sum(counts) else 0)


def test_largest_remainder_refuses_negative_counts():
    with pytest.raises(ValueError, match="cannot be negative"):
        largest_remainder([1, -1])


@pytest.mark.parametrize(
    ("counts", "good_or_outstanding", "ri_or_inadequate"),
    [
        ({"good": 1, "inadequate": 7}, Headline(13, 13), Headline(88, 88)),  # 12.5 -> 13
        ({"good": 1, "requires_improvement": 1}, Headline(50, 50), Headline(50, 50)),
        # 1/40 = 2.5 -> 3 (round() would give 2), 39/40 = 97.5 -> 98.
        ({"outstanding": 1, "inadequate": 39}, Headline(3, 3), Headline(98, 98)),
        ({"good": 2, "inadequate": 1}, Headline(67, 67), Headline(33, 33)),
    ],
)
def test_headlines_round_half_up(counts, good_or_outstanding, ri_or_inadequate):
    t = grade_table(counts)

    assert t.good_or_outstanding == good_or_outstanding
    assert t.requires_improvement_or_inadequate == ri_or_inadequate


def test_adjusted_figures_leave_out_not_applicable():
    # 3 Good, 1 Inadequate, 4 N/A: 37.5 / 12.5 / 50 of all; 75 / 25 of the graded four.
    t = table(0, 3, 0, 1, na=4)

    assert t.percent == {
        "outstanding": 0,
        "good": 38,  # 37.5 and 12.5 tie on remainder: the larger count wins
        "requires_improvement": 0,
        "inadequate": 12,
        "not_applicable": 50,
    }
    assert t.adjusted_percent == {
        "outstanding": 0,
        "good": 75,
        "requires_improvement": 0,
        "inadequate": 25,
    }
    assert t.good_or_outstanding == Headline(percent=38, adjusted_percent=75)  # 37.5 -> 38
    assert t.requires_improvement_or_inadequate == Headline(percent=13, adjusted_percent=25)
    assert t.graded_total == 4


def test_the_quoted_sentence_of_the_domain_notes():
    # "30% (38% adjusted) inadequate or requires improvement": 3 of 10 files, 2 not graded.
    t = table(1, 4, 2, 1, na=2)

    assert t.requires_improvement_or_inadequate == Headline(percent=30, adjusted_percent=38)


def test_grade_table_from_grades_counts_each_grade():
    t = grade_table_from_grades(["good", "good", "inadequate", "not_applicable"])

    assert t.counts == ZEROS | {"good": 2, "inadequate": 1, "not_applicable": 1}
    assert t.total == 4


def test_combine_sums_counts_and_recomputes():
    combined = combine([table(1, 0, 0, 0), table(0, 1, 0, 0), table(0, 0, 1, 0)])

    # Averaging the three rows' percentages would not do: recomputed, the tie rule applies.
    assert scale_percent(combined) == [34, 33, 33, 0]


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"great": 1}, "not grades: 'great'"),
        ({"good": -1}, "cannot be negative"),
    ],
)
def test_grade_table_refuses_unknown_grades_and_negative_counts(counts, message):
    with pytest.raises(ValueError, match=message):
        grade_table(counts)


def test_grade_table_from_grades_refuses_a_blank_grade():
    with pytest.raises(ValueError, match="not grades: ''"):
        grade_table_from_grades(["good", ""])
