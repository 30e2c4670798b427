// Builds the web client into the Python package: trame_desktop/_client/{index.html,__trame_desktop/}.
// The bundle folder's name keeps clear of the URL paths an app serves (an app's own "assets").
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here("../trame_desktop/_client");
const bundleDir = "__trame_desktop";

await rm(outDir, { recursive: true, force: true });
await mkdir(`${outDir}/${bundleDir}`, { recursive: true });

const result = await build({
  entryPoints: [here("src/main.js")],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "linked",
  entryNames: "[name]-[hash]",
  outdir: `${outDir}/${bundleDir}`,
  metafile: true,
  // The full Vue build: templates arrive as strings in the state and are
  // compiled in the browser.
  alias: { vue: "vue/dist/vue.esm-bundler.js" },
  define: {
    "process.env.NODE_ENV": '"production"',
    __VUE_OPTIONS_API__: "true",
    __VUE_PROD_DEVTOOLS__: "false",
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: "false",
  },
  logLevel: "warning",
});

// The stand-in trame-client's pages get in the shell's first page (trame_desktop/shell/trame_first_page.py
// inlines it): a classic script, so that it runs before trame-client's module.
await build({
  entryPoints: { "trame-boot": here("src/trame_boot/index.js") },
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "linked",
  entryNames: "[name]-[hash]",
  outdir: `${outDir}/${bundleDir}`,
  logLevel: "warning",
});

const script = Object.keys(result.metafile.outputs).find((path) => path.endsWith(".js"));
const html = await readFile(here("index.html"), "utf8");
const source = '<script type="module" src="./src/main.js"></script>';
if (!html.includes(source)) throw new Error(`index.html must load the client with ${source}`);
await writeFile(
  `${outDir}/index.html`,
  html.replace(source, `<script type="module" src="./${bundleDir}/${basename(script)}"></script>`),
);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`trame-desktop client: ${(bytes / 1024).toFixed(0)} KiB in ${outDir}`);
