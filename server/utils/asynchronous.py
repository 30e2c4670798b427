"""trame_server.utils.asynchronous' twin: our task and state-queue helpers under trame's module path."""

from ..asynchronous import (
    QUEUE_EXIT,
    StateQueue,
    create_state_queue_monitor_task,
    create_task,
    decorate_task,
    get_event_loop,
    handle_task_result,
    task,
)
from . import is_dunder, is_private

__all__ = [
    "QUEUE_EXIT",
    "StateQueue",
    "create_state_queue_monitor_task",
    "create_task",
    "decorate_task",
    "get_event_loop",
    "handle_task_result",
    "is_dunder",
    "is_private",
    "task",
]
