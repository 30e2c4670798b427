// Loads the scripts, styles and Vue plugins that enable_module() lists in the state.
const RESOURCE_KEYS = ["trame__scripts", "trame__module_scripts", "trame__styles", "trame__vue_use"];

function asList(value) {
  return Array.isArray(value) ? value : [];
}

function loadElement(tag, attributes) {
  return new Promise((resolve, reject) => {
    const element = document.createElement(tag);
    Object.assign(element, attributes);
    element.addEventListener("load", () => resolve(element));
    element.addEventListener("error", () => reject(new Error(`could not load ${attributes.href || attributes.src}`)));
    document.head.appendChild(element);
  });
}

/** `"name"`, `["name", ...options]` or `{name, options}` to `[name, [options...]]`. */
function pluginEntry(entry) {
  if (typeof entry === "string") return [entry, []];
  if (Array.isArray(entry)) return [entry[0], entry.slice(1)];
  if (entry && typeof entry === "object") return [entry.name, entry.options === undefined ? [] : [entry.options]];
  return [undefined, []];
}

const DOTTED_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** `window["a.b"]` as `window.a.b`; anything else is a JavaScript expression, evaluated in the
 * page's global scope as trame's client does (trame-vuetify registers `Vuetify.createVuetify(...)`). */
function lookupGlobal(name) {
  const text = String(name);
  if (DOTTED_NAME.test(text)) {
    return text.split(".").reduce((scope, part) => (scope == null ? undefined : scope[part]), window);
  }
  return (0, window.eval)(text);
}

/** A plugin option `{js_eval: "expr"}` is the value of that expression, as in trame's client. */
function pluginOption(option) {
  if (option && typeof option === "object" && typeof option.js_eval === "string") {
    return (0, window.eval)(option.js_eval);
  }
  return option;
}

export function touchesResources(changes) {
  return RESOURCE_KEYS.some((key) => key in (changes || {}));
}

/** `report(message)` receives load failures; nothing is loaded twice. */
export function createResourceLoader({ report }) {
  const loaded = new Set();
  const used = new Set();

  async function loadNew(urls, load) {
    for (const url of asList(urls)) {
      if (typeof url !== "string" || loaded.has(url)) continue;
      loaded.add(url);
      try {
        await load(url);
      } catch (error) {
        report(`enable_module: ${error.message}`);
      }
    }
  }

  /** Loads what is new in `state`; styles in parallel, scripts in order. */
  async function load(state) {
    const styles = asList(state.trame__styles).filter((url) => !loaded.has(url));
    await Promise.all(
      styles.map((url) => loadNew([url], (href) => loadElement("link", { rel: "stylesheet", href }))),
    );
    await loadNew(state.trame__scripts, (src) => loadElement("script", { src, async: false }));
    await loadNew(state.trame__module_scripts, (src) => loadElement("script", { src, type: "module" }));
  }

  /** Installs the plugins of `trame__vue_use` not yet installed; true if any was. */
  function usePlugins(app, state) {
    let installed = false;
    for (const entry of asList(state.trame__vue_use)) {
      const [name, options] = pluginEntry(entry);
      if (!name || used.has(name)) continue;
      used.add(name);
      let plugin;
      try {
        plugin = lookupGlobal(name);
      } catch (error) {
        report(`enable_module: Vue plugin "${name}" could not be evaluated: ${error.message}`);
        continue;
      }
      if (!plugin) {
        report(`enable_module: Vue plugin "${name}" is not defined (window.${name})`);
        continue;
      }
      try {
        app.use(plugin, ...options.map(pluginOption));
        installed = true;
      } catch (error) {
        report(`enable_module: Vue plugin "${name}" failed to install: ${error.message}`);
      }
    }
    return installed;
  }

  return { load, usePlugins };
}
