// Turns a layout's template string into a Vue component that sees the state as its scope.
import { compile, h } from "vue";

/** Names resolved from app.config.globalProperties instead of the state. */
export const HELPERS = ["trigger", "set", "get", "utils"];

function isStateName(key, helpers) {
  return typeof key === "string" && key[0] !== "$" && key[0] !== "_" && !helpers.has(key);
}

/**
 * The render scope: every identifier of a template that is not a helper reads
 * and writes the shared state, even a key the server has not sent yet (Vue
 * then tracks it and re-renders when it arrives). Assignments (v-model,
 * `count = 3`) are local changes to send.
 */
export function createScope(store) {
  const helpers = new Set(HELPERS);
  return new Proxy(store.state, {
    getOwnPropertyDescriptor(target, key) {
      if (isStateName(key, helpers)) {
        return { value: target[key], writable: true, enumerable: true, configurable: true };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set(target, key, value) {
      if (isStateName(key, helpers)) {
        store.setLocal(key, value);
        return true;
      }
      return Reflect.set(target, key, value);
    },
  });
}

function errorBox(text) {
  return { name: "TrameTemplateError", render: () => h("pre", { class: "td-template-error" }, text) };
}

/**
 * A component rendering `template` against `scope`. Compile errors go to
 * `report` and show in place of the layout.
 */
export function compileLayout(name, template, scope, report) {
  if (typeof template !== "string") {
    return errorBox(`Waiting for the layout "${name}" (state key trame__template_${name}).`);
  }
  const errors = [];
  let render = null;
  try {
    render = compile(template, {
      onError: (error) => errors.push(error),
      onWarn: () => {},
    });
  } catch (error) {
    errors.push(error);
  }
  if (errors.length) {
    const text = errors
      .map((error) => {
        const at = error.loc ? ` (line ${error.loc.start.line}, column ${error.loc.start.column})` : "";
        return `${error.message}${at}`;
      })
      .join("\n");
    const message = `Template compile error in trame__template_${name}:\n${text}`;
    report(message);
    return errorBox(message);
  }
  return { name: "TrameLayout", setup: () => scope, render };
}
