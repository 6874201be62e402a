"""The fake's upload API is as strict as Slack's: files_upload_v2 works through it, and each step
refuses what Slack refuses."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakes.slack_web_api import FakeSlackWebAPI


@pytest.fixture
def slack():  # type: ignore[no-untyped-def]
    with FakeSlackWebAPI() as fake:
        yield fake


def client(slack) -> WebClient:  # type: ignore[no-untyped-def]
    return WebClient(token="xoxb-test", base_url=slack.base_url)


def test_files_upload_v2_shares_the_file_in_a_dm(slack) -> None:  # type: ignore[no-untyped-def]
    dm = client(slack).conversations_open(users="U0001")["channel"]["id"]
    answer = client(slack).files_upload_v2(content=b"%PDF-ish bytes", filename="tracker.docx", title="Tracker", channel=dm)
    assert answer["file"]["title"] == "Tracker"
    [upload] = slack.uploads
    assert (upload["name"], upload["channel"], upload["content"]) == ("tracker.docx", dm, b"%PDF-ish bytes")
    assert [c.method for c in slack.calls] == ["conversations.open", "files.getUploadURLExternal", "files:upload", "files.completeUploadExternal"]


def test_without_files_write_the_upload_url_is_refused(slack) -> None:  # type: ignore[no-untyped-def]
    slack.scopes = slack.scopes.replace(",files:write", "")
    with pytest.raises(SlackApiError) as refused:
        client(slack).files_getUploadURLExternal(filename="a.docx", length=3)
    assert refused.value.response["error"] == "missing_scope"


@pytest.mark.parametrize("length", [0, -1, "many"])
def test_a_length_that_is_not_a_positive_number_is_refused(slack, length) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client(slack).files_getUploadURLExternal(filename="a.docx", length=length)


def post(url: str, data: bytes) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method="POST"), timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_upload_url_takes_exactly_the_bytes_announced_once(slack) -> None:  # type: ignore[no-untyped-def]
    issued = client(slack).files_getUploadURLExternal(filename="a.docx", length=3)
    assert post(issued["upload_url"], b"four") == 400
    assert post(issued["upload_url"], b"abc") == 200
    assert post(issued["upload_url"], b"abc") == 404
    assert post(issued["upload_url"] + "x", b"abc") == 404


def test_completing_a_file_never_uploaded_or_into_an_unknown_channel_is_refused(slack) -> None:  # type: ignore[no-untyped-def]
    issued = client(slack).files_getUploadURLExternal(filename="a.docx", length=3)
    with pytest.raises(SlackApiError, match="file_not_found"):
        client(slack).files_completeUploadExternal(files=[{"id": issued["file_id"], "title": "A"}])
    post(issued["upload_url"], b"abc")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client(slack).files_completeUploadExternal(files=[{"id": issued["file_id"], "title": "A"}], channel_id="C0NOWHERE")
    assert slack.uploads == []
