// The websocket trame-client is handed in the shell's first page: answers its start from the snapshot, then relays.
//
// trame-client opens its session through `window.WSLINK.createWebSocket(url)` when its config has
// `wsProxy` (the hook trame's Jupyter integration uses), so it never learns the session's URL or
// secret. What this socket does, in order (docs/contracts.md, "trame's client in the first page"):
// - with a snapshot, it answers trame-client's `wslink.hello` and its first `trame.state.get`
//   from the snapshot at once, so the app mounts and paints before the server runs;
// - it keeps every later message trame-client sends (triggers, lifecycle calls, state edits) in
//   order, decoded;
// - meanwhile it opens the real websocket (again, with a growing delay, while nothing accepts it),
//   does the real hello with the page's secret and takes the live state;
// - then, in one go: the server's messages that came before that state, the live state as a
//   `trame.state.topic` push (only keys whose live value differs from the snapshot's and that the
//   page has not changed itself: the page's edits win, as they are sent next), the server's
//   messages that came after it, and the kept messages, each sent once over that connection;
//   from then on frames pass through unchanged.
// Without a snapshot (a later socket, e.g. trame-client's reconnect) only the hello is ours: its
// secret, and the server's reply handed back.
import { createReader, framesOf, packed, sameBytes, WSLINK_CHUNK_SIZE } from "./frames.js";

const HELLO_ID = "system:c0:0";
const PAGE_CLIENT_ID = "page"; // the client id the snapshot's hello gives trame-client (ids are opaque to the server)
const STATE_TOPIC_ID = "publish:trame.state.topic:0";
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

const reply = (id, result) => ({ wslink: "1.0", id, result });

export class StandInSocket {
  /**
   * `url`: the real session's; `secret`: the page's; `snapshot`: what `trame.state.get` answers
   * (`{name, state}`) or null; `pageState()`: trame-client's current state (its `trame.state`).
   */
  constructor({ url, secret, snapshot, pageState, NativeWebSocket }) {
    this.url = url;
    this.readyState = CONNECTING;
    this.binaryType = "blob";
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    this._secret = secret;
    this._snapshot = snapshot;
    this._pageState = pageState;
    this._Native = NativeWebSocket;
    this._fromPage = createReader();
    this._undecoded = 0; // frames trame-client sent that are not decoded yet
    this._decoded = Promise.resolve();
    this._kept = [];
    this._pageHelloId = null; // trame-client's hello, answered by the server's reply (no snapshot)
    this._helloResult = null;
    this._connecting = null;
    this._stateAnswered = false;
    this._live = false;
    this._real = null;
    this._ended = false;
    this._attempt = 0;
    setTimeout(() => {
      if (this._ended) return;
      this.readyState = OPEN;
      if (this.onopen) this.onopen({ type: "open", target: this });
    }, 0);
    this._connect();
  }

  // -- the WebSocket interface trame-client uses ---------------------------------------------

  send(frame) {
    if (this.readyState !== OPEN) throw new DOMException("the session is not open", "InvalidStateError");
    if (this._live && this._undecoded === 0) {
      this._real.send(frame);
      return;
    }
    this._undecoded += 1;
    const copy = new Uint8Array(frame); // trame-client may reuse its buffer
    this._decoded = this._fromPage.push(copy).then(
      (message) => {
        this._undecoded -= 1;
        if (message) this._fromTrameClient(message);
      },
      (error) => {
        this._undecoded -= 1;
        console.error("trame-desktop: a message of the page could not be read", error);
      },
    );
  }

  close(code, reason) {
    if (this._ended) return;
    if (this._real) {
      this._real.close(code, reason); // its close event ends this one
      return;
    }
    this._end({ code: 1000, reason: reason || "", wasClean: true });
    if (this._connecting) this._connecting.close();
  }

  // -- trame-client's messages ---------------------------------------------------------------

  _fromTrameClient(message) {
    if (message.method === "wslink.hello" && this._pageHelloId === null) {
      // Always answered here: with the snapshot's client id, or with the server's own reply.
      if (this._snapshot) this._toPage(reply(message.id, { clientID: PAGE_CLIENT_ID }));
      else if (this._helloResult) this._toPage(reply(message.id, this._helloResult));
      else this._pageHelloId = message.id;
    } else if (this._live) {
      this._sendReal(message);
    } else if (this._snapshot && !this._stateAnswered && message.method === "trame.state.get") {
      this._stateAnswered = true;
      this._toPage(reply(message.id, this._snapshot));
    } else {
      this._kept.push(message);
    }
  }

  // -- the real session ----------------------------------------------------------------------

