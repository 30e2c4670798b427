"""trame_desktop.shell.web_stack: aiohttp imported with its client's trust store loaded at first use, not at import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = r"""
import json, ssl
from trame_desktop.shell.web_stack import import_web_stack
import_web_stack()
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
