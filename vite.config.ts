/**
 * The add-in's build: five pages under `addin/` into `dist/addin/`.
 *
 * - `taskpane.html` — loads Office.js from Microsoft's CDN, then the task pane with the Excel
 *   port; it is also the shared runtime's page, so it registers the custom functions too;
 * - `functions.html` — Office.js + the custom functions alone (`functions.js`, a stable name
 *   the manifest points at);
 * - `commands.html` — Office.js for ribbon commands (none yet beyond opening the pane);
 * - `preview.html` — no Office.js: the same task pane on an in-page workbook loaded from an
 *   .xlsx file, for trying the add-in in a browser;
 * - `auth-callback.html` — Office.js + the page Cognito's hosted UI redirects the sign-in dialog
 *   to (addin/entries/auth-callback.ts); used when VITE_SHISHI_COGNITO_DOMAIN and
 *   VITE_SHISHI_COGNITO_CLIENT_ID are set at build time (the Cognito domain also goes in
 *   AppDomains).
 *
 * The icons (`assets/icon-<size>.png`) are drawn at build time (addin/assets/icons.ts) and a
 * `manifest.xml` is written for SHISHI_ADDIN_BASE_URL (default https://localhost:3443) with
 * SHISHI_ADDIN_API_URL for AppDomains; `npm start` rewrites it for the port it serves on.
 * vitest does not read this file (vitest.config.ts stands alone).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { iconPng } from './addin/assets/icons';
import { generateManifest, ICON_SIZES, manifestOptionsFromEnv } from './addin/manifest/generate';

const ROOT = import.meta.dirname;

/** Emits the icons and the manifest into the build. */
function addinFiles(): Plugin {
  return {
    name: 'shishi-addin-files',
    apply: 'build',
    generateBundle() {
      for (const size of ICON_SIZES)
        this.emitFile({ type: 'asset', fileName: `assets/icon-${size}.png`, source: iconPng(size) });
      const version = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string })
        .version;
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.xml',
        source: generateManifest(manifestOptionsFromEnv(process.env, version)),
      });
    },
  };
}

export default defineConfig({
  root: resolve(ROOT, 'addin'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [react(), addinFiles()],
  define: { __SHISHI_API_URL__: JSON.stringify(process.env.SHISHI_ADDIN_API_URL ?? '') },
  build: {
    outDir: resolve(ROOT, 'dist', 'addin'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      input: {
        taskpane: resolve(ROOT, 'addin', 'taskpane.html'),
        'functions-page': resolve(ROOT, 'addin', 'functions.html'),
        commands: resolve(ROOT, 'addin', 'commands.html'),
        preview: resolve(ROOT, 'addin', 'preview.html'),
        'auth-callback': resolve(ROOT, 'addin', 'auth-callback.html'),
        functions: resolve(ROOT, 'addin', 'entries', 'functions.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'functions' ? 'functions.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
