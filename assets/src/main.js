// Boots the page: connect, fetch the state, load modules, render the layout, stay in sync.
import * as Vue from "vue";
import { createApp, h, nextTick, ref, shallowRef } from "vue";
import { Decoder } from "@msgpack/msgpack";
import { createConnection, readSecret, sessionUrl } from "./connection.js";
import { createErrorReporter, describe } from "./errors.js";
import { createOutbox } from "./outbox.js";
import { bindPageHead, showNotice } from "./page.js";
import { renderedHtml, replayRenderInput, takeRenderInput } from "./render_input.js";
import { createResourceLoader, touchesResources } from "./resources.js";
import { createStore } from "./store.js";
import { compileLayout, createScope } from "./template.js";

// Module scripts and UMD plugins built for trame expect Vue as a global.
window.Vue = Vue;

const layoutName = new URLSearchParams(window.location.search).get("ui") || "main";
const templateKey = `trame__template_${layoutName}`;

const errors = createErrorReporter();
errors.installGlobalHandlers();

const isLost = (error) => !connection.connected || /connection (lost|not open)|not connected/.test(describe(error));

// Everything the page sends goes through the outbox: made before the session opens or while it
// is lost, it waits and goes out once, in order, when the session (re)opens (src/outbox.js).
const outbox = createOutbox({
  connection: { call: (method, args) => connection.call(method, args) },
  notify: showNotice,
  report: (text) => errors.report(text),
});

const store = createStore({ send: (changes) => outbox.edit(changes) });
const resources = createResourceLoader({ report: errors.report });
const scope = createScope(store);

// The desktop shell hands its window the secret and a snapshot of the state in the page itself
// (trame_desktop/first_page.py): the layout renders from the snapshot before the session opens.
function readBoot() {
  const node = document.getElementById("td-boot");
  if (!node) return {};
  try {
    return JSON.parse(node.textContent);
  } catch (error) {
    errors.report(`the page's boot data is unreadable: ${describe(error)}`);
    return {};
  }
}
const boot = readBoot();

const connection = createConnection({
  url: sessionUrl(),
  secret: boot.secret || readSecret(),
  onReady,
  onLost,
  onBusy: (count) => store.setClientSide("trame__busy", count),
  onAuthError: (error) => setStatus("lost", `Server refused the connection: ${describe(error)}`),
});

let app = null;
let everConnected = false;
const layoutRef = ref(null);
const resourcesVersion = ref(0);
const layoutCache = shallowRef({ template: undefined, component: null });

// --- template helpers: trigger / set / get ----------------------------------

// Triggers called while the snapshot was shown, by signature: the render that swaps in the live
// state calls a render-time trigger again (`{{ trigger('ready') && '' }}`); that second call of
// the same trigger with the same arguments is the same call, not a new one.
const snapshotCalls = new Map();
let swappingIn = false;

function signatureOf(name, args, kwargs) {
  try {
    return JSON.stringify([name, args, kwargs]);
  } catch {
    return null; // arguments JSON cannot hold (a cycle): never taken for an earlier call
  }
}

/** `trigger(name, args, kwargs, { replay: false })`: a call that must not wait for a session
 * (refused with a notice while not connected). Resolves with the trigger's result. */
function trigger(name, args = [], kwargs = {}, options = {}) {
  store.flush(); // the server must see the state the user saw
  const signature = signatureOf(name, args, kwargs);
  if (swappingIn && signature !== null) {
    const earlier = snapshotCalls.get(signature);
    if (earlier && earlier.length) return earlier.shift();
  }
  const result = outbox.call("trame.trigger", [name, args, kwargs], { label: `trigger('${name}')`, replay: options.replay !== false });
  if (!everConnected && !outbox.isOpen && signature !== null) {
    if (!snapshotCalls.has(signature)) snapshotCalls.set(signature, []);
    snapshotCalls.get(signature).push(result);
  }
  return result;
}

function set(key, value) {
  store.setLocal(key, value);
}

function get(key) {
  return key === undefined ? store.state : store.state[key];
}

// --- connection status --------------------------------------------------------

function setStatus(status, text) {
  document.body.dataset.connection = status;
  const banner = document.getElementById("td-connection");
  if (banner && status === "lost") banner.textContent = text || "Connection lost, reconnecting…";
  const loading = document.getElementById("td-loading-text");
  if (loading && status === "lost") loading.textContent = text || "Waiting for the server…";
}

function onLost() {
  outbox.close();
  errors.disconnect();
  setStatus(everConnected ? "lost" : "connecting", everConnected ? undefined : "Waiting for the server…");
}

// --- server -> client ---------------------------------------------------------

