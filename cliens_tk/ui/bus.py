"""A tiny main-thread event bus: "agenda changed", "cases changed", ... so every open window
refreshes from the same signal. Only the Tk thread publishes; workers go through the task runner.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, Callable

log = logging.getLogger(__name__)

AGENDA_CHANGED = "agenda-changed"
CASES_CHANGED = "cases-changed"
SETTINGS_CHANGED = "settings-changed"


class EventBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, list[Callable[..., Any]]] = defaultdict(list)

    def subscribe(self, topic: str, callback: Callable[..., Any]) -> Callable[[], None]:
        """Register ``callback``; returns a function that unsubscribes it."""
        self._subscribers[topic].append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers[topic]:
                self._subscribers[topic].remove(callback)

        return unsubscribe

    def publish(self, topic: str, **data: Any) -> None:
        for callback in list(self._subscribers[topic]):
            try:
                callback(**data)
            except Exception:  # one broken window must not stop the others refreshing
                log.exception("subscriber of %s failed", topic)
