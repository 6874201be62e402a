"""The compact tables behind the owner directory and the vocabulary answer exactly as the dicts and
sets they replace, for any names; and the caches built on them find every name they were built from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from store.name_tables import IdsByKey, NamesById, SortedWords
from store.owners import build_owner_directory, match_owner, name_key
from store.vocabulary import Vocabulary, words_of

ids = st.integers(min_value=1, max_value=2**40)
# Names as councils have them, and stranger: accents, apostrophes, hyphens, non-Latin scripts, emoji.
names = st.text(alphabet=st.sampled_from("abcdeilmnorsty AEIMLNOS'-.éüßİ😀Ωﬁ&"), min_size=1, max_size=24)


@given(st.lists(st.tuples(ids, names), max_size=60))
def test_names_by_id_answers_as_the_dict_of_its_pairs(pairs: list[tuple[int, str]]) -> None:
    expected = dict(pairs)  # the last name given for an id is kept, as a dict keeps it
    table = NamesById(pairs)
    assert table == expected and len(table) == len(expected)
    assert list(table.items()) == sorted(expected.items())
    for owner_id, name in expected.items():
        assert owner_id in table and table[owner_id] == name and table.get(owner_id) == name
    missing = max(expected, default=0) + 1
    assert missing not in table and table.get(missing) is None


@given(st.dictionaries(names, st.lists(ids, min_size=1, max_size=5), max_size=40), names)
def test_ids_by_key_answers_as_a_dict_of_sorted_ids_without_repeats(gathered: dict[str, list[int]], other: str) -> None:
    table = IdsByKey(gathered)
    for key, found in gathered.items():
        assert key in table and table[key] == table.get(key) == tuple(sorted(set(found)))
    assert list(table.keys()) == sorted(gathered) and len(table) == len(gathered)
    if other not in gathered:
        assert other not in table and table.get(other) == ()


@given(st.lists(names, max_size=60), names)
def test_sorted_words_answers_as_a_set(words: list[str], other: str) -> None:
    table = SortedWords(words)
    assert all(word in table for word in words)
    assert (other in table) == (other in set(words))
    assert sorted(table) == sorted(set(words)) and len(table) == len(set(words))


distinct_owners = st.lists(names.filter(lambda n: bool(name_key(n))), min_size=1, max_size=30, unique_by=name_key)


@given(distinct_owners, st.data())
def test_a_directory_finds_every_owner_by_their_own_name(typed_names: list[str], data: st.DataObject) -> None:
    teams = set(data.draw(st.lists(st.integers(1, len(typed_names)), max_size=3)))
    rows = [(n, name, n in teams) for n, name in enumerate(typed_names, start=1)]
    # "z" and "q" are in no generated name, so the alias names only owner 1.
    # "z" and "q" are in no generated name, so the alias names owner 1 alone.
    directory = build_owner_directory(rows, [(1, typed_names[0] + " zq")])
    for owner_id, name, is_team in rows:
        assert match_owner(directory, name) == owner_id
        assert directory.names[owner_id] == name
        assert (owner_id in directory.people) == (not is_team)
    assert match_owner(directory, typed_names[0] + " zq") == 1


@given(distinct_owners)
def test_the_vocabulary_knows_every_name_it_was_built_from(typed_names: list[str]) -> None:
    vocabulary = Vocabulary.build([(n, name, False) for n, name in enumerate(typed_names, start=1)], [], [(7, "BR", "Parking review", None, None)])
    for owner_id, name in enumerate(typed_names, start=1):
        hit = vocabulary.owner_hit(words_of(name))
        assert hit is not None and hit.exact and hit.owner_ids == {owner_id}
        assert vocabulary.owner_names[owner_id] == name and vocabulary.continues_owner(" ".join(words_of(name)))
    plan = vocabulary.plan_hit(["br"], ["BR"])
    assert plan is not None and plan.plan_ids == {7} and vocabulary.plan_value(plan) == "BR"
    assert vocabulary.plan_labels[7] == "BR (Parking review)"
