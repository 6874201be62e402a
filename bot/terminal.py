"""Showing Block Kit messages in a terminal, so the console looks like what Slack would show."""

from __future__ import annotations

import html
import re
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

EMOJI = {
    ":red_circle:": "🔴", ":large_orange_circle:": "🟠", ":large_green_circle:": "🟢",
    ":white_check_mark:": "✅", ":white_circle:": "⚪", ":large_blue_circle:": "🔵",
    ":large_blue_diamond:": "🔷", ":no_entry:": "⛔", ":double_vertical_bar:": "⏸", ":hourglass_flowing_sand:": "⏳",
    ":heavy_multiplication_x:": "✖", ":bust_in_silhouette:": "👤", ":calendar:": "📅", ":warning:": "⚠",
    ":mag:": "🔍", ":information_source:": "ℹ", ":tada:": "🎉", ":bell:": "🔔", ":memo:": "📝",
    ":chart_with_upwards_trend:": "📈", ":hourglass:": "⌛", ":zzz:": "💤", ":arrows_counterclockwise:": "🔄",
}
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")
_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]*)`")
_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")


def mrkdwn_to_rich(text: str) -> str:
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _MENTION.sub(lambda m: f"@{m.group(1)}", text)
    text = html.unescape(text)
    text = rich_escape(text)
    text = _CODE.sub(lambda m: f"[cyan]{m.group(1)}[/cyan]", text)
    text = _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/bold]", text)
    text = _ITALIC.sub(lambda m: f"[italic]{m.group(1)}[/italic]", text)
    text = _EMOJI_CODE.sub(lambda m: EMOJI.get(m.group(0), m.group(0)), text)
    lines = [f"[dim]│[/dim] {line[2:]}" if line.startswith("> ") else line for line in text.split("\n")]
    return "\n".join(lines)


def render_message(console: Console, message: dict[str, Any]) -> None:
    blocks = message.get("blocks") or []
    if not blocks:
        console.print(mrkdwn_to_rich(str(message.get("text", ""))))
        return
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            console.print(f"\n[bold underline]{rich_escape(block['text']['text'])}[/bold underline]")
        elif kind == "section":
            if "text" in block:
                console.print(mrkdwn_to_rich(block["text"]["text"]))
            if "fields" in block:
                table = Table(show_header=False, box=None, padding=(0, 2))
                cells = [mrkdwn_to_rich(f["text"]) for f in block["fields"]]
                for i in range(0, len(cells), 2):
                    table.add_row(*cells[i : i + 2])
                console.print(table)
        elif kind == "context":
            parts = [mrkdwn_to_rich(e.get("text", "")) for e in block.get("elements", [])]
            console.print("[dim]" + "  ".join(parts) + "[/dim]")
        elif kind == "divider":
            console.rule(style="dim")
        elif kind == "actions":
            labels = []
            for element in block.get("elements", []):
                if element.get("type") == "button":
                    labels.append(f"[{element['text']['text']}]")
                elif element.get("type") == "overflow":
                    labels.append("[⋯]")
            if labels:
                console.print("[dim]" + rich_escape(" ".join(labels)) + "[/dim]")
