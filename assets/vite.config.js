// Builds the web client into the Python package (trame_desktop/_client/).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  // Relative URLs: the page works wherever the server mounts it.
  base: "./",
  resolve: {
    // The full build: templates arrive as strings in the state and are
    // compiled in the browser.
    alias: { vue: "vue/dist/vue.esm-bundler.js" },
  },
  define: {
    __VUE_OPTIONS_API__: "true",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
  },
  build: {
    outDir: fileURLToPath(new URL("../trame_desktop/_client", import.meta.url)),
    emptyOutDir: true,
    target: "es2020",
    assetsDir: "assets",
    reportCompressedSize: false,
  },
});
