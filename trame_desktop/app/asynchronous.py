"""The asynchronous helpers, public as ``trame_desktop.app.asynchronous`` (as in trame)."""

from trame_desktop.server.asynchronous import (
    StateQueue,
    create_state_queue_monitor_task,
    create_task,
    decorate_task,
    get_event_loop,
    handle_task_result,
    task,
)

__all__ = [
    "StateQueue",
    "create_state_queue_monitor_task",
    "create_task",
    "decorate_task",
    "get_event_loop",
    "handle_task_result",
    "task",
]
