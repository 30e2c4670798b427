// The shared state as Vue reactive data, and which of its keys the user changed.
import { reactive, toRaw, watch } from "vue";

/** Keys the client never sends back, whatever `trame__client_only` says. */
const ALWAYS_CLIENT_ONLY = ["trame__busy", "trame__client_only"];
/** Keys only this page knows the value of: a server value is ignored. */
const OWNED_BY_CLIENT = ["trame__busy"];

/**
 * `send(changes)` delivers `[{key, value}]` to the server. Local changes are
 * coalesced until the next animation frame (a dragged slider sends at most one
 * update per frame, the last value always goes out) or until `flush()`.
 */
export function createStore({ send }) {
  const state = reactive({});
  const raw = toRaw(state);
  const watched = new Set();
  const dirty = new Set();
  let clientOnly = new Set(ALWAYS_CLIENT_ONLY);
  let applying = false;
  let scheduled = false;

  function flush() {
    scheduled = false;
    if (dirty.size === 0) return;
    const changes = [];
    for (const key of dirty) {
      if (!clientOnly.has(key)) changes.push({ key, value: raw[key] });
    }
    dirty.clear();
    if (changes.length) send(changes);
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      if (scheduled) flush();
    };
    // rAF does not fire in hidden pages: the timer makes sure nothing is lost.
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(run);
    setTimeout(run, 50);
  }

  function markDirty(key) {
    if (applying || clientOnly.has(key)) return;
    dirty.add(key);
    schedule();
  }

  // A deep, synchronous watcher per key catches in-place edits too
  // (v-model="obj.field", list.push(...)).
  function track(key) {
    if (watched.has(key)) return;
    watched.add(key);
    watch(() => state[key], () => markDirty(key), { deep: true, flush: "sync" });
  }

  function refreshClientOnly() {
    const listed = Array.isArray(raw.trame__client_only) ? raw.trame__client_only : [];
    clientOnly = new Set([...ALWAYS_CLIENT_ONLY, ...listed]);
  }

  /** Server changes (`{key: value}`); keys the user changed and not yet sent win. */
  function applyServer(changes) {
    applying = true;
    try {
      for (const [key, value] of Object.entries(changes || {})) {
        if (dirty.has(key) || OWNED_BY_CLIENT.includes(key)) continue;
        state[key] = value;
        track(key);
      }
    } finally {
      applying = false;
    }
    if ("trame__client_only" in (changes || {})) refreshClientOnly();
  }

  /** A full state from `trame.state.get`: replaces everything the server owns, except the keys in
   * `keep` (edits the page made that still wait to be sent: the user's value wins). */
  function replaceAll(full, keep = new Set()) {
    dirty.clear();
    scheduled = false;
    applying = true;
    try {
      for (const key of Object.keys(raw)) {
        if (!(key in full) && !OWNED_BY_CLIENT.includes(key) && !keep.has(key)) delete state[key];
      }
    } finally {
      applying = false;
    }
    const incoming = {};
    for (const [key, value] of Object.entries(full)) if (!keep.has(key)) incoming[key] = value;
    applyServer(incoming);
    refreshClientOnly();
  }

  /** A change made by this client (template assignment, v-model, set()). */
  function setLocal(key, value) {
    state[key] = value;
    track(key);
    markDirty(key);
  }

  /** A client-side value that is never sent (e.g. trame__busy). */
  function setClientSide(key, value) {
    applying = true;
    try {
      state[key] = value;
    } finally {
      applying = false;
    }
  }

  return { state, raw, flush, applyServer, replaceAll, setLocal, setClientSide };
}
