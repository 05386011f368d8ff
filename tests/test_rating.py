from dashboard.rating import format_value, rate


def test_the_spec_example_is_red_with_its_sentence():
    rating = rate(77.0, 85.0, 5.0, "up", "percent")
    assert rating.rag == "red"
    assert rating.explanation == (
        "77.0% against a target of 85.0%: 8.0 points below, outside the 5-point tolerance → red"
    )


def test_higher_is_better_boundaries():
    assert rate(85.0, 85.0, 5.0, "up", "percent").rag == "green"
    assert rate(90.0, 85.0, 5.0, "up", "percent").rag == "green"
    assert rate(80.0, 85.0, 5.0, "up", "percent").rag == "amber"  # exactly at the tolerance
    assert rate(79.9, 85.0, 5.0, "up", "percent").rag == "red"


def test_lower_is_better_boundaries():
    assert rate(18.0, 18.0, 3.0, "down", "average").rag == "green"
    assert rate(15.0, 18.0, 3.0, "down", "average").rag == "green"
    assert rate(21.0, 18.0, 3.0, "down", "average").rag == "amber"
    assert rate(21.5, 18.0, 3.0, "down", "average").rag == "red"


def test_amber_sentence_says_within_tolerance():
    rating = rate(24.0, 22.0, 3.0, "down", "percent")
    assert rating.explanation.endswith("2.0 points above, within the 3-point tolerance → amber")


def test_context_measures_and_missing_targets_are_not_rated():
    assert rate(1425, None, None, "neutral", "count").rag is None
    assert "context measure" in rate(1425, None, None, "neutral", "count").explanation
    assert rate(50.0, None, None, "up", "percent").rag is None
    assert rate(None, 85.0, 5.0, "up", "percent").rag is None


def test_no_tolerance_means_any_shortfall_is_red():
    assert rate(84.9, 85.0, None, "up", "percent").rag == "red"


def test_values_are_written_as_people_read_them():
    assert format_value(77, "percent") == "77.0%"
    assert format_value(1425, "count") == "1,425"
    assert format_value(300.3, "rate_per_10k") == "300.3 per 10,000"
    assert format_value(12, "days") == "12.0 days"


def test_trend_is_judged_by_polarity():
    from dashboard.rating import trend

    rising = [70, 71, 70, 76, 77, 78]
    assert trend(rising, "up", "percent").direction == "improving"
    assert trend(rising, "up", "percent").arrow == "↑"
    assert trend(rising, "down", "percent").direction == "deteriorating"
    assert trend(rising, "neutral", "count").direction == "rising"
    falling_caseloads = [24, 24, 23, 20, 19, 19]
    assert trend(falling_caseloads, "down", "average").direction == "improving"
    assert trend(falling_caseloads, "down", "average").arrow == "↓"


def test_small_changes_are_stable_and_short_series_have_no_trend():
    from dashboard.rating import trend

    assert trend([80, 80, 81, 81, 80.5, 81.5], "up", "percent").direction == "stable"
    assert trend([1000, 1000, 1000, 1010, 1015, 1005], "neutral", "count").direction == "stable"
    assert trend([1000, 1000, 1000, 1030, 1035, 1025], "neutral", "count").direction == "rising"
    short = trend([1, 2, 3, 4, 5], "up", "count")
    assert short.direction is None and "Not enough" in short.sentence
    assert trend([None, 1, 2, 3, 4, 5, 6], "up", "count").direction == "improving"
