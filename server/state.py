"""The shared state: a dict-like object whose changes reach the clients and ``@change`` callbacks."""

from __future__ import annotations

import inspect
import logging
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .item_attributes import ItemAttributes
from .translator import Translator

logger = logging.getLogger(__name__)

ChangeCallback = Callable[..., Any]


def same_value(old: Any, new: Any) -> bool:
    """True when assigning ``new`` over ``old`` is no change at all (same type and equal)."""
    if old is new:
        return True
    if type(old) is not type(new):
        return False
    try:
        return bool(old == new)
    except Exception:  # e.g. numpy arrays: ambiguous truth value
        return False


class _Store:
    """What a root state and its children share: values, pending changes and listeners."""

    def __init__(self, commit: Callable[[dict[str, Any]], None] | None) -> None:
        self.commit = commit
        self.pushed: dict[str, Any] = {}
        self.pending: dict[str, Any] = {}
        self.remote: set[str] = set()  # keys changed by a client, waiting for their callbacks
        self.callbacks: dict[str, list[tuple[ChangeCallback, Translator]]] = {}
        self.modified_keys: set[str] = set()
        self.unsent: set[str] = set()  # keys whose next value is sent even if unchanged
        # Stack of suppress_change_listeners() scopes: each a set of keys, an empty one meaning all.
        self.suppressed: list[frozenset[str]] = []
        self.silenced: set[str] = set()  # changed keys whose callbacks a scope suppressed
        self.ready = False
        self.flushing = False

    def is_suppressed(self, key: str) -> bool:
        return any(not scope or key in scope for scope in self.suppressed)


def _resolve(func: Any) -> Callable[..., Any] | None:
    """The callable behind a callback: a ``weakref.WeakMethod`` is followed (None once its object is gone)."""
    return func() if isinstance(func, weakref.WeakMethod) else func


