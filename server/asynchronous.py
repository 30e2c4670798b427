"""Asynchronous helpers: tasks that report their errors, and a state proxy for child processes."""

from __future__ import annotations

import asyncio
import functools
import logging
import queue as queue_module
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from .item_attributes import ItemAttributes

logger = logging.getLogger(__name__)

QUEUE_EXIT = "STOP"
T = TypeVar("T")


def handle_task_result(task: asyncio.Task[Any]) -> None:
    """Log the error of a finished task, with its traceback (a cancelled task is not an error)."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        logger.error("Task %s raised", task.get_name(), exc_info=(type(error), error, error.__traceback__))


def get_event_loop() -> asyncio.AbstractEventLoop:
    """The running loop, else this thread's loop (made and set if it has none)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    try:
        return asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        return loop


def decorate_task(task: asyncio.Task[T]) -> asyncio.Task[T]:
    """Attach a done callback that logs the task's exception, with its traceback."""
    task.add_done_callback(handle_task_result)
    return task


def create_task(coroutine: Awaitable[T], loop: asyncio.AbstractEventLoop | None = None) -> asyncio.Task[T]:
    """Schedule ``coroutine`` (or any awaitable) as a task on ``loop`` (default: the running one);
    errors are logged."""
    return decorate_task(asyncio.ensure_future(coroutine, loop=loop or get_event_loop()))


def task(func: Callable[..., Awaitable[T]]) -> Callable[..., asyncio.Task[T]]:
    """Decorator: calling the async function schedules it as a task (see ``create_task``)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> asyncio.Task[T]:
        return create_task(func(*args, **kwargs))

    return wrapper


class StateQueue(ItemAttributes):
    """A stand-in for ``server.state`` in another process, writing changes to a queue.

    >>> with StateQueue(queue) as state:   # doctest: +SKIP
    ...     state["progress"] = 50
    """

    def __init__(self, queue: Any, auto_flush: bool = True) -> None:
        self._queue = queue
        self._auto_flush = auto_flush
        self._pending: dict[str, Any] = {}
        self._known: dict[str, Any] = {}
        self._depth = 0

    @property
    def queue(self) -> Any:
        """The decorated queue."""
        return self._queue

    def __getitem__(self, key: str) -> Any:
        return self._pending.get(key, self._known.get(key))

    def __setitem__(self, key: str, value: Any) -> None:
        self.update({key: value})

    def update(self, _dict: dict[str, Any]) -> None:
        """Set several keys; sent now with ``auto_flush``, else on ``flush`` (or leaving ``with``)."""
        self._pending.update(_dict)
        if self._auto_flush:
            self.flush()

    def flush(self) -> None:
        """Send the pending changes to the server as one update."""
        if self._pending:
            self._queue.put(dict(self._pending))
            self._known.update(self._pending)
            self._pending.clear()

    def exit(self) -> None:
        """Tell the monitoring task that this process is done (it stops reading the queue)."""
        self._queue.put(QUEUE_EXIT)

    def __enter__(self) -> StateQueue:
        self._depth += 1
        return self

    def __exit__(self, *_exc: object) -> None:
        # Leaving the outermost block sends what is pending, then the end of the work (as trame).
        self._depth -= 1
        if self._depth == 0:
            self.flush()
            self.exit()


def _next_message(source: Any, timeout: float) -> Any:
    try:
        return source.get(timeout=timeout)
    except queue_module.Empty:
        return None


async def _monitor_queue(server: Any, source: Any, delay: float) -> None:
    loop = asyncio.get_running_loop()
    while True:
        # Block in a worker thread (no busy polling); wake at least every `delay` seconds.
        message = await loop.run_in_executor(None, _next_message, source, delay)
        while message is not None:
            if isinstance(message, str) and message == QUEUE_EXIT:
                return
            if isinstance(message, dict):
                # One flush per message, as sent: every value the other process reported
                # reaches the clients and the @state.change callbacks, none is merged away.
                with server.state:
                    server.state.update(message)
            else:
                logger.warning("StateQueue: ignored %r (expected a dict)", message)
            try:
                message = source.get_nowait()
            except queue_module.Empty:
                message = None


def create_state_queue_monitor_task(server: Any, queue: Any, delay: float = 1) -> asyncio.Task[None]:
    """Schedule a task that applies what a ``StateQueue`` sends to ``server.state``.

    It waits on the queue in a worker thread, so updates show as soon as they arrive; ``delay``
    bounds how long it waits before checking again. It ends when the queue sends ``exit()``.
    """
    return create_task(_monitor_queue(server, queue, delay))
