"""Turns widget keyword arguments into Vue template attributes, directives and events."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")

#: DOM events a keyword argument may name; ``keydown_enter`` is ``@keydown.enter``.
EVENT_NAMES: frozenset[str] = frozenset({
    "click", "dblclick", "auxclick", "contextmenu", "mousedown", "mouseup", "mousemove", "mouseenter",
    "mouseleave", "mouseover", "mouseout", "wheel", "keydown", "keyup", "keypress", "input", "change", "submit",
    "reset", "focus", "blur", "focusin", "focusout", "scroll", "load", "error", "abort", "select", "invalid",
    "toggle", "drag", "dragstart", "dragend", "dragenter", "dragleave", "dragover", "drop", "pointerdown",
    "pointerup", "pointermove", "pointerenter", "pointerleave", "pointerover", "pointerout", "pointercancel",
    "touchstart", "touchend", "touchmove", "touchcancel", "play", "pause", "ended", "timeupdate",
    "volumechange", "loadeddata", "loadedmetadata", "copy", "cut", "paste", "animationstart", "animationend",
    "transitionend", "beforeinput", "compositionend",
})

#: Directives whose string value is a JavaScript expression, not text.
DIRECTIVES: frozenset[str] = frozenset(
    {"v_if", "v_else_if", "v_else", "v_for", "v_show", "v_model", "v_bind", "v_on",
     "v_html", "v_text", "v_slot", "v_once", "v_pre", "v_memo", "v_cloak"}
)

TriggerName = Callable[[Callable[..., Any]], str]


def attribute_name(name: str) -> str:
    """``aria_label`` -> ``aria-label``, ``classes`` -> ``class``, ``for_`` -> ``for``."""
    if name == "classes":
        return "class"
    return name.rstrip("_").replace("_", "-") if name.rstrip("_") else name


def is_directive(name: str) -> bool:
    """``v_model_number`` (a directive with modifiers) counts as ``v_model``."""
    return name in DIRECTIVES or name.startswith(("v_model_", "v_bind_", "v_on_", "v_slot_"))


def directive_name(name: str) -> str:
    """``v_if`` -> ``v-if``, ``v_model_number`` -> ``v-model.number``,
    ``v_slot_item`` -> ``v-slot:item``, ``v_bind_title`` -> ``v-bind:title``."""
    for prefix, separator in (("v_model_", "."), ("v_bind_", ":"), ("v_on_", ":"), ("v_slot_", ":")):
        if name.startswith(prefix):
            rest = name[len(prefix):]
            if separator == ".":
                rest = rest.replace("_", ".")
            return prefix[:-1].replace("_", "-") + separator + rest
    return name.replace("_", "-")


def event_name(name: str) -> str:
    """``click`` -> ``click``, ``keydown_enter`` -> ``keydown.enter``,
    ``update_modelValue`` -> ``update:modelValue``."""
    if name.startswith("update_"):
        return "update:" + name[len("update_"):]
    head, *modifiers = name.split("_")
    return ".".join([head, *modifiers])


def is_event(name: str, extra_events: frozenset[str] = frozenset()) -> bool:
    return name.startswith("update_") or name.split("_")[0] in EVENT_NAMES | extra_events


def js_literal(value: Any) -> str:
    """A Python value as a JavaScript literal."""
    return json.dumps(value, separators=(",", ":"))


def quote(value: str) -> str:
    """A double-quoted attribute value (Vue decodes the entities back)."""
    return '"' + value.replace("&", "&amp;").replace('"', "&quot;") + '"'


def js_string(value: str) -> str:
    """A single-quoted JavaScript string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def handler(value: Any, trigger_name: TriggerName | None) -> str:
    """An event value as a JavaScript statement.

    A string is kept as is; a callable becomes ``trigger('<name>')``;
    ``(fn, args)`` / ``(fn, args, kwargs)`` pass arguments (strings are JS
    expressions such as ``"[$event]"``, other values become literals).
    """
    if isinstance(value, str):
        return value
    fn, extra = (value[0], tuple(value[1:])) if isinstance(value, (tuple, list)) else (value, ())
    if not callable(fn):
        raise TypeError(f"an event handler must be a string or a callable, not {fn!r}")
    if trigger_name is None:
        raise RuntimeError(
            f"cannot bind {fn!r}: the widget has no server (create it inside a layout, "
            "or pass trame_server=server)"
        )
    parts = [js_string(trigger_name(fn))]
    parts += [item if isinstance(item, str) else js_literal(item) for item in extra]
    return f"trigger({', '.join(parts)})"


def bound_key(value: tuple[Any, ...] | list[Any]) -> tuple[str, bool, Any]:
    """``("expr",)`` or ``("key", default)`` -> (expression, has_default, default)."""
    if not value or not isinstance(value[0], str):
        raise TypeError(f"a bound attribute is ('expression',) or ('key', default), not {value!r}")
    return value[0], len(value) > 1, value[1] if len(value) > 1 else None


def render_attribute(
    name: str,
    value: Any,
    *,
    set_default: Callable[[str, Any], None] | None,
    trigger_name: TriggerName | None,
    extra_events: frozenset[str] = frozenset(),
) -> str | None:
    """One ``name=value`` keyword argument as template text (None: left out)."""
    if value is None or value is False:
        return None

    def default(key: str, has_default: bool, default_value: Any) -> None:
        if has_default and IDENTIFIER.match(key):
            if set_default is None:
                raise RuntimeError(f"cannot set the default of {key!r}: the widget has no server")
            set_default(key, default_value)

    if is_directive(name):
        directive = directive_name(name)
        if value is True:
            return directive
        if isinstance(value, (tuple, list)):
            expression, has_default, default_value = bound_key(value)
            default(expression, has_default, default_value)
            value = expression
        return f"{directive}={quote(str(value))}"

    if is_event(name, extra_events):
        return f"@{event_name(name)}={quote(handler(value, trigger_name))}"

    attr = attribute_name(name)
    if value is True:
        return attr
    if isinstance(value, tuple):
        expression, has_default, default_value = bound_key(value)
        default(expression, has_default, default_value)
        return f":{attr}={quote(expression)}"
    if isinstance(value, str):
        return f"{attr}={quote(value)}"
    # numbers, lists and dicts keep their type: bind them as literals
    return f":{attr}={quote(js_literal(value))}"