async function onServerChanges(changes) {
  store.applyServer(changes);
  if (app && touchesResources(changes)) {
    await resources.load(store.raw);
    resources.usePlugins(app, store.raw);
    resourcesVersion.value += 1; // re-render with what was just loaded
  }
}

function runActions(actions) {
  for (const action of actions || []) {
    if (!action || action.type !== "method") continue;
    const refs = layoutRef.value ? layoutRef.value.$refs : {};
    const found = refs[action.ref];
    const targets = (Array.isArray(found) ? found : [found]).filter(Boolean);
    if (!targets.length) {
      errors.report(`js_call: no element with ref="${action.ref}" in the layout "${layoutName}"`);
      continue;
    }
    for (const target of targets) {
      if (typeof target[action.method] !== "function") {
        errors.report(`js_call: ref="${action.ref}" has no method "${action.method}"`);
        continue;
      }
      try {
        target[action.method](...(action.args || []));
      } catch (error) {
        errors.report(`js_call ${action.ref}.${action.method}: ${describe(error)}`);
      }
    }
  }
}

async function onReady(session) {
  performance.mark("trame-desktop:connected");
  session.subscribe("trame.state.topic", ([changes]) => onServerChanges(changes));
  session.subscribe("trame.actions.topic", ([actions]) => runActions(actions));
  errors.connect((message) => connection.call("trame.error.client", [message]));
  const firstSession = !everConnected;
  try {
    const reply = await connection.call("trame.state.get");
    // The tree painted from the snapshot stays mounted (its mount-time calls wait in the outbox,
    // made once); the re-render with the live state must not make its render-time calls twice.
    swappingIn = firstSession && app !== null;
    store.flush(); // edits made meanwhile join the outbox, whose keys keep the page's values
    store.replaceAll((reply && reply.state) || {}, outbox.pendingKeys());
    performance.mark("trame-desktop:state");
    await resources.load(store.raw);
    if (app && resources.usePlugins(app, store.raw)) resourcesVersion.value += 1;
    await nextTick();
  } catch (error) {
    if (!isLost(error)) errors.report(`trame.state.get failed: ${describe(error)}`);
    return;
  } finally {
    swappingIn = false;
  }
  if (!connection.connected) return; // lost again meanwhile: the next session does all this
  everConnected = true;
  snapshotCalls.clear();
  if (!app) mount();
  outbox.open(); // after the live state: what the user did lands on it, once, in order
  setStatus("connected");
}

// --- rendering ----------------------------------------------------------------

function currentLayout() {
  const template = store.state[templateKey];
  if (layoutCache.value.template !== template || !layoutCache.value.component) {
    layoutCache.value = {
      template,
      component: compileLayout(layoutName, template, scope, errors.report),
    };
  }
  return layoutCache.value.component;
}

const Root = {
  name: "TrameDesktopRoot",
  setup() {
    return () => h(currentLayout(), { ref: layoutRef, key: resourcesVersion.value });
  },
};

function mount() {
  app = createApp(Root);
  Object.assign(app.config.globalProperties, { trigger, set, get, utils: { get, set } });
  app.config.errorHandler = (error, _instance, info) => {
    errors.report(`Vue error (${info}): ${describe(error)}`);
  };
  resources.usePlugins(app, store.raw);
  bindPageHead(store.state);
  const root = document.getElementById("app");
  const carried = takeRenderInput(root); // the last launch's render, if the page showed it, goes now
  app.mount(root);
  performance.mark("trame-desktop:mounted");
  replayRenderInput(carried, root);
}

// Marks for start-up measurements (benchmarks/desktop.py and the web inspector read them).
performance.mark("trame-desktop:start");
connection.start();
if (boot.snapshot) paintSnapshot(boot.snapshot);

/** Render the layout from the shell's snapshot (what `trame.state.get` would answer). It takes
 * input at once: edits and triggers wait in the outbox until the session opens and `onReady` has
 * swapped in the live state, with a "Connecting…" note on the page meanwhile. */
async function paintSnapshot(packed) {
  let reply;
  try {
    reply = new Decoder().decode(Uint8Array.from(atob(packed), (c) => c.charCodeAt(0)));
  } catch (error) {
    errors.report(`the state snapshot is unreadable: ${describe(error)}`);
    return;
  }
  if (app || everConnected) return;
  store.replaceAll((reply && reply.state) || {});
  await resources.load(store.raw);
  if (app || everConnected) return;
  mount();
  document.body.dataset.painted = "snapshot";
  performance.mark("trame-desktop:snapshot");
  // The shell keeps this render for the next launch with the same snapshot (its first page shows it
  // before this bundle runs): read now, before any edit or live state changes the tree.
  if (boot.keepRender) window.__tdSnapshotRender = renderedHtml(document.getElementById("app"));
}
