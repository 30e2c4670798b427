"""Layouts (where a page's widgets go) and the VirtualNode behind ``server.ui.<name>``."""

from .div_layout import DivLayout
from .layout import Layout
from .single_page import SinglePageLayout
from .virtual_node import VirtualNode

__all__ = ["DivLayout", "Layout", "SinglePageLayout", "VirtualNode"]
