"""What the bot writes into buttons, menus, block ids and private_metadata reads back the same,
including values written by earlier versions that still sit on messages in people's channels."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from pydantic import ValidationError

from handlers.payloads import (
    ClaimRef,
    EntryRef,
    ImportChoice,
    LinkSuggestion,
    ListState,
    MenuChoice,
    ModalState,
    HandleRef,
    ResponseFormState,
    SignoffChoice,
    UpdateChoice,
)
from handlers.blocks.limits import MAX_BUTTON_VALUE, MAX_PRIVATE_METADATA

texts = st.text(max_size=300)
handles = st.from_regex(r"[A-Z]{2,4}-[0-9]{1,2}(\.[0-9a-z]{1,3}){0,3}", fullmatch=True)
kinds = st.sampled_from(["actions", "overdue", "mine", "detail", "home"])


@given(kinds, texts, st.integers(min_value=0, max_value=10_000))
def test_a_list_state_reads_back_as_written(kind: str, query: str, offset: int) -> None:
    state = ListState(kind=kind, query=query, offset=offset)
    assert ListState.decode(state.encode()) == state


@given(handles, st.none() | st.builds(ListState, kind=kinds, query=texts, offset=st.integers(min_value=0, max_value=999)))
def test_an_entry_block_id_keeps_its_handle_and_never_exceeds_slacks_limit(handle: str, origin: ListState | None) -> None:
    block_id = EntryRef.of(handle, origin).block_id()
    ref = EntryRef.from_block_id(block_id)
    assert len(block_id) <= 255 and ref is not None and ref.handle == handle
    assert ref.origin in (origin, None)


@given(handles, st.sampled_from(["full", "due", "note", "back", "message"]), texts, texts)
def test_modal_state_reads_back_as_written(handle: str, mode: str, channel: str, link: str) -> None:
    state = ModalState(handle=handle, mode=mode, origin=ListState(kind="actions", query="owner:linda").encode(), response_url="https://hooks.slack.com/x", channel=channel, link=link)
    assert ModalState.decode(state.encode()) == state


@given(handles, texts)
def test_an_update_choice_reads_back_as_written(handle: str, rest: str) -> None:
    assert UpdateChoice.decode(UpdateChoice(handle=handle, rest=rest).encode()) == UpdateChoice(handle=handle, rest=rest)


@given(st.text(min_size=1, max_size=20), st.none() | st.text(min_size=1, max_size=12), st.booleans(), st.text(max_size=400))
def test_an_import_choice_reads_back_with_its_file_name_cut_to_fit(file_id: str, plan: str | None, new: bool, name: str) -> None:
    choice = ImportChoice(file_id=file_id, plan=plan, as_new_plan=new, file_name=name)
    assert ImportChoice.decode(choice.value()) == ImportChoice(file_id=file_id, plan=plan, as_new_plan=new, file_name=name[:200])


@given(handles)
def test_a_handle_button_reads_back_as_written(handle: str) -> None:
    assert HandleRef.decode(HandleRef(handle=handle).encode()) == HandleRef(handle=handle)


@given(handles, st.dates().map(lambda d: d.isoformat()), st.text(max_size=80), st.text(max_size=3000))
def test_a_signoff_choice_reads_back_as_written_or_without_a_note_too_long_for_a_button(
    handle: str, meeting: str, minute: str, note: str
) -> None:
    choice = SignoffChoice(rec=handle, meeting=meeting, minute=minute, note=note)
    value = choice.encode()
    assert len(value) <= MAX_BUTTON_VALUE
    assert SignoffChoice.decode(value) in (choice, choice.model_copy(update={"note": ""}))


@given(handles | st.text(max_size=4000), st.text(max_size=20))
def test_a_response_form_state_reads_back_as_written_within_slacks_limit(rec: str, channel: str) -> None:
    state = ResponseFormState(rec=rec, channel=channel)
    value = state.encode()
    assert len(value) <= MAX_PRIVATE_METADATA
    assert ResponseFormState.decode(value) in (state, ResponseFormState(rec=rec[:200], channel=channel))


def test_values_written_before_the_models_still_read() -> None:
    assert ListState.decode('{"k":"overdue","q":"plan:br","o":16}') == ListState(kind="overdue", query="plan:br", offset=16)
    assert EntryRef.from_block_id('entry:{"h":"BR-7.4.3","k":"actions","q":"zoë","o":8}') == EntryRef.of("BR-7.4.3", ListState(kind="actions", query="zoë", offset=8))
    assert ModalState.decode('{"handle": "BR-1", "mode": "due", "origin": "", "response_url": "", "channel": "C1", "link": ""}').mode == "due"
    assert ImportChoice.decode('{"f":"F123","p":"","n":0,"name":"tracker.xlsx"}') == ImportChoice(file_id="F123", file_name="tracker.xlsx")
    assert ImportChoice.decode('{"f":"F123","p":"BR","n":1,"name":""}').as_new_plan
    assert LinkSuggestion.decode('{"u": "U0LINDA", "o": 12}') == LinkSuggestion(user_id="U0LINDA", owner_id=12)
    assert ClaimRef.decode("42").link_id == 42
    assert MenuChoice.decode("done:BR-1.2") == MenuChoice(choice="done", handle="BR-1.2")
    assert MenuChoice.decode("due") == MenuChoice(choice="due")
    assert SignoffChoice.decode('{"rec":"PK-2","meeting":"2026-03-02","minute":"46","note":""}') == SignoffChoice(rec="PK-2", meeting="2026-03-02", minute="46")
    assert ResponseFormState.decode('{"rec":"PK-2","channel":"C1"}') == ResponseFormState(rec="PK-2", channel="C1")
    assert HandleRef.decode("PK-2").handle == "PK-2"


def test_non_ascii_is_written_as_itself_since_slack_counts_characters() -> None:
    assert "zoë" in ListState(kind="actions", query="zoë").encode()


def test_a_negative_page_offset_reads_as_the_first_page() -> None:
    assert ListState.decode('{"k":"actions","q":"","o":-8}').offset == 0


def test_a_list_too_long_for_a_button_says_so() -> None:
    state = ListState(kind="actions", query="x" * 2100)
    assert not state.fits()
    with pytest.raises(ValueError):
        state.encode()


@pytest.mark.parametrize("value", ["", "not json", '{"q":"no kind"}', '["k","q"]'])
def test_a_value_we_did_not_write_is_refused(value: str) -> None:
    with pytest.raises(ValidationError):
        ListState.decode(value)


def test_a_menu_value_written_without_the_model_is_the_one_the_model_writes() -> None:
    """An entry's menu writes its values with MenuChoice.value_of (three an entry, eight entries a list)."""
    for choice, handle in (("done", "BR-1.2"), ("due", "PK-10.3.1"), ("note", "")):
        assert MenuChoice.value_of(choice, handle) == MenuChoice(choice=choice, handle=handle).encode()
        assert MenuChoice.decode(MenuChoice.value_of(choice, handle)) == MenuChoice(choice=choice, handle=handle)


@given(handles | st.text(max_size=40), st.none() | st.builds(ListState, kind=kinds, query=texts, offset=st.integers(min_value=0, max_value=999)))
def test_an_entry_block_id_written_for_a_list_is_the_one_the_model_writes(handle: str, origin: ListState | None) -> None:
    """A list writes its entries' block ids with EntryRef.block_id_of: any handle (quotes, control
    characters, any script) and any origin, long ones past Slack's limit included."""
    assert EntryRef.block_id_of(handle, origin) == EntryRef.of(handle, origin).block_id()


def test_entries_of_two_lists_written_one_after_the_other_each_name_their_own_list() -> None:
    first, second = ListState(kind="overdue", query='owner:"Dev"'), ListState(kind="actions", query="plan:BR", offset=10)
    for origin in (first, second, first):
        assert EntryRef.from_block_id(EntryRef.block_id_of("BR-1.2", origin)) == EntryRef.of("BR-1.2", origin)


def test_a_handle_button_value_written_without_the_model_is_the_one_the_model_writes() -> None:
    assert HandleRef.value_of("BR-7.4.3") == HandleRef(handle="BR-7.4.3").encode()
