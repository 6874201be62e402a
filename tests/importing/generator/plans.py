"""A random action plan and, decided with it, what a careful reader should get out of it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from tests.importing.generator import wording
from tests.importing.generator.ref_styles import MAX_COUNT, REF_STYLES, PrintedRef, printed_refs
from tests.importing.generator.timescale_forms import PrintedTimescale, random_timescale, revised_date


@dataclass
class GeneratedAction:
    text: str
    owners: list[str]
    timescale: PrintedTimescale
    timescale_form: str
    revised: PrintedTimescale | None = None
    status: str = ""
    progress: str = ""

    @property
    def expected_due(self) -> date | None:
        """The current deadline: the revised date where there is one."""
        return self.revised.due if self.revised is not None else self.timescale.due

    @property
    def expected_original_due(self) -> date | None:
        return self.timescale.due if self.revised is not None else None


@dataclass
class GeneratedRecommendation:
    ref: PrintedRef
    text: str
    response: str
    actions: list[GeneratedAction] = field(default_factory=list)
    member: str = ""


@dataclass
class GeneratedPlan:
    council: str
    committee: str
    title: str
    document_date: date
    ref_style: str
    recommendations: list[GeneratedRecommendation]
    # Which optional columns the document prints; renderers choose headers and order.
    has_action_column: bool = True
    has_revised_column: bool = False
    has_status_column: bool = False
    has_response_column: bool = False
    has_progress_column: bool = False
    has_history_date_column: bool = False
    # The cabinet member for the portfolio: named beside the owner, never an owner of the action.
    has_member_column: bool = False

    @property
    def actions(self) -> list[GeneratedAction]:
        return [a for r in self.recommendations for a in r.actions]


def random_plan(
    rnd: random.Random, *, recommendations: tuple[int, int] = (4, 10), ref_style: str | None = None
) -> GeneratedPlan:
    """A plan of a few recommendations in one ref style (`ref_style`, or one at random), with
    everything the columns need."""
    year = rnd.randint(2004, 2027)
    document_date = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
    style = rnd.choice(list(REF_STYLES))
    if ref_style is not None:
        style = ref_style
    count = rnd.randint(*recommendations)
    count = min(count, MAX_COUNT.get(style, count))
    has_action_column = rnd.random() < 0.75
    plan = GeneratedPlan(
        council=wording.council_name(rnd),
        committee=rnd.choice(wording.COMMITTEES),
        title=wording.review_title(rnd),
        document_date=document_date,
        ref_style=style,
        recommendations=[],
        has_action_column=has_action_column,
        has_revised_column=rnd.random() < 0.3,
        has_status_column=rnd.random() < 0.5,
        has_response_column=rnd.random() < 0.5,
        has_progress_column=rnd.random() < 0.5,
        has_history_date_column=rnd.random() < 0.2,
        has_member_column=rnd.random() < 0.15,
    )
    owners = wording.OwnerPool(rnd)
    for ref in printed_refs(rnd, style, count):
        n_actions = rnd.choices((1, 2, 3), weights=(65, 25, 10))[0] if has_action_column else 1
        recommendation = GeneratedRecommendation(
            ref=ref,
            text=wording.recommendation_text(rnd),
            response=wording.response_text(rnd),
            member=wording.member_name(rnd) if plan.has_member_column else "",
        )
        for _ in range(n_actions):
            form, timescale = random_timescale(rnd, year)
            revised = None
            if plan.has_revised_column and timescale.due is not None and rnd.random() < 0.35:
                revised = revised_date(rnd, timescale.due)
            recommendation.actions.append(
                GeneratedAction(
                    text=wording.action_text(rnd) if has_action_column else recommendation.text,
                    owners=owners.owners(),
                    timescale=timescale,
                    timescale_form=form,
                    revised=revised,
                    status=rnd.choice(wording.STATUS_WORDS) if plan.has_status_column else "",
                    progress=wording.progress_text(rnd, year) if plan.has_progress_column and rnd.random() < 0.7 else "",
                )
            )
        plan.recommendations.append(recommendation)
    return plan
