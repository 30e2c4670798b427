"""The two small inline pages the window shows itself: "loading" before the server is up, and the crash page."""

from __future__ import annotations

from html import escape

__all__ = ["error_page", "loading_page"]

_STYLE = """
html,body{margin:0;height:100%;font-family:system-ui,sans-serif;background:#fafafa;color:#333}
main{display:flex;flex-direction:column;align-items:center;justify-content:center;height:100%;padding:0 2em}
.spinner{width:28px;height:28px;border:3px solid #ccc;border-top-color:#1976d2;border-radius:50%;
animation:spin .8s linear infinite}@keyframes spin{to{transform:rotate(360deg)}}
pre{max-width:90%;overflow:auto;background:#eee;padding:.8em;border-radius:4px;white-space:pre-wrap}
code{background:#eee;padding:.1em .3em;border-radius:3px}
"""


def loading_page(title: str) -> str:
    """A self-contained page shown while the server finishes starting."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main><div class='spinner'></div></main></body></html>"
    )


def error_page(title: str, message: str, log_file: str | None) -> str:
    """A self-contained page saying the app stopped with an error, and where its log is."""
    log_line = (
        f"<p>The full log is in <code id='log-path'>{escape(log_file)}</code></p>" if log_file else ""
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main id='trame-desktop-error'>"
        f"<h2>{escape(title)} stopped with an error</h2><pre>{escape(message)}</pre>{log_line}"
        "<p>Close this window to quit.</p></main></body></html>"
    )
