"""The floor: a bare pywebview window showing the same marker block, no server at all."""

import webview

PAGE = """<!doctype html><html><body style="margin:0">
<div style="width: 300px; height: 200px; background: #12c84d;"></div></body></html>"""

if __name__ == "__main__":
    webview.create_window("BenchFloor", html=PAGE)
    webview.start()
