import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { send } from "./responses.js";
import type { DashboardRoute } from "./route-table.js";

// The pages' own script and style, and Chart.js from npm: all served by the bot, so the dashboard works offline
// and the CSP names no other host. Read once, on the first request.

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// chart.js exports no package.json: its main entry's folder is dist/.
const chartDist = dirname(require.resolve("chart.js"));

const assets: Record<string, { file: string; type: string }> = {
  "dashboard.css": { file: join(here, "public/dashboard.css"), type: "text/css; charset=utf-8" },
  "dashboard.js": { file: join(here, "public/dashboard.js"), type: "text/javascript; charset=utf-8" },
  "chart.js": { file: join(chartDist, "chart.umd.min.js"), type: "text/javascript; charset=utf-8" },
};

const loaded = new Map<string, Buffer>();

export const assetRoutes: DashboardRoute[] = Object.entries(assets).map(([name, asset]) => ({
  method: "GET",
  path: `/dashboard/assets/${name}`,
  who: "anyone",
  handle: ({ res }) => {
    let body = loaded.get(name);
    if (!body) {
      body = readFileSync(asset.file);
      loaded.set(name, body);
    }
    // No personal data: these may be cached (the no-store default is for pages).
    send(res, 200, asset.type, body, { "cache-control": "public, max-age=3600" });
  },
}));
