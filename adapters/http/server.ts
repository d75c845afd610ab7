import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError } from "../../src/env.js";
import type { Logger } from "../../src/log.js";
import { errorKind } from "./error-kind.js";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  path: string;
  prefix: boolean;
  handler: RouteHandler;
}

/** A path WHATWG parsing leaves as it is (no query, dots, escapes or leading `//`): every webhook's, not parsed. */
const plainPath = /^\/(?!\/)[\w\-/]*$/;

/** The bot's one HTTP server: adapters mount their routes on it (`/slack/events`, `/api/messages`, …). */
export class HttpServer {
  private readonly routes: Route[] = [];
  readonly server: Server;

  constructor(private readonly log: Logger) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
  }

  /** Exact path, or a prefix when it ends with `*`. */
  route(method: string, path: string, handler: RouteHandler): void {
    const prefix = path.endsWith("*");
    this.routes.push({ method, path: prefix ? path.slice(0, -1) : path, prefix, handler });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const path = plainPath.test(url) ? url : new URL(url, "http://localhost").pathname;
    const route = this.routes.find(
      (r) => r.method === req.method && (r.prefix ? path.startsWith(r.path) : path === r.path),
    );
    if (!route) {
      const known = this.routes.some((r) => (r.prefix ? path.startsWith(r.path) : path === r.path));
      sendJson(res, known ? 405 : 404, { error: known ? "method not allowed" : "not found" });
      return;
    }
    try {
      await route.handler(req, res);
    } catch (error) {
      // A prefix route's tail may carry data (a signed file link holds the file): log the route, not the path;
      // and the error's kind, not its message (it may quote the body).
      this.log.error({ err: errorKind(error), path: route.prefix ? `${route.path}*` : path }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.end();
    }
  }

  /** A port another program holds is a ConfigError: one line naming the port and the next one to try. */
  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "EADDRINUSE" ? new PortInUseError(port) : error),
      );
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

class PortInUseError extends ConfigError {
  override name = "PortInUseError";
  constructor(port: number) {
    super(
      `Poort ${port} is al in gebruik (port ${port} is in use, by another program or a Spreekuur already running): ` +
        `start op een andere poort met PORT=${port + 1} npm start`,
    );
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a request body (bounded: chat payloads are small). */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
