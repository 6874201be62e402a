"""The committee-ready tracker report: what it says (`model`, `changes`), built from the store
(`tracker`), and written as Word (`word`), Excel (`excel`) and a web page (`web_page`).

The writers take a `TrackerReport` and nothing else, so a report reads the same in every format
and can be tested without a database."""
