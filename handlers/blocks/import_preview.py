"""A tracker dropped into Slack: the preview with Import / Cancel, and the result."""

from __future__ import annotations

from handlers.blocks.limits import MAX_SECTION_TEXT
from handlers.blocks.message import Block, Message, actions, button, context, cut_block_text, header, section
from handlers.blocks.text import escape, fmt_date, join_names, plural
from handlers.payloads import ImportChoice
from store.importer import ImportReport
from handlers.catalog import CANCEL_IMPORT_ACTION, IMPORT_ACTION

ROWS_TO_CHECK_SHOWN = 10
OWNERS_SHOWN = 12


def where(item: object) -> str:
    page = getattr(item, "page", None)
    line = getattr(item, "line", None)
    return f"page {page}, line {line}" if page else f"line {line}"


def build_import_preview(file_name: str, report: ImportReport, choice: ImportChoice) -> Message:
    actions_total = report.actions_created + report.actions_updated + report.actions_kept
    blocks: list[Block] = [header(f"Import {file_name}?")]
    if report.created_plan:
        what = f"A new plan *{escape(report.plan_code)}* · {escape(report.plan_title)}"
    else:
        what = (
            f"*{escape(report.summary()[0].upper() + report.summary()[1:])}* · {escape(report.plan_title)}\n"
            f"_Recognised as {escape(report.matched_by)}._"
        )
    counts = (
        f"{plural(report.recommendations, 'recommendation')}, {plural(actions_total, 'action')}, "
        f"{plural(len(report.owners), 'owner')}"
    )
    blocks.append(section(f"{what}\n{counts}"))
    details: list[str] = []
    if report.owners:
        created = set(report.owners_created)
        shown = [f"{name} (new)" if name in created else name for name in report.owners[:OWNERS_SHOWN]]
        more = len(report.owners) - len(shown)
        details.append("*Owners:* " + escape(join_names(shown)) + (f" and {more} more" if more > 0 else ""))
    if report.due_dates:
        details.append(
            f"*Due dates:* {len(report.due_dates)} between {fmt_date(report.due_dates[0])} and {fmt_date(report.due_dates[-1])}"
        )
    if report.disagreements:
        details.append(f"*{plural(len(report.disagreements), 'disagreement')} with owners' updates:* "
                       + "; ".join(escape(d.describe()) for d in report.disagreements[:3]))
    if details:
        blocks.append(section(cut_block_text("\n".join(details), MAX_SECTION_TEXT)))
    if report.review:
        lines = [
            f"• {where(item)}" + (f", ref {escape(item.ref)}" if item.ref else "")
            + (f", cell “{escape(str(getattr(item, 'cell', '')))}”" if getattr(item, "cell", None) else "")
            + f": {escape(item.reason)}"
            for item in report.review[:ROWS_TO_CHECK_SHOWN]
        ]
        more = len(report.review) - ROWS_TO_CHECK_SHOWN
        if more > 0:
            lines.append(f"…and {more} more (the command line's `scrutiny-bot import --preview` lists them all)")
        blocks.append(section(cut_block_text(f"*{plural(len(report.review), 'row')} to check*\n" + "\n".join(lines))))
    blocks.append(
        actions(
            button("Import", IMPORT_ACTION, choice.model_copy(update={"file_name": file_name}).value(), style="primary"),
            button("Cancel", CANCEL_IMPORT_ACTION, choice.file_id),
            block_id="import_choice",
        )
    )
    if not report.created_plan:
        blocks.append(context("To keep it as a plan of its own instead: `/import <file link> new`. Into another plan: `/import <file link> plan:CODE`."))
    text = f"Import {file_name}? {report.summary()}"
    return Message(text=escape(text), blocks=blocks)


def build_import_result(file_name: str, report: ImportReport) -> Message:
    if report.created_plan:
        head = f":white_check_mark: Imported {escape(file_name)} as the new plan *{escape(report.plan_code)}* · {escape(report.plan_title)}: {plural(report.actions_created, 'action')}."
    else:
        head = (
            f":white_check_mark: Imported {escape(file_name)}: plan *{escape(report.plan_code)}* updated in place — "
            f"{report.actions_created} new, {report.actions_changed} changed, {report.actions_kept} kept as owners updated them, "
            f"{len(report.actions_missing)} no longer listed."
        )
    lines = [head]
    if report.updates_added:
        lines.append(f"{plural(report.updates_added, 'progress note')} from the document kept.")
    for d in report.disagreements[:10]:
        lines.append("• " + escape(d.describe()))
    if report.actions_missing:
        lines.append("No longer listed (kept, with their history): " + escape(", ".join(report.actions_missing[:30])))
    blocks = [section(cut_block_text("\n".join(lines)))]
    blocks.append(context(f"Try `/actions plan:{escape(report.plan_code)}`. Undo from the command line: `scrutiny-bot plan undo {escape(report.plan_code)}`."))
    return Message(text=f"Imported {file_name} into plan {report.plan_code}.", blocks=blocks)


def build_import_cancelled(file_name: str | None = None) -> Message:
    what = f" {escape(file_name)}" if file_name else ""
    return Message(text="Import cancelled.", blocks=[section(f":x: Import{what} cancelled: nothing was imported.")])


def build_import_working(file_name: str) -> Message:
    return Message(
        text=f"Importing {file_name}…",
        blocks=[section(f":hourglass_flowing_sand: Importing {escape(file_name)}… I'll post the result here when it's done.")],
    )


def build_import_help() -> Message:
    return Message(
        text="To import a tracker, send it to me in a direct message.",
        blocks=[section(
            "*Import an action plan or tracker* (Word, PDF, Excel, CSV, web page or text)\n"
            "• Drag the file into a direct message with me, or\n"
            "• Share it anywhere, copy its link, and type `/import <file link>`\n"
            "Add `plan:CODE` to import into a plan you choose, or `new` to keep it as a plan of its own.\n"
            "I'll show what would be imported first, with *Import* and *Cancel* buttons."
        )],
    )
