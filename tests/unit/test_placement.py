"""trame_desktop.shell.placement: which windows are kept where they are, and where the others go."""

from __future__ import annotations

import pytest

from trame_desktop.shell.placement import Rect, kept_on_screen

SCREEN = Rect(0, 0, 1280, 1024)
LEFT, RIGHT = Rect(-1920, 0, 1920, 1080), Rect(0, 0, 2560, 1440)  # a second screen left of the primary one


@pytest.mark.parametrize("window", [Rect(100, 100, 640, 480), Rect(0, 0, 1280, 1024), Rect(-300, 100, 640, 480),
                                    Rect(700, 600, 640, 480)])  # 80% on it
def test_a_window_mostly_on_the_screen_stays(window):
    assert kept_on_screen(window, [SCREEN]) is None


@pytest.mark.parametrize("window", [Rect(5000, 100, 640, 480), Rect(100, 3000, 640, 480),
                                    Rect(-4000, -4000, 640, 480), Rect(1202, 1002, 640, 480),  # 78x22 px showing
                                    Rect(100, -200, 640, 480)])  # title bar above the screen
def test_a_window_off_the_screen_is_centred(window):
    assert kept_on_screen(window, [SCREEN]) == Rect(320, 272, 640, 480)


def test_a_window_on_a_second_screen_stays_and_one_off_both_goes_to_the_first():
    assert kept_on_screen(Rect(-1500, 200, 800, 600), [RIGHT, LEFT]) is None
    assert kept_on_screen(Rect(-9000, 200, 800, 600), [RIGHT, LEFT]) == Rect(880, 420, 800, 600)


def test_a_window_larger_than_its_screen_is_shrunk_onto_it():
    # to 90% of the screen (its frame needs room too), centred
    assert kept_on_screen(Rect(0, 0, 4000, 3000), [SCREEN]) == Rect(64, 51, 1152, 921)
    assert kept_on_screen(Rect(200, 100, 2000, 600), [SCREEN]) == Rect(64, 212, 1152, 600)
    assert kept_on_screen(Rect(9000, 9000, 32768, 32768), [SCREEN]) == Rect(64, 51, 1152, 921)
    assert kept_on_screen(Rect(-1900, 0, 3000, 1000), [RIGHT, LEFT]) == Rect(-1824, 40, 1728, 1000)


def test_no_known_screen_changes_nothing():
    assert kept_on_screen(Rect(5000, 5000, 640, 480), []) is None
