"""trame_server.utils.namespace's twin: our name translator, and the tokenizers it is defined by."""

from __future__ import annotations

from ..translator import _JS_DELIMITERS, RESERVED_CONTROLLER_NAMES, RESERVED_PREFIX, Translator, is_name_reserved

__all__ = [
    "JS_DELIMITOR",
    "RESERVED_CONTROLLER_NAMES",
    "RESERVED_PREFIX",
    "Translator",
    "is_name_reserved",
    "js_tokenizer",
    "vue_template_tokenizer",
]

#: Characters that end a name in a JavaScript expression (trame's spelling of the name);
#: the translator's own list, so the two never disagree.
JS_DELIMITOR = frozenset(_JS_DELIMITERS)


def js_tokenizer(a: str, b: str) -> bool:
    """True when an expression splits between characters ``a`` and ``b`` (either is a delimiter)."""
    return a in JS_DELIMITOR or b in JS_DELIMITOR


def vue_template_tokenizer(a: str, b: str) -> bool:
    """True between two equal braces: where a ``{{``/``}}`` interpolation starts or ends."""
    return a == b and a in "{}"
