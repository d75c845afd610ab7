import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { HttpServer } from "../http/server.js";
import { PlaygroundConnector } from "./connector.js";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const playgroundConfigSchema = z.object({
  /** auto: on while Teams authentication is off; on: also with credentials (for a demo box); off: never. */
  PLAYGROUND: z.enum(["auto", "on", "off"], { message: "must be auto, on or off" }).default("auto"),
});

/** Whether the page is mounted, from PLAYGROUND and whether Teams checks tokens (the playground's are unsigned). */
export function playgroundEnabled(
  config: z.infer<typeof playgroundConfigSchema>,
  teamsAuthenticated: boolean,
): boolean {
  return config.PLAYGROUND === "on" || (config.PLAYGROUND === "auto" && !teamsAuthenticated);
}

/** The organiser identity the page can switch to. */
export const playgroundOrganiser = "teams:pg-organiser";

const assets: Record<string, { file: string; type: string }> = {
  "/": { file: join(here, "public/index.html"), type: "text/html; charset=utf-8" },
  "/playground/playground.js": { file: join(here, "public/playground.js"), type: "text/javascript; charset=utf-8" },
  "/playground/traffic.js": { file: join(here, "public/traffic.js"), type: "text/javascript; charset=utf-8" },
  "/playground/playground.css": { file: join(here, "public/playground.css"), type: "text/css; charset=utf-8" },
  "/playground/adaptivecards.js": {
    file: join(dirname(require.resolve("adaptivecards/package.json")), "dist/adaptivecards.min.js"),
    type: "text/javascript; charset=utf-8",
  },
};

/** Mounts the page, its assets, the connector endpoints and the event stream on the bot's HTTP server. */
export function mountPlayground(http: HttpServer, organiserChips: string[] = []): PlaygroundConnector {
  const connector = new PlaygroundConnector();
  for (const [path, asset] of Object.entries(assets)) {
    http.route("GET", path, (_req, res) => {
      res.writeHead(200, { "content-type": asset.type, "cache-control": "no-cache" });
      res.end(readFileSync(asset.file));
    });
  }
  http.route("GET", "/playground/config.js", (_req, res) => {
    res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
    res.end(`window.SPREEKUUR_ORGANISER_CHIPS = ${JSON.stringify(organiserChips)};`);
  });
  http.route("GET", "/playground/events/*", (req, res) => {
    const conversation = decodeURIComponent(
      new URL(req.url ?? "/", "http://x").pathname.slice("/playground/events/".length),
    );
    connector.subscribe(conversation, res);
  });
  http.route("POST", "/playground/transcript/*", (req, res) => {
    const conversation = decodeURIComponent(
      new URL(req.url ?? "/", "http://x").pathname.slice("/playground/transcript/".length),
    );
    return connector.record(req, res, conversation);
  });
  for (const method of ["POST", "PUT", "DELETE"]) {
    http.route(method, "/playground/connector/*", (req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname.slice("/playground/connector/".length);
      return connector.handle(req, res, path);
    });
  }
  return connector;
}
