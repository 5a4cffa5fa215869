from __future__ import annotations

import pytest
from org_fixture import MODES, example


@pytest.fixture(params=MODES)
def org(request):
    """The example stack in each mode: first preview (unknown ids), update (ids known) and ids written by hand."""
    return example(request.param)
