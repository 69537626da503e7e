"""Which names in a drop are read, which wait, and which are refused."""

from __future__ import annotations

import pytest

from kneewise.web.sync.names import is_temporary, refusal
from tests.web.sync.sync_helpers import GADGETBRIDGE_GPX, GARMIN_FIT, OPENTRACKS_GPX


@pytest.mark.parametrize("name", [GADGETBRIDGE_GPX, OPENTRACKS_GPX, GARMIN_FIT, "A3B82345.FIT"])
def test_the_names_the_tools_write_are_fine(name: str) -> None:
    assert refusal(name) is None
    assert not is_temporary(name)


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.run.fit.tmp",
        "run.fit.part",
        "~run.fit",
        ".hidden.gpx",
        "run.gpx.tmp",
        "a.crdownload",
    ],
)
def test_temporary_and_hidden_names_wait(name: str) -> None:
    assert is_temporary(name)


@pytest.mark.parametrize(
    "name",
    ["", ".", "..", "../run.gpx", "a/b.gpx", "/etc/passwd", "a\\b.gpx", "C:run.gpx",
     "run..gpx", "run\x00.gpx", "run\n.gpx", "é" * 200],
)  # fmt: skip
def test_names_that_could_reach_outside_the_folder_are_refused(name: str) -> None:
    assert refusal(name)
