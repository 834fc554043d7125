"""The demos `coachbot demo` can play, each against its own local Slack on a fake clock; `all` plays them in
turn. Nothing under bot/, handlers/, storage/ or scheduler/ imports this package."""

from __future__ import annotations

from collections.abc import Callable


def _assess() -> int:
    from demos.assess import main

    return main()


def _sponsors() -> int:
    from demos.sponsors import main

    return main()


def _coach() -> int:
    from demos.coach import main

    return main()


def _series() -> int:
    from demos.series import main

    return main()


def _install() -> int:
    from demos.install import main

    return main()


# Name → (what it shows, how to play it). Each returns 0 when it played to the end.
DEMOS: dict[str, tuple[str, Callable[[], int]]] = {
    "assess": ("a live /assess session: two leaders, each round compressed to 25 s", _assess),
    "series": ("a planned /assess series: plan, preparation, reminders, session 1 starts", _series),
    "sponsors": ("two sessions of a series: scores, anonymous feedback, sponsor posts, chart", _sponsors),
    "coach": ("a /coach engagement: intake to coaching calls, weeks in seconds", _coach),
    "install": ("installed in two workspaces through the real install pages, a round in each", _install),
}


def run(name: str) -> int:
    chosen = list(DEMOS) if name == "all" else [name]
    for index, key in enumerate(chosen):
        title, play = DEMOS[key]
        if len(chosen) > 1:
            print(f"\n═══ Demo {index + 1} of {len(chosen)}: {title} ═══\n", flush=True)
        code = play()
        if code != 0:
            return code
    return 0
