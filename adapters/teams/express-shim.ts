import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, Response } from "botbuilder";

// CloudAdapter.process wants Express's req (body parsed) and res (status/header/send/end); node:http gives neither.

export function requestShim(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { body, headers: req.headers, method: req.method ?? "POST" };
}

export function responseShim(res: ServerResponse): Response {
  let body: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(payload?: unknown) {
      if (payload === undefined) return;
      body = typeof payload === "string" ? payload : JSON.stringify(payload);
      if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json; charset=utf-8");
    },
    end() {
      if (!res.writableEnded) res.end(body);
    },
  };
}
