"""Offline runs of stack programs: the recording mock engine behind previews and tests."""