class State(ItemAttributes):
    """Server state shared with every client.

    Read and write with ``state.key`` or ``state["key"]``. Changes are sent on ``flush()``,
    which ``with state:`` calls on exit, and call the ``@state.change`` callbacks of the keys
    whose values really changed, once per flush, with the whole state as keyword arguments.
    Nothing flushes before the server is ready; at that point every key set so far counts as
    changed (as in trame), so ``@state.change`` callbacks see the initial values.
    """

    def __init__(
        self,
        translator: Translator | None = None,
        internal: State | None = None,
        commit_fn: Callable[[dict[str, Any]], None] | None = None,
        hot_reload: bool = False,
        ready: bool = False,
    ) -> None:
        self._translator = translator or Translator()
        self._hot_reload = hot_reload
        self._store: _Store = internal._store if internal is not None else _Store(commit_fn)
        if ready:
            self._store.ready = True

    # -- access -------------------------------------------------------------------------
    @property
    def translator(self) -> Translator:
        return self._translator

    def __getitem__(self, key: str) -> Any:
        key = self._translator.translate_key(key)
        store = self._store
        if key in store.pending:
            return store.pending[key]
        return store.pushed.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._set(self._translator.translate_key(key), value)

    def _set(self, key: str, value: Any) -> None:
        store = self._store
        if key in store.pushed and key not in store.unsent and same_value(store.pushed[key], value):
            store.pending.pop(key, None)
        else:
            self._set_pending(key, value)

    def __contains__(self, key: str) -> bool:
        return self.has(key)

    def has(self, key: str) -> bool:
        """True if ``key`` has a value (flushed or not)."""
        key = self._translator.translate_key(key)
        return key in self._store.pending or key in self._store.pushed

    def setdefault(self, key: str, value: Any) -> Any:
        """Set ``key`` to ``value`` unless it has a value already; return its value."""
        if self.has(key):
            return self[key]
        self[key] = value
        return value

    def update(self, _dict: dict[str, Any] | None = None, **values: Any) -> None:
        """Set several keys at once (from a dict, keyword arguments or both)."""
        for key, value in {**(_dict or {}), **values}.items():
            self[key] = value

    def to_dict(self) -> dict[str, Any]:
        """Flush, then return a copy of the whole state, keys as on the wire (as trame does)."""
        self.flush()
        store = self._store
        return {**store.pushed, **store.pending}

    @property
    def initial(self) -> dict[str, Any]:
        """Every value, flushed or not, under its wire name (what a new client is sent)."""
        return {**self._store.pushed, **self._store.pending}

    # -- change tracking ----------------------------------------------------------------
    def dirty(self, *keys: str) -> None:
        """Mark keys as changed so the next flush sends them and calls their callbacks."""
        store = self._store
        for key in self._translator.translate_list(keys):
            self._set_pending(key, store.pending.get(key, store.pushed.get(key)))

    def _set_pending(self, key: str, value: Any) -> None:
        store = self._store
        store.pending[key] = value
        if store.suppressed and store.is_suppressed(key):
            store.silenced.add(key)
        else:
            store.silenced.discard(key)

    def is_dirty(self, *keys: str) -> bool:
        """True if any of ``keys`` has a change waiting for a flush."""
        return any(k in self._store.pending for k in self._translator.translate_list(keys))

    def is_dirty_all(self, *keys: str) -> bool:
        """True if every one of ``keys`` has a change waiting for a flush."""
        return all(k in self._store.pending for k in self._translator.translate_list(keys))

    def clean(self, *keys: str) -> None:
        """Accept pending values of ``keys`` without sending them or calling callbacks."""
        store = self._store
        for key in self._translator.translate_list(keys):
            if key in store.pending:
                store.pushed[key] = store.pending.pop(key)

    @property
    def modified_keys(self) -> set[str]:
        """Keys changed in the flush whose callbacks are running now."""
        return {self._translator.reverse_translate_key(k) for k in self._store.modified_keys}

    def client_only(self, *keys: str) -> None:
        """Keys the clients keep to themselves: the client never sends their changes back."""
        current = list(self["trame__client_only"] or [])
        added = [k for k in self._translator.translate_list(keys) if k not in current]
        if added:
            self["trame__client_only"] = current + added
            self.flush()

    def forget_sent(self, *keys: str) -> None:
        """The next value of each of ``keys`` is sent, and its callbacks run, even if unchanged
        (``Server.clear_state_client_cache``)."""
        self._store.unsent.update(self._translator.translate_list(keys))

    def remove_change_callback(self, func: ChangeCallback) -> None:
        """Stop calling ``func`` on changes (of every key it was registered for by ``change``)."""
        callbacks = self._store.callbacks
        for key in list(callbacks):
            callbacks[key] = [(f, t) for f, t in callbacks[key] if f != func]

    @contextmanager
    def suppress_change_listeners(self, *keys: str) -> Iterator[None]:
        """Within the block, changes of ``keys`` (of every key when none is given) call no
        ``@state.change`` callback; they still reach the clients."""
        store = self._store
        store.suppressed.append(frozenset(self._translator.translate_list(keys)))
        try:
            yield
        finally:
            store.suppressed.pop()

    def change(self, *keys: str) -> Callable[[ChangeCallback], ChangeCallback]:
        """Decorator: call the function with ``**state`` when any of ``keys`` changes.

        The function may be a ``weakref.WeakMethod``: it is called while its object lives.
        """

        def register(func: ChangeCallback) -> ChangeCallback:
            for key in self._translator.translate_list(keys):
                self._store.callbacks.setdefault(key, []).append((func, self._translator))
            return func

        return register

    # -- flushing -----------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        return self._store.ready

    def ready(self) -> None:
        """Allow flushing (the server calls this once it listens) and flush what is pending."""
        if not self._store.ready:
            self._store.ready = True
            self.flush()

    def apply_client_changes(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Take values a client sent (already on that client); return those that changed."""
        store = self._store
        changed: dict[str, Any] = {}
        for key, value in changes.items():
            current = store.pending.get(key, store.pushed.get(key))
            if key in store.pending or key not in store.pushed or not same_value(current, value):
                changed[key] = value
                store.pushed[key] = value
                store.pending.pop(key, None)
                store.remote.add(key)
        return changed

    def flush(self) -> set[str]:
        """Send pending changes, then run the callbacks of the changed keys; repeat for what the
        callbacks changed until nothing is pending. Each round is one message, sent before its
        callbacks run (as trame does), so a client sees a change before its consequences."""
        store = self._store
        if not store.ready or store.flushing:
            return set()
        store.flushing = True
        flushed: set[str] = set()
        try:
            while store.pending or store.remote:
                changed = dict(store.pending)
                store.pending.clear()
                notify = (set(changed) - store.silenced) | store.remote
                store.silenced.difference_update(changed)
                store.unsent.difference_update(changed)
                store.remote.clear()
                store.pushed.update(changed)
                if changed and store.commit is not None:
                    store.commit(changed)
                store.modified_keys = set(changed) | notify
                flushed |= store.modified_keys
                self._run_callbacks(notify)
        finally:
            store.flushing = False
            store.modified_keys = set()
        return flushed

    def _run_callbacks(self, keys: Iterable[str]) -> None:
        store = self._store
        seen: set[int] = set()
        for key in sorted(keys):
            for registered, translator in store.callbacks.get(key, ()):
                if id(registered) in seen:
                    continue
                seen.add(id(registered))
                func = _resolve(registered)
                if func is None:  # a WeakMethod whose object is gone
                    continue
                if self._hot_reload and not inspect.iscoroutinefunction(func):
                    from .utils.hot_reload import reload  # only a hot-reloading server loads it

                    func = reload(func)
                try:
                    result = func(**translator.reverse_translate_dict(store.pushed))
                    if inspect.isawaitable(result):
                        from .asynchronous import create_task

                        create_task(result)
                except Exception:
                    logger.exception("@state.change callback %s raised", getattr(func, "__qualname__", func))

    def __enter__(self) -> State:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.flush()
