"""Support code for Cairn's browser journeys: the server, the browser, page helpers, axe."""

# Lines for pytest's closing summary (e.g. a stale entry in the schemathesis baseline).
notes: list[str] = []
