"""Notifications: sent from the server's loop through desktop-notifier to a real notification
service (dunst) on a session bus the test starts; the service shows it and a click on it comes back."""

import json
import os
import shutil
import subprocess
import threading

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = [pytest.mark.desktop,
              pytest.mark.skipif(not all(shutil.which(tool) for tool in ("dbus-daemon", "dbus-monitor", "dunst")),
                                 reason="needs dbus-daemon, dbus-monitor and dunst")]

APP = str(DESKTOP_APPS / "notify_app.py")
TITLE = "NotifyApp"


@pytest.fixture
def session_bus(xdisplay, tmp_path):
    """A private session bus with dunst serving org.freedesktop.Notifications on it, and a monitor
    of what is sent to that service; yields (bus environment, monitor lines)."""
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
                           stdout=subprocess.PIPE, text=True)
    address = bus.stdout.readline().strip()
    env = {**os.environ, "DISPLAY": xdisplay, "DBUS_SESSION_BUS_ADDRESS": address, "HOME": str(tmp_path)}
    config = tmp_path / "dunstrc"
    config.write_text("[global]\n    mouse_left_click = do_action, close_current\n")
    dunst = subprocess.Popen(["dunst", "-config", str(config)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: subprocess.run(["dunstctl", "is-paused"], env=env, capture_output=True).returncode == 0,
             "dunst on the bus")
    monitor = subprocess.Popen(["dbus-monitor", "--session", "interface='org.freedesktop.Notifications'"],
                               env=env, stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.strip() for line in monitor.stdout), daemon=True).start()
    try:
        yield env, lines
    finally:
        for process in (monitor, dunst, bus):
            process.terminate()
            process.wait(10)


def test_a_notification_reaches_the_service_and_its_click_comes_back(launch, x, session_bus):
    bus_env, monitor = session_bus
    app = launch(APP, env={"DBUS_SESSION_BUS_ADDRESS": bus_env["DBUS_SESSION_BUS_ADDRESS"]}).wait_shown()
    ident = app.command("call", "notify")
    assert ident

    wait_for(lambda: any("member=Notify" in line for line in monitor), "the Notify call on the bus")
    wait_for(lambda: 'string "Build finished"' in monitor and 'string "3 files written"' in monitor,
             "its title and body on the bus")
    assert 'string "notify_app"' in monitor  # the app's name
    wait_for(lambda: subprocess.run(["dunstctl", "count", "displayed"], env=bus_env, capture_output=True,
                                    text=True).stdout.strip() == "1", "dunst showing it")

    bubble = wait_for(lambda: x.run("xdotool", "search", "--class", "Dunst", check=False).split(), "dunst's window")
    x.run("xdotool", "mousemove", "--window", bubble[-1], "20", "10", "click", "1")  # as a user clicks it
    app.wait_line("APP notification clicked on-loop")
    assert app.command("state", "clicks") == 1
    history = json.loads(subprocess.run(["dunstctl", "history"], env=bus_env, capture_output=True, text=True).stdout)
    assert [n["summary"]["data"] for n in history["data"][0]] == ["Build finished"]  # closed by the click
    assert app.close_window(x, TITLE) == 0, app.output()
