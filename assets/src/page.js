// The document around the app: trame__title and trame__favicon, and the notice bar.
import { watch } from "vue";

export function bindPageHead(state) {
  watch(
    () => state.trame__title,
    (title) => {
      if (typeof title === "string") document.title = title;
    },
    { immediate: true },
  );
  watch(
    () => state.trame__favicon,
    (href) => {
      if (typeof href !== "string" || !href) return;
      let link = document.querySelector("link[rel~='icon']");
      if (!link) {
        link = document.createElement("link");
        link.rel = "icon";
        document.head.appendChild(link);
      }
      link.href = href;
    },
    { immediate: true },
  );
}

/** Show `text` in the page's notice bar (`#td-notice`): something the user did did not reach
 * the server. It stays until clicked, or until a while has passed. */
export function showNotice(text) {
  const notice = document.getElementById("td-notice");
  if (!notice) return;
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(showNotice.timer);
  showNotice.timer = setTimeout(() => {
    notice.hidden = true;
  }, 10000);
  notice.onclick = () => {
    notice.hidden = true;
  };
}
