// Applies trame__title and trame__favicon to the document.
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
