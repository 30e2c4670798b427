"""trame_desktop.shell.web_stack: aiohttp imported without running its package __init__ (the client) until a
name only that defines is used, and with its client's trust store loaded at first use, not at import."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest

from trame_desktop.server.wslink_client import WslinkClient

PROBE = r"""
import json, ssl
from trame_desktop.shell.web_stack import import_web_stack
import_web_stack()
import aiohttp
aiohttp.ClientSession  # the package's __init__ runs here, the client's modules with it
import aiohttp.connector as connector
stats = lambda context: ssl.SSLContext.cert_store_stats(context)["x509_ca"]  # the class's: no first use
verified = connector._SSL_CONTEXT_VERIFIED
before = stats(verified)
verified.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="example.org")  # a first TLS use
after = stats(verified)
plain = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
plain.set_default_verify_paths()  # after the import: the usual, at once
print(json.dumps({"before": before, "after": after, "mode": int(verified.verify_mode),
                  "later": stats(plain), "patched": "set_default_verify_paths" in vars(ssl.SSLContext)}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="deferred only where the trust store is a file")
def test_the_trust_store_loads_at_the_first_tls_use_and_only_during_the_import_is_anything_changed():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    seen = json.loads(out)
    if seen["later"] == 0:
        pytest.skip("this system has no CA certificates to load")
    assert seen["before"] == 0  # the import did not load it
    assert seen["after"] == seen["later"]  # the first TLS use did: the same store as usual
    assert seen["mode"] == 2  # CERT_REQUIRED, as aiohttp made it
    assert seen["patched"] is False  # ssl is as it was once the import is over


SERVER = r"""
import sys
from trame_desktop.shell.web_stack import import_web_stack, package_init_pending
import_web_stack()
loaded = sorted(m for m in sys.modules if m in ("aiohttp.client", "aiohttp.connector", "aiohttp.cookiejar"))
from trame_desktop.server import Server
server = Server("web_stack_probe")
server.state.count = 0

@server.controller.trigger("seen")
def seen():
    return {"pending": package_init_pending(), "loaded": loaded}

server.controller.on_server_ready.add(lambda **_: print("PORT", server.port, flush=True))
server.start(port=0, exec_mode="main", open_browser=False, show_connection_info=False, timeout=0, secret="probe")
"""


def test_a_served_session_never_runs_aiohttps_package_init():
    with subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True) as process:
        try:
            line = process.stdout.readline() if process.stdout else ""
            assert line.startswith("PORT "), line
            port = int(line.split()[1])

            async def session() -> dict:
                client = await WslinkClient(f"ws://127.0.0.1:{port}/ws", secret="probe").connect()
                try:
                    await client.call("trame.state.get")
                    await client.call("trame.state.update", [{"key": "count", "value": 1}])
                    return await client.call("trame.trigger", "seen", [], {})
                finally:
                    await client.close()

            seen = asyncio.run(asyncio.wait_for(session(), 30))
        finally:
            process.kill()
    assert seen == {"pending": True, "loaded": []}  # the client's modules never loaded in the server


LATER = r"""
import json, sys
from trame_desktop.shell.web_stack import import_web_stack, package_init_pending
import_web_stack()
import aiohttp
from aiohttp import web
before = [package_init_pending(), "aiohttp.client" in sys.modules, aiohttp.__version__ != ""]
from aiohttp import ClientSession, TCPConnector
print(json.dumps({"before": before, "after": package_init_pending(), "dir": "ClientSession" in dir(aiohttp),
                  "same": ClientSession is sys.modules["aiohttp.client"].ClientSession,
                  "web": aiohttp.web is web, "type": type(aiohttp).__name__}))
"""


def test_a_name_only_the_package_init_defines_runs_it_once_and_everything_is_there():
    seen = json.loads(subprocess.run([sys.executable, "-c", LATER], capture_output=True, text=True,
                                     check=True).stdout)
    assert seen == {"before": [True, False, True], "after": False, "dir": True, "same": True, "web": True,
                    "type": "module"}