  _connect() {
    if (this._ended) return;
    const ws = new this._Native(this.url);
    ws.binaryType = "blob";
    this._connecting = ws;
    this._real = null;
    const fromServer = createReader();
    let backlog = 0; // server frames in the reader, not handed on yet
    const early = []; // server messages older than the live state
    const late = []; // server messages after it, while the page's frames are still being read
    let answered = false;
    let clientId = null;
    let chunkSize = WSLINK_CHUNK_SIZE;
    let accepted = false;
    const stateId = () => `rpc:${clientId}:0`;

    const onMessage = (message) => {
      if (this._live) {
        this._toPage(message);
      } else if (!accepted && message.id === HELLO_ID) {
        if (message.error) {
          console.error("trame-desktop: the server refused the page's session", message.error);
          if (this._pageHelloId) this._toPage(message);
          ws.onclose = null;
          ws.close();
          this._end({ code: 4001, reason: "refused", wasClean: false });
          return;
        }
        accepted = true;
        this._helloResult = message.result;
        clientId = message.result.clientID;
        chunkSize = message.result.maxMsgSize || chunkSize;
        if (!this._snapshot) {
          if (this._pageHelloId) this._toPage(reply(this._pageHelloId, message.result));
          answered = true;
          this._goLive(ws, { early, late, liveState: null, chunkSize });
          return;
        }
        for (const frame of framesOf({ wslink: "1.0", id: stateId(), method: "trame.state.get", args: [], kwargs: {} }, chunkSize)) {
          ws.send(frame);
        }
      } else if (accepted && !answered && message.id === stateId()) {
        if (message.error) console.error("trame-desktop: the live state could not be read", message.error);
        answered = true;
        this._goLive(ws, { early, late, liveState: message.result ? message.result.state : null, chunkSize });
      } else {
        (answered ? late : early).push(message);
      }
    };

    ws.onopen = () => {
      for (const frame of framesOf({ wslink: "1.0", id: HELLO_ID, method: "wslink.hello", args: [{ secret: this._secret }], kwargs: {} }, chunkSize)) {
        ws.send(frame);
      }
    };
    ws.onmessage = (event) => {
      if (this._live && this._real === ws && backlog === 0 && !fromServer.partial()) {
        if (this.onmessage) this.onmessage({ data: event.data, target: this });
        return;
      }
      backlog += 1;
      fromServer.push(event.data).then(
        (message) => {
          backlog -= 1;
          if (message) onMessage(message);
        },
        (error) => {
          backlog -= 1;
          console.error("trame-desktop: a message of the server could not be read", error);
        },
      );
    };
    ws.onerror = () => {}; // a close follows
    ws.onclose = (event) => {
      if (this._live) {
        this._end(event);
      } else if (!this._ended) {
        // Nothing accepted it yet (the server is starting): try again; what the page sent waits.
        const delay = Math.min(FIRST_RETRY_MS * 2 ** this._attempt, MAX_RETRY_MS);
        this._attempt += 1;
        setTimeout(() => this._connect(), delay);
      }
    };
  }

  async _goLive(ws, { early, late, liveState, chunkSize }) {
    // Every frame trame-client sent so far must be decoded and kept before the kept ones go out.
    while (this._undecoded > 0) await this._decoded;
    if (this._ended) return;
    this._real = ws;
    this._chunkSize = chunkSize;
    early.forEach((message) => this._toPage(message));
    if (liveState) {
      const changes = this._liveChanges(liveState);
      if (Object.keys(changes).length) this._toPage(reply(STATE_TOPIC_ID, changes));
    }
    late.forEach((message) => this._toPage(message));
    const kept = this._kept;
    this._kept = [];
    kept.forEach((message) => this._sendReal(message));
    this._live = true;
    performance.mark("trame-desktop:live");
  }

  /** The live values trame-client must take: those the server changed since the snapshot, on keys
   * the page has not changed itself (its value goes to the server, and wins). */
  _liveChanges(liveState) {
    const before = (this._snapshot && this._snapshot.state) || {};
    const now = this._pageState() || {};
    const changes = {};
    for (const [key, value] of Object.entries(liveState)) {
      const snapshotBytes = key in before ? packed(before[key]) : null;
      if (sameBytes(snapshotBytes, packed(value))) continue;
      if (key in now && !sameBytes(snapshotBytes, packed(now[key]))) continue;
      changes[key] = value;
    }
    return changes;
  }

  _sendReal(message) {
    for (const frame of framesOf(message, this._chunkSize)) this._real.send(frame);
  }

  _toPage(message) {
    if (this._ended || !this.onmessage) return;
    for (const frame of framesOf(message, 0)) this.onmessage({ data: new Blob([frame]), target: this });
  }

  _end(event) {
    if (this._ended) return;
    this._ended = true;
    this.readyState = CLOSED;
    if (this.onclose) this.onclose({ type: "close", code: event.code, reason: event.reason, wasClean: event.wasClean, target: this });
  }
}
