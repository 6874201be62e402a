"""A generator of council action plans, rendered into every format the importer reads.

Lesson 1 of the guide: the importer must read the family of trackers, not the samples in this
repository. So the tests make their own: `random_plan` invents a plan (refs in every style councils
print, joint and team owners, every way of writing a timescale, statuses, responses, progress
notes) and decides what a careful reader should get out of it *before* anything is rendered;
the renderers in `documents` then print it as a Word file, a PDF, a web page, a spreadsheet, a CSV
or pasted text, each with its own noise; `scoring` compares what `read_document` gives back with
the plan it came from, action by action.
"""

from tests.importing.generator.corpus import FORMATS, CorpusResult, DocumentFormat, measure_corpus
from tests.importing.generator.plans import GeneratedAction, GeneratedPlan, GeneratedRecommendation, random_plan

__all__ = [
    "FORMATS",
    "CorpusResult",
    "DocumentFormat",
    "GeneratedAction",
    "GeneratedPlan",
    "GeneratedRecommendation",
    "measure_corpus",
    "random_plan",
]
