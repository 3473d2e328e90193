from carecommons.rules.recording import Agreement, check_agreements, three_way_merge


def test_nothing_more_cannot_be_chosen_with_anything_else():
    assert check_agreements({Agreement.NOTHING_MORE}).ok
    assert check_agreements({Agreement.CONNECT, Agreement.FOLLOW_UP}).ok
    result = check_agreements({Agreement.NOTHING_MORE, Agreement.CONNECT})
    assert not result.ok and "as well as" in result.reasons[0]
    assert not check_agreements(set()).ok


def test_merge_keeps_their_change_when_i_did_not_touch_the_field():
    base = {"a": "1", "b": "1"}
    m = three_way_merge(base=base, theirs={"a": "2", "b": "1"}, mine={"a": "1", "b": "3"})
    assert m.merged == {"a": "2", "b": "3"}
    assert m.fields_they_changed == ("a",) and m.clean


def test_merge_flags_fields_both_changed_and_keeps_mine():
    m = three_way_merge(base={"a": "1"}, theirs={"a": "2"}, mine={"a": "3"})
    assert m.fields_both_changed == ("a",) and not m.clean
    assert m.merged["a"] == "3"


def test_merge_is_clean_when_both_made_the_same_change():
    m = three_way_merge(base={"a": "1"}, theirs={"a": "2"}, mine={"a": "2"})
    assert m.clean and m.merged == {"a": "2"}
