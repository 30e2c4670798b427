"""Turns widget keyword arguments into Vue template attributes, directives and events."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")

#: DOM events a keyword argument may name; ``keydown_enter`` is ``@keydown.enter``.
EVENT_NAMES: frozenset[str] = frozenset({
    "click", "dblclick", "auxclick", "contextmenu", "mousedown", "mouseup", "mousemove",
    "mouseenter", "mouseleave", "mouseover", "mouseout", "wheel", "keydown", "keyup",
    "keypress", "input", "change", "submit", "reset", "focus", "blur", "focusin", "focusout",
    "scroll", "load", "error", "abort", "select", "invalid", "toggle", "drag", "dragstart",
    "dragend", "dragenter", "dragleave", "dragover", "drop", "pointerdown", "pointerup",
    "pointermove", "pointerenter", "pointerleave", "pointerover", "pointerout", "pointercancel",
    "touchstart", "touchend", "touchmove", "touchcancel", "play", "pause", "ended",
    "timeupdate", "volumechange", "loadeddata", "loadedmetadata", "copy", "cut", "paste",
    "animationstart", "animationend", "animationiteration", "transitionstart", "transitionend",
    "transitioncancel", "beforeinput", "compositionend",
})

#: Directives whose string value is a JavaScript expression, not text. Any other ``v_<name>``
#: is a directive too (``v-<name>``); ``register_directive`` names those spelled otherwise.
DIRECTIVES: dict[str, str] = {
    name: name.replace("_", "-")
    for name in (
        "v_if", "v_else_if", "v_else", "v_for", "v_show", "v_model", "v_bind", "v_on",
        "v_html", "v_text", "v_slot", "v_once", "v_pre", "v_memo", "v_cloak",
    )
}

#: ``v_model_<modifier>`` alone is ``v-model.<modifier>``; any other word is an argument.
V_MODEL_MODIFIERS: frozenset[str] = frozenset({"lazy", "number", "trim"})
V_BIND_MODIFIERS: frozenset[str] = frozenset({"camel", "prop", "attr"})

#: Attributes whose value is always an expression (as in trame: ``key="item.id"`` is ``:key``).
BOUND_ATTRIBUTES: dict[str, str] = {"key": ":key"}

#: HTML boolean attributes: on an HTML element ``name=False`` is left out, which renders the
#: same DOM as the ``:name="false"`` other attributes get (Vue removes a false boolean).
BOOLEAN_ATTRIBUTES: frozenset[str] = frozenset({
    "allowfullscreen", "async", "autofocus", "autoplay", "checked", "controls", "default",
    "defer", "disabled", "formnovalidate", "hidden", "inert", "ismap", "itemscope", "loop",
    "multiple", "muted", "nomodule", "novalidate", "open", "playsinline", "readonly",
    "required", "reversed", "selected",
})

#: Attribute names an element answers to as ``element.name`` (None while unset) and takes
#: back by assignment, besides the directives, the events and whatever it was given: the
#: global HTML attributes, Vue's ``ref``/``key`` and the common element-specific ones.
KNOWN_ATTRIBUTES: frozenset[str] = frozenset({
    "accesskey", "autocapitalize", "autofocus", "classes", "class", "contenteditable", "dir",
    "draggable", "enterkeyhint", "hidden", "id", "inert", "inputmode", "is", "itemid",
    "itemprop", "itemref", "itemscope", "itemtype", "lang", "nonce", "part", "popover", "role",
    "slot", "spellcheck", "style", "tabindex", "title", "translate", "ref", "key", "accept",
    "accept_charset", "action", "align", "allow", "alt", "autocomplete", "autoplay", "charset",
    "checked", "cite", "cols", "colspan", "content", "controls", "coords", "crossorigin",
    "data", "datetime", "decoding", "default", "defer", "dirname", "disabled", "download",
    "enctype", "for_", "form", "formaction", "formenctype", "formmethod", "formnovalidate",
    "formtarget", "headers", "height", "high", "href", "hreflang", "http_equiv", "integrity",
    "ismap", "kind", "label", "list", "loading", "loop", "low", "max", "maxlength", "media",
    "method", "min", "minlength", "multiple", "muted", "name", "novalidate", "open", "optimum",
    "pattern", "ping", "placeholder", "playsinline", "poster", "preload", "readonly",
    "referrerpolicy", "rel", "required", "reversed", "rows", "rowspan", "sandbox", "scope",
    "selected", "shape", "size", "sizes", "span", "src", "srcdoc", "srclang", "srcset", "start",
    "step", "target", "type", "usemap", "value", "width", "wrap", "webkitdirectory",
})

TriggerName = Callable[[Callable[..., Any]], str]
#: rewrites the state keys in a JavaScript expression (a child server's prefix)
Translate = Callable[[str], str]
NameSpec = str | tuple[str, str] | list[str]


def register_directive(py_name: str, js_name: str | None = None) -> None:
    """Declares a custom directive: ``register_directive("v_tooltip")`` -> ``v-tooltip``."""
    DIRECTIVES[py_name] = js_name or py_name.replace("_", "-")


def name_map(specs: Iterable[NameSpec]) -> dict[str, str]:
    """trame's declarations, ``["title", ("py_name", "jsName")]``, as ``{python: template}``;
    a bare name is spelled as trame spells it (underscores become dashes)."""
    mapping: dict[str, str] = {}
    for spec in specs:
        if isinstance(spec, str):
            mapping[spec] = spec.replace("_", "-")
        else:
            python_name, template_name = spec[0], spec[1]
            mapping[python_name] = template_name
    return mapping


@dataclass
class Names:
    """How one element spells its keyword arguments in the template."""

    #: declared properties (``__properties``, ``props``): python name -> template name
    props: Mapping[str, str] = field(default_factory=dict)
    #: declared events (``__events``, ``events``): python name -> event name
    events: Mapping[str, str] = field(default_factory=dict)
    #: extra undeclared event names the element accepts (``@my-event``)
    extra_events: frozenset[str] = frozenset()
    #: a standard HTML element (not a component): false boolean attributes can be left out
    html_tag: bool = True


def attribute_name(name: str) -> str:
    """``aria_label`` -> ``aria-label``, ``classes`` -> ``class``, ``for_`` -> ``for``."""
    if name == "classes":
        return "class"
    return name.rstrip("_").replace("_", "-") if name.rstrip("_") else name


def is_directive(name: str) -> bool:
    """``v_if``, ``v_model_number`` (a directive with modifiers), ``v_tooltip``..."""
    return name in DIRECTIVES or (name.startswith("v_") and len(name) > 2)


def directive_name(name: str) -> str:
    """``v_if`` -> ``v-if``; ``v_model_number`` -> ``v-model.number``; ``v_model_title`` ->
    ``v-model:title`` (a component's named model); ``v_bind_title_prop`` -> ``:title.prop``;
    ``v_slot_item`` -> ``v-slot:item``."""
    if name in DIRECTIVES:
        return DIRECTIVES[name]
    if name.startswith("v_model_"):
        parts = name[len("v_model_"):].split("_")
        if all(part in V_MODEL_MODIFIERS for part in parts):
            return "v-model." + ".".join(parts)
        return "v-model:" + ".".join(parts)
    if name.startswith("v_bind_"):
        parts = name[len("v_bind_"):].split("_")
        bind_modifiers: list[str] = []
        while len(parts) > 1 and parts[-1] in V_BIND_MODIFIERS:
            bind_modifiers.insert(0, parts.pop())
        return ":" + ".".join(["-".join(parts), *bind_modifiers])
    if name.startswith("v_slot_"):
        return "v-slot:" + name[len("v_slot_"):]
    return name.replace("_", "-")


def event_name(name: str) -> str:
    """``click`` -> ``click``, ``keydown_enter`` -> ``keydown.enter``,
    ``update_modelValue`` -> ``update:modelValue``, ``v_on_click_stop`` -> ``click.stop``."""
    if name.startswith("v_on_"):
        name = name[len("v_on_"):]
    if name.startswith("update_"):
        head, *modifiers = name[len("update_"):].split("_")
        return ".".join(["update:" + head, *modifiers])
    head, *modifiers = name.split("_")
    return ".".join([head, *modifiers])


#: Vue's event modifiers: ``click_stop`` is ``@click.stop``, while ``error_messages`` (a word that
#: is no modifier) stays the attribute ``error-messages``.
EVENT_MODIFIERS: frozenset[str] = frozenset({
    "stop", "prevent", "capture", "self", "once", "passive", "left", "right", "middle", "exact",
    "ctrl", "alt", "shift", "meta",
})
KEY_EVENTS: frozenset[str] = frozenset({"keydown", "keyup", "keypress"})


def is_event(name: str, extra_events: frozenset[str] = frozenset()) -> bool:
    if name.startswith(("v_on_", "update_")):
        return True
    head, *modifiers = name.split("_")
    if head not in EVENT_NAMES | extra_events:
        return False
    # key events take any key name as a modifier (``keydown_enter``, ``keyup_a``)
    return head in KEY_EVENTS or all(word in EVENT_MODIFIERS for word in modifiers)


def js_literal(value: Any) -> str:
    """A Python value as a JavaScript literal."""
    return json.dumps(value, separators=(",", ":"))


def quote(value: str) -> str:
    """A double-quoted attribute value (Vue decodes the entities back)."""
    return '"' + value.replace("&", "&amp;").replace('"', "&quot;") + '"'


def js_string(value: str) -> str:
    """A single-quoted JavaScript string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


#: A JavaScript string literal (skipped whole) or a name.
_JS_TOKEN = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`|(?<![\w$])[A-Za-z_$][\w$]*""")
_MUSTACHE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def translate_expression(expression: str, key_for: Callable[[str], str | None]) -> str:
    """``expression`` with each name that ``key_for`` knows replaced by its wire name.

    As trame does for a child server (``create_child_server(prefix=...)``): only names the
    state holds change, never a string's text nor a member (``a.count``; a spread
    ``...items`` is a name).
    """

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[0] in "'\"`":
            return token
        start = match.start()
        if start and expression[start - 1] == "." and expression[max(0, start - 3):start] != "...":
            return token
        return key_for(token) or token

    return _JS_TOKEN.sub(replace, expression)


def translate_text(text: str, translate: Translate) -> str:
    """A text child with the expressions in its ``{{ }}`` translated."""
    return _MUSTACHE.sub(lambda match: "{{" + translate(match.group(1)) + "}}", text)


def style_text(value: Mapping[str, Any]) -> str:
    """``{"color": "red", "margin": "2px"}`` -> ``color: red; margin: 2px;`` (as trame writes it)."""
    return " ".join(f"{key}: {item};" for key, item in value.items())


def _same(expression: str) -> str:
    return expression


def handler(value: Any, trigger_name: TriggerName | None, translate: Translate = _same) -> str:
    """An event value as a JavaScript statement.

    A string is kept as is; a callable becomes ``trigger('<name>')``;
    ``(fn, args)`` / ``(fn, args, kwargs)`` pass arguments (strings are JS
    expressions such as ``"[$event]"``, other values become literals). ``fn``
    may also be a trigger's name (``("save", "[$event]")``), as in trame.
    """
    if isinstance(value, str):
        return translate(value)
    fn, extra = (value[0], tuple(value[1:])) if isinstance(value, (tuple, list)) else (value, ())
    if isinstance(fn, str):
        name = fn
    elif callable(fn):
        if trigger_name is None:
            raise RuntimeError(
                f"cannot bind {fn!r}: the widget has no server (create it inside a layout, "
                "or pass trame_server=server)"
            )
        name = trigger_name(fn)
    else:
        raise TypeError(f"an event handler must be a string or a callable, not {fn!r}")
    parts = [js_string(name)]
    parts += [translate(item) if isinstance(item, str) else js_literal(item) for item in extra]
    return f"trigger({', '.join(parts)})"


def bound_key(value: tuple[Any, ...] | list[Any]) -> tuple[str, bool, Any]:
    """``("expr",)`` or ``("key", default)`` -> (expression, has_default, default)."""
    if not value or not isinstance(value[0], str):
        raise TypeError(f"a bound attribute is ('expression',) or ('key', default), not {value!r}")
    return value[0], len(value) > 1, value[1] if len(value) > 1 else None


def state_default(name: str, value: Any, names: Names) -> tuple[str, Any] | None:
    """The ``(key, default)`` that ``name=value`` asks the state for, if any.

    ``("key", default)`` on an attribute, or a tuple or list on a directive; ``("expr",)``
    asks for none, nor does a key that is no plain name (``("a.b", 1)``, ``("x + 1", 0)``).
    """
    if _is_event(name, names, value):
        return None
    directive = name not in names.props and is_directive(name)
    if not isinstance(value, tuple) and not (directive and isinstance(value, list)):
        return None
    if len(value) < 2 or not isinstance(value[0], str) or not IDENTIFIER.match(value[0]):
        return None
    return value[0], value[1]


def is_handler(value: Any) -> bool:
    """A Python function (or ``(fn, args...)``): only ever an event handler."""
    return callable(value) or (isinstance(value, (tuple, list)) and bool(value) and callable(value[0]))


def _is_event(name: str, names: Names, value: Any = None) -> bool:
    if name in names.props:
        return False  # a declared property wins over a look-alike event name (``select``)
    if name in names.events:
        return True
    if is_event(name, names.extra_events):
        # a number, True or a dict is no handler: ``update_interval=5`` is a component's prop
        return value is False or not isinstance(value, (int, float, dict))
    # A function given for an undeclared name (a component's ``my_event=fn``, or a widget
    # that declares its events after its constructor ran) is an event too.
    return not is_directive(name) and is_handler(value)


def render_attribute(
    name: str,
    value: Any,
    *,
    names: Names,
    trigger_name: TriggerName | None,
    translate: Translate = _same,
) -> str | None:
    """One ``name=value`` keyword argument as template text (None: left out); ``translate``
    rewrites the expressions (not static text) for a child server."""
    if value is None:
        return None

    if _is_event(name, names, value):
        if value is False:
            return None
        if name in names.events:
            event = names.events[name]
        elif is_event(name, names.extra_events):
            event = event_name(name)
        else:
            event = name.replace("_", "-")
        return f"@{event}={quote(handler(value, trigger_name, translate))}"

    if name in names.props:
        attr = names.props[name]
    elif is_directive(name):
        attr = directive_name(name)
    else:
        attr = BOUND_ATTRIBUTES.get(name) or attribute_name(name)

    if attr.startswith("v-"):
        if value is True:
            return attr
        if value is False:
            return None
        if isinstance(value, (tuple, list)):
            value = bound_key(value)[0]
        return f"{attr}={quote(translate(str(value)))}"

    if attr.startswith((":", "@")):
        # Spelled as a binding already (``key`` -> ``:key``, ``v_bind_x`` -> ``:x``): any value
        # is an expression; non-strings are literals.
        if isinstance(value, tuple):
            value = bound_key(value)[0]
        text = translate(value) if isinstance(value, str) else js_literal(value)
        return f"{attr}={quote(text)}"

    if value is True:
        return attr
    if value is False:
        if names.html_tag and attr in BOOLEAN_ATTRIBUTES:
            return None
        # Enumerated attributes (draggable, spellcheck, aria-*) and component props need the
        # false itself, as trame writes it.
        return f":{attr}={quote('false')}"
    if isinstance(value, tuple):
        return f":{attr}={quote(translate(bound_key(value)[0]))}"
    if name == "style" and isinstance(value, Mapping):
        return f"{attr}={quote(style_text(value))}"
    if isinstance(value, str):
        return f"{attr}={quote(value)}"
    # numbers, lists and dicts keep their type: bind them as literals
    return f":{attr}={quote(js_literal(value))}"
