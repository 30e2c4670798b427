// One wslink session to the server, re-opened with backoff whenever it drops.
import WebsocketConnection from "wslink/src/WebsocketConnection";

const DEFAULT_SECRET = "wslink-secret";
const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4000;

/** The secret the page was given: `#secret=S`, else `?secret=S`, else trame's default. */
export function readSecret(location = window.location) {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, "")).get("secret");
  if (fromHash) return fromHash;
  const fromQuery = new URLSearchParams(location.search).get("secret");
  return fromQuery || DEFAULT_SECRET;
}

/** `ws://<this page's host>/ws` (or wss:// on https pages). */
export function sessionUrl(location = window.location) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/**
 * Keeps a session open. `onReady(session)` runs on every (re)connection,
 * `onLost()` when an open session closes or a connection attempt fails,
 * `onBusy(count)` whenever the number of pending RPCs changes.
 */
export function createConnection({ url, secret, onReady, onLost, onBusy, onAuthError }) {
  let session = null;
  let attempt = 0;
  let pending = new Set();
  let retryTimer = null;

  function setBusy() {
    onBusy(pending.size);
  }

  function failPending(reason) {
    const rejects = [...pending];
    pending = new Set();
    rejects.forEach((entry) => entry.reject(reason));
    setBusy();
  }

  function scheduleRetry() {
    if (retryTimer !== null) return;
    const delay = Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      open();
    }, delay);
  }

  function dropped() {
    session = null;
    failPending(new Error("connection lost"));
    onLost();
    scheduleRetry();
  }

  function open() {
    const ws = WebsocketConnection.newInstance({ urls: url, secret });
    let closed = false;
    const once = () => {
      if (closed) return;
      closed = true;
      dropped();
    };
    ws.onConnectionReady(() => {
      attempt = 0;
      session = ws.getSession();
      onReady(session);
    });
    ws.onConnectionClose(once);
    ws.onConnectionError((_, err) => {
      // A rejected `wslink.hello` (wrong secret) comes as a plain error
      // object; a refused socket comes as a DOM Event followed by a close.
      if (err && !(err instanceof Event)) {
        onAuthError(err);
        const rejected = ws.getSession();
        if (rejected) rejected.close();
      }
    });
    if (!ws.connect()) once();
  }

  /** Calls an RPC; counted in the busy count until it settles. */
  function call(method, args = [], kwargs = {}) {
    if (!session) return Promise.reject(new Error(`${method}: not connected`));
    return new Promise((resolve, reject) => {
      const entry = { reject };
      pending.add(entry);
      setBusy();
      const settle = () => {
        if (pending.delete(entry)) setBusy();
      };
      session.call(method, args, kwargs).then(
        (result) => {
          settle();
          resolve(result);
        },
        (error) => {
          settle();
          reject(error);
        },
      );
    });
  }

  return {
    start: open,
    call,
    get connected() {
      return session !== null;
    },
  };
}
