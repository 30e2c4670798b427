// Runs before trame-client in the shell's first page: hands it the stand-in socket, with the page's snapshot and secret.
//
// The shell (trame_desktop/shell/trame_first_page.py) writes the boot data into the page and opens
// it with `?wsProxy=1`, which makes trame-client ask `window.WSLINK.createWebSocket(url)` for its
// sockets instead of opening them itself. The first one paints from the snapshot; later ones
// (trame-client's reconnect) only get the secret put in.
import { Decoder } from "@msgpack/msgpack";
import { StandInSocket } from "./stand_in_socket.js";

// As our client's (src/connection.js, not imported: it would bring wslink's whole client along).
function sessionUrl() {
  return `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/ws`;
}

function readBoot() {
  const node = document.getElementById("td-boot");
  if (!node) return {};
  node.remove(); // the secret stays in this script's closure, not in the document
  try {
    return JSON.parse(node.textContent);
  } catch (error) {
    console.error("trame-desktop: the page's boot data is unreadable", error);
    return {};
  }
}

function readSnapshot(packed) {
  if (!packed) return null;
  try {
    return new Decoder().decode(Uint8Array.from(atob(packed), (c) => c.charCodeAt(0)));
  } catch (error) {
    console.error("trame-desktop: the state snapshot is unreadable", error);
    return null;
  }
}

const boot = readBoot();
let snapshot = readSnapshot(boot.snapshot);
const NativeWebSocket = window.WebSocket;

window.WSLINK = {
  createWebSocket() {
    const socket = new StandInSocket({
      url: sessionUrl(),
      secret: boot.secret,
      snapshot,
      pageState: () => (window.trame && window.trame.state ? window.trame.state.get() : null),
      NativeWebSocket,
    });
    snapshot = null; // the snapshot is the first session's start only
    return socket;
  },
};
performance.mark("trame-desktop:boot");
