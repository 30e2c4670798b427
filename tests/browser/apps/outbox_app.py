"""An app whose page calls the server before its session opens, for the browser tests of the outbox.

Every call the server gets prints one ``CALL ...`` line, so a test can count and order them:
``ready`` (a trigger the ``render`` layout calls while it renders), ``mounted`` (``@vue:mounted``),
``report`` (a button; it prints the state it sees and answers with a text the page shows),
``count`` and ``text`` (the ``@state.change`` of the page's edits).
"""

from trame_desktop.app import get_server

server = get_server("outbox_app")
state, ctrl = server.state, server.controller
state.trame__title = "Outbox"
state.count = 0
state.text = ""
state.answer = ""
state.refused = ""


def say(*parts: object) -> None:
    print("CALL", *parts, flush=True)


@ctrl.trigger("ready")
def ready() -> str:
    say("ready")
    return "ready"


@ctrl.trigger("mounted")
def mounted() -> None:
    say("mounted")


@ctrl.trigger("report")
def report(count: int) -> str:
    say(f"report count={count} state.count={state.count} text={state.text!r}")
    return f"answered {count}"


@state.change("count")
def on_count(count: int, **_: object) -> None:
    say(f"count={count}")


@state.change("text")
def on_text(text: str, **_: object) -> None:
    say(f"text={text!r}")


CONTROLS = """
  <button id="inc" @click="count += 1">+1</button>
  <div id="count">Count: {{ count }}</div>
  <input id="text" v-model="text" />
  <button id="report" @click="trigger('report', [count]).then((r) => { answer = r })">report</button>
  <div id="answer">{{ answer }}</div>
  <button id="once" @click="trigger('report', [count], {}, { replay: false }).catch((e) => { refused = 'refused' })">once</button>
  <div id="refused">{{ refused }}</div>
"""

# Layouts written as templates: `@vue:mounted` and a render-time call are the page's own Vue.
state.trame__template_main = f'<div><div id="hooked" @vue:mounted="trigger(\'mounted\')"></div>{CONTROLS}</div>'
state.trame__template_render = (
    "<div><div id=\"rendered\">{{ trigger('ready') && '' }}Count: {{ count }}</div>"
    "<div id=\"hooked\" @vue:mounted=\"trigger('mounted')\"></div></div>"
)

if __name__ == "__main__":
    server.start()
