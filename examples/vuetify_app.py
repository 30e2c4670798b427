"""An inventory written with trame's Vuetify 3 widgets, running on trame-desktop's server.

A form adds items (name, quantity on a slider), a table lists them, a dialog confirms before
the list is cleared. The only trame-desktop line is the import of ``get_server``; with
``from trame.app import get_server`` it is a plain trame app. Run it with
``python -m trame_desktop examples/vuetify_app.py`` (a window) or
``python examples/vuetify_app.py`` (a browser). Needs ``pip install trame trame-vuetify``.
"""

from trame.ui.vuetify3 import SinglePageLayout
from trame.widgets import vuetify3 as v3

from trame_desktop.app import get_server

server = get_server()
state, ctrl = server.state, server.controller
state.update(items=[], name="", quantity=1, confirm_clear=False, trame__title="Inventory")

HEADERS = [{"title": "Item", "key": "name"}, {"title": "Quantity", "key": "quantity"}]


def add_item() -> None:
    name = (state.name or "").strip()
    if not name:
        return
    state.items = [*state.items, {"name": name, "quantity": int(state.quantity)}]
    state.name = ""


def clear_items() -> None:
    state.items = []
    state.confirm_clear = False


@state.change("items")
def count_items(items, **_) -> None:
    state.total = sum(item["quantity"] for item in items)


with SinglePageLayout(server) as layout:
    layout.title.set_text("Inventory")
    with layout.toolbar:
        v3.VSpacer()
        v3.VChip("{{ total }} in stock", id="total")
    with layout.content, v3.VContainer():
        with v3.VForm(id="add-form"):
            v3.VTextField(v_model=("name", ""), label="Item", id="item-name")
            v3.VSlider(v_model=("quantity", 1), min=1, max=20, step=1, thumb_label=True, label="Quantity")
            v3.VBtn("Add", click=add_item, color="primary", disabled=("!name",), id="add")
        v3.VDataTable(items=("items",), headers=("headers", HEADERS), id="items")
        v3.VBtn("Clear all", click="confirm_clear = true", disabled=("items.length === 0",), id="clear")
        with (v3.VDialog(v_model=("confirm_clear", False), max_width=360),
              v3.VCard(title="Clear the inventory?"), v3.VCardActions()):
            v3.VBtn("Cancel", click="confirm_clear = false")
            v3.VBtn("Clear", color="error", click=clear_items, id="confirm")

if __name__ == "__main__":
    server.start()
