"""Widgets: Python objects that write the Vue templates the web client renders.

``from trame_desktop.widgets import html`` gives one class per HTML element.
"""

from .core import Element

__all__ = ["Element"]
