/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from "vite";
import react from "@vitejs/plugin-react";

// krds-uiux 1.1.0 ships component.css with icon paths one "img/" too deep ("../../img/img/component/…");
// the files themselves sit at resources/img/component/. Correct the paths so Vite bundles the icons.
function krdsIconPaths(): Plugin {
  return {
    name: "krds-icon-paths",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("krds-uiux/resources/css/component/component.css")) return null;
      return { code: code.replaceAll("../../img/img/component/", "../../img/component/"), map: null };
    },
  };
}

// `npm run dev` talks to a running `mdap run` (same origin in production); override with MDAP_DEV_SERVER.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
const devServer = env.MDAP_DEV_SERVER ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [krdsIconPaths(), react()],
  // Absolute "/" base: deep links such as /admin/users get index.html from the SPA fallback and must
  // still find /assets/*; the local server and CloudFront both serve dist/ at the site root.
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // fonts and icons are files next to the bundle, never inlined into JS, never fetched from a CDN
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    proxy: {
      "/api": devServer,
      "/health": devServer,
      "/config.json": devServer,
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
