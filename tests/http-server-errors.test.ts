import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { HttpServer } from "../adapters/http/server.js";
import { createLogger } from "../src/log.js";

// A route that throws answers 500 and the server goes on; the log names the error's kind, not its message,
// which can quote the request body.

let server: HttpServer | undefined;
afterEach(async () => server?.close());

describe("the HTTP server", () => {
  it("answers 500 for a failing route, keeps serving, and logs only the error's kind", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = new HttpServer(createLogger("info", sink));
    server.route("POST", "/boom", () => {
      throw Object.assign(new SyntaxError('Unexpected token in "Dokter Geheim"'), { code: "E_BODY" });
    });
    server.route("GET", "/healthz", (_req, res) => {
      res.end("ok");
    });
    const port = await server.listen(0, "127.0.0.1");
    const res = await fetch(`http://127.0.0.1:${port}/boom`, { method: "POST", body: "Dokter Geheim" });
    expect(res.status).toBe(500);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; err: unknown });
    expect(logged.filter((l) => l.msg === "request failed").map((l) => l.err)).toEqual([
      { name: "SyntaxError", code: "E_BODY" },
    ]);
    expect(lines.join("")).not.toContain("Geheim");
  });
});
