// Calls to the server made while its session is not open: kept in order, sent exactly once when it opens.
//
// Rules (docs/contracts.md, "Calls made before the session opens"):
// - While the session is open and nothing waits, a call goes out at once, as before.
// - Otherwise it waits here, in the order it was made. State edits are coalesced per key into the
//   last waiting edit (last value wins) but never across a call: a trigger made after an edit sees
//   that edit on the server, and an edit made after the trigger goes after it.
// - `open()` (the session is open and the live state is in) sends everything waiting, in order, in
//   one go, then later calls go straight out again.
// - When the session drops, edits that were sent but not answered wait again (re-sending a value
//   is harmless); a call in flight cannot be known to have run or not, so its promise is rejected
//   and the page says so. Nothing is dropped without a word.
// - A call marked `{ replay: false }`, or one past `limit` waiting entries, is refused at once:
//   its promise is rejected and the page shows why.

export const MAX_WAITING = 200;

/** An error the page has already shown to the user (the global handler does not report it again). */
export class NotSentError extends Error {
  constructor(message) {
    super(message);
    this.name = "NotSentError";
    this.shown = true;
  }
}

const isLostError = (error) => /connection (lost|not open)|not connected/.test(String(error && error.message));

/**
 * `connection.call(method, args)` returns a promise; `notify(text)` shows a notice to the user;
 * `report(text)` records an error (console and server).
 */
export function createOutbox({ connection, notify, report, limit = MAX_WAITING }) {
  /** Waiting entries: `{ kind: "edit", values: Map }` or `{ kind: "call", method, args, label, resolve, reject }`. */
  const waiting = [];
  /** Edits sent and not answered yet, in the order they were sent. */
  let editsInFlight = [];
  let isOpen = false;

  function refuse(text) {
    notify(text);
    return Promise.reject(new NotSentError(text));
  }

  function sendEdit(values) {
    const entry = { values, requeued: false };
    editsInFlight.push(entry);
    const changes = [...values].map(([key, value]) => ({ key, value }));
    return connection.call("trame.state.update", [changes]).then(
      () => {
        editsInFlight = editsInFlight.filter((other) => other !== entry);
      },
      (error) => {
        editsInFlight = editsInFlight.filter((other) => other !== entry);
        if (entry.requeued) return; // it waits for the next session (close() put it back)
        if (isLostError(error)) {
          // Lost without close() having run (a call that failed to go out): keep it for the next session.
          waiting.unshift({ kind: "edit", values });
          return;
        }
        report(`trame.state.update failed: ${error && error.message ? error.message : error}`);
      },
    );
  }

  function sendCall(method, args, label) {
    return connection.call(method, args).catch((error) => {
      if (isLostError(error)) {
        const text = `${label} may not have reached the server: the connection was lost before it answered.`;
        notify(text);
        throw new NotSentError(text);
      }
      throw error;
    });
  }

  /** State edits `[{key, value}]` made by the page. */
  function edit(changes) {
    if (!changes.length) return Promise.resolve();
    if (isOpen && !waiting.length) return sendEdit(new Map(changes.map(({ key, value }) => [key, value])));
    const last = waiting[waiting.length - 1];
    if (last && last.kind === "edit") {
      for (const { key, value } of changes) {
        last.values.delete(key); // re-inserted: the key's place is its last edit's
        last.values.set(key, value);
      }
      return Promise.resolve();
    }
    if (waiting.length >= limit) {
      return refuse(`Your change to ${changes.map((c) => c.key).join(", ")} was not sent: too much is waiting for the server.`);
    }
    waiting.push({ kind: "edit", values: new Map(changes.map(({ key, value }) => [key, value])) });
    return Promise.resolve();
  }

  /** An RPC made by the page (a trigger, a lifecycle call); resolves with the server's answer. */
  function call(method, args, { label = method, replay = true } = {}) {
    if (isOpen && !waiting.length) return sendCall(method, args, label);
    if (!replay) return refuse(`${label} was not sent: the server is not connected.`);
    if (waiting.length >= limit) return refuse(`${label} was not sent: too much is waiting for the server.`);
    return new Promise((resolve, reject) => {
      waiting.push({ kind: "call", method, args, label, resolve, reject });
    });
  }

  /** The session is open and the live state applied: send what waits, in order, once. */
  function open() {
    isOpen = true;
    for (const entry of waiting.splice(0)) {
      if (entry.kind === "edit") sendEdit(entry.values);
      else sendCall(entry.method, entry.args, entry.label).then(entry.resolve, entry.reject);
    }
  }

  /** The session dropped: later calls wait, and unanswered edits wait again, ahead of them. */
  function close() {
    isOpen = false;
    const again = editsInFlight;
    editsInFlight = [];
    for (const entry of again) entry.requeued = true;
    waiting.unshift(...again.map((entry) => ({ kind: "edit", values: entry.values })));
  }

  /** Keys with an edit still waiting: the page's value for them wins over the server's. */
  function pendingKeys() {
    const keys = new Set();
    for (const entry of waiting) if (entry.kind === "edit") entry.values.forEach((_, key) => keys.add(key));
    return keys;
  }

  return {
    edit,
    call,
    open,
    close,
    pendingKeys,
    get waiting() {
      return waiting.length;
    },
    get isOpen() {
      return isOpen;
    },
  };
}
