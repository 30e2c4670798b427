"""A page's DOM as plain data, to compare what two clients rendered from the same app."""

from __future__ import annotations

from typing import Any

#: Elements under ``selector`` as nested ``[tag, {attribute: value}, text, children]`` lists:
#: comments (Vue's ``<!--v-if-->`` placeholders) are left out, texts are stripped, and the
#: ``style`` attribute is compared as the browser parsed it (``display: none`` either way);
#: form controls add their ``.value`` and ``.disabled`` properties.
SNAPSHOT_JS = """
(selector) => {
  const walk = (node) => {
    const attributes = {};
    for (const attr of node.attributes) attributes[attr.name] = attr.value;
    if (node.hasAttribute("style")) attributes.style = node.style.cssText;
    // what v-model and bound booleans set are DOM properties, not attributes
    if (["INPUT", "TEXTAREA", "SELECT"].includes(node.tagName)) attributes[".value"] = node.value;
    if (["INPUT", "BUTTON"].includes(node.tagName)) attributes[".disabled"] = node.disabled;
    const text = [...node.childNodes]
      .filter((child) => child.nodeType === Node.TEXT_NODE)
      .map((child) => child.textContent.trim())
      .filter(Boolean)
      .join(" ");
    return [node.tagName.toLowerCase(), attributes, text, [...node.children].map(walk)];
  };
  const root = document.querySelector(selector);
  return root ? walk(root) : null;
}
"""


def snapshot(page: Any, selector: str) -> Any:
    """The element ``selector`` and everything under it, as ``SNAPSHOT_JS`` describes."""
    return page.evaluate(SNAPSHOT_JS, selector)


def element_props(page: Any, selector: str, *names: str) -> dict[str, Any]:
    """DOM properties of the first element matching ``selector`` (``value``, ``disabled``...)."""
    return page.evaluate(
        "([selector, names]) => { const e = document.querySelector(selector);"
        " return Object.fromEntries(names.map((n) => [n, e[n]])); }",
        [selector, list(names)],
    )
