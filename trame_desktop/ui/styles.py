"""The layouts' stylesheet as an ``enable_module`` module (served, then listed in trame__styles)."""

from pathlib import Path

serve = {"__trame_desktop_ui": str(Path(__file__).with_name("static"))}
styles = ["__trame_desktop_ui/layouts.css"]
