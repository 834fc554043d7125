"""`coachbot demo install` installs into two workspaces through the real pages and runs a round in each."""

from __future__ import annotations

import pytest

from demos import install


def test_the_install_demo_installs_twice_and_every_call_takes_its_workspaces_token(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert install.main() == 0
    out = capsys.readouterr().out
    assert out.count("coachbot is now installed in") == 2
    assert "Phase 2 of 5: Clarifying questions starts now" in out
    assert "Northwind Ltd: " in out
    assert "Southbank plc: " in out
    assert "Calls made with another workspace's token: 0" in out
    assert out.rstrip().endswith("Demo finished.")
