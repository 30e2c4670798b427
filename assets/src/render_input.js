// Hands what the user did on the last launch's render (shown before this bundle ran) to the mounted app.
//
// The shell's first page can show the HTML the same snapshot rendered at the last launch
// (trame_desktop/shell/last_render.py); its inline script keeps the clicks, input and change
// events made on it, by the element's place in the tree. The mounted app renders the same tree, so
// each kept event is made again, in order, on the element at the same place: a click is clicked,
// a field gets the value the user left in the render's field and its input or change event, which
// v-model and the outbox take like any other edit. Focus stays where the user left it.

/** The HTML of the tree under ``root`` as it shows: fields' current values and checks as attributes
 * (which is what a saved render shows; the live tree's properties are not in its markup). */
export function renderedHtml(root) {
  const copy = root.cloneNode(true);
  const fields = "input, textarea, select";
  const originals = root.querySelectorAll(fields);
  copy.querySelectorAll(fields).forEach((field, index) => {
    const original = originals[index];
    if (field.tagName === "TEXTAREA") field.textContent = original.value;
    else if (field.tagName === "SELECT") {
      Array.from(field.options).forEach((option, i) => option.toggleAttribute("selected", original.options[i].selected));
    } else if (field.type === "checkbox" || field.type === "radio") field.toggleAttribute("checked", original.checked);
    else if (field.type !== "file" && field.type !== "password") field.setAttribute("value", original.value);
  });
  return copy.innerHTML;
}

/** What the user did on the render, read before the mount replaces it (null when there was none). */
export function takeRenderInput(root) {
  const render = window.__tdRender;
  if (!render || !root) return null;
  window.__tdRender = undefined;
  render.stop();
  const at = (path) => elementAt(root, path);
  const kept = [];
  // A field's edits are made again as one, where its last one was, with the value the user left and
  // the events the browser fired for it (input as typed, change when committed: v-model listens to
  // one or the other).
  const edits = new Map();
  render.kept.forEach((event, index) => {
    if (event.type === "click") return;
    const key = event.path.join("/");
    const edit = edits.get(key) || { types: new Set() };
    edit.types.add(event.type);
    edit.last = index;
    edits.set(key, edit);
  });
  render.kept.forEach((event, index) => {
    if (event.type === "click") {
      kept.push({ type: "click", path: event.path });
      return;
    }
    const edit = edits.get(event.path.join("/"));
    if (edit.last !== index) return;
    const field = at(event.path);
    if (!field || !("value" in field)) return;
    kept.push({ type: "edit", events: [...edit.types].sort().reverse(), path: event.path, value: field.value,
                checked: field.checked });
  });
  const active = document.activeElement;
  const focus = active && active !== root && root.contains(active) ? render.pathOf(active) : null;
  return { kept, focus };
}

/** Make the kept events again on the mounted tree under ``root``. */
export function replayRenderInput(carried, root) {
  if (!carried || !root) return;
  const focused = elementAt(root, carried.focus);
  if (focused && typeof focused.focus === "function") focused.focus();
  for (const event of carried.kept) {
    const target = elementAt(root, event.path);
    if (!target) continue;
    if (event.type === "click") {
      target.click();
      continue;
    }
    if (target.type === "checkbox" || target.type === "radio") target.checked = event.checked;
    else target.value = event.value;
    for (const type of event.events) target.dispatchEvent(new Event(type, { bubbles: true })); // input, then change
  }
}

function elementAt(root, path) {
  if (!path) return null;
  let node = root;
  for (const index of path) {
    node = node && node.children[index];
  }
  return node || null;
}
