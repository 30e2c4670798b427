// Sends client-side errors to the server (`trame.error.client`), queued while offline.
const MAX_QUEUED = 50;

/** Human-readable text for anything thrown or rejected. */
export function describe(error) {
  if (error == null) return String(error);
  if (error instanceof Error) return error.stack || `${error.name}: ${error.message}`;
  if (typeof error === "object") {
    if (typeof error.message === "string") return error.message;
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return String(error);
}

export function createErrorReporter() {
  const queue = [];
  let send = null;

  function deliver(message) {
    send(message).catch(() => {
      // The socket dropped while sending: retry after the reconnect.
      if (queue.length < MAX_QUEUED) queue.push(message);
    });
  }

  /** Logs `message` in the console and on the server. */
  function report(message) {
    console.error(message);
    if (send) deliver(message);
    else if (queue.length < MAX_QUEUED) queue.push(message);
  }

  /** `fn(message)` returns a promise; queued messages go out now. */
  function connect(fn) {
    send = fn;
    queue.splice(0).forEach(deliver);
  }

  function disconnect() {
    send = null;
  }

  function installGlobalHandlers(target = window) {
    target.addEventListener("error", (event) => {
      const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : "";
      report(`Uncaught error: ${event.error ? describe(event.error) : event.message}${where}`);
    });
    target.addEventListener("unhandledrejection", (event) => {
      if (event.reason && event.reason.shown) return; // the page showed it already (a call not sent)
      report(`Unhandled promise rejection: ${describe(event.reason)}`);
    });
  }

  return { report, connect, disconnect, installGlobalHandlers };
}
