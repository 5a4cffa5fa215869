"""The root of every error a user's input can cause.

A command prints such an error as one line, ``error: <message>``, and exits 2 (usage or input error); the
message names where the problem is and what is allowed. Only ``cli.main`` catches it, so no command needs a
tuple of its own. Anything else that escapes is a defect of this library and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """The user's config, policy document, file or command-line argument cannot be used as given."""
