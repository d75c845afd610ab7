import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { HttpServer } from "../adapters/http/server.js";
import { silentLogger } from "../src/log.js";

// Plain paths skip URL parsing; every other form still routes as the WHATWG parser reads it.

let server: HttpServer | undefined;
afterEach(async () => server?.close());

/** A raw request line (fetch would normalise the path first). */
function statusOf(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the HTTP server's paths", () => {
  it("routes plain, queried, escaped and dotted paths as the URL parser reads them", async () => {
    server = new HttpServer(silentLogger);
    server.route("GET", "/api/messages", (_req, res) => {
      res.end("ok");
    });
    server.route("GET", "/files/*", (_req, res) => {
      res.end("file");
    });
    const port = await server.listen(0, "127.0.0.1");
    expect(await statusOf(port, "/api/messages")).toBe(200);
    expect(await statusOf(port, "/api/messages?x=1")).toBe(200);
    expect(await statusOf(port, "/api/x/../messages")).toBe(200);
    expect(await statusOf(port, "/files/a_b-c/d")).toBe(200);
    expect(await statusOf(port, "/api/messages/")).toBe(404);
    expect(await statusOf(port, "//api/messages")).toBe(404);
    expect(await statusOf(port, "/api/messages#x")).toBe(200);
  });
});
