import type { IncomingMessage, ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { type BufferedIncomingMessage, HTTPModuleFunctions } from "@slack/bolt";
import type { Logger } from "../../src/log.js";
import { type RouteHandler, sendJson } from "../http/server.js";
import { classifySlackBody } from "./request-shapes.js";
import { signatureProblem } from "./signature.js";

// In front of Bolt's HTTPReceiver at /slack/events: checks the signature and its time window, parses the body the
// way Bolt will, and lets through only what a listener can take. Malformed bodies get 400, bodies no listener takes
// get 200 at once, both without touching Bolt; Bolt then does the real work for the rest (it finds the body already
// read on `req.rawBody` and checks the signature again, which passes).

const formType = "application/x-www-form-urlencoded";

export interface SlackGuardOptions {
  signingSecret: string;
  log: Logger;
  /** Bolt's `receiver.requestListener`. */
  next: (req: IncomingMessage, res: ServerResponse) => void;
  /** Milliseconds since the epoch; Slack signs with real time, so not the app's (testable) clock. */
  now?: () => number;
}

export function slackRequestGuard({ signingSecret, log, next, now = Date.now }: SlackGuardOptions): RouteHandler {
  const refused = (res: ServerResponse, status: 400 | 401 | 413, reason: string) => {
    log.info({ platform: "slack", status, reason }, "slack request refused");
    if (status === 400) sendJson(res, 400, { error: reason });
    else HTTPModuleFunctions.buildNoBodyResponse(res, status);
  };
  return async (req, res) => {
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
      refused(res, tooLarge ? 413 : 400, tooLarge ? "body too large" : "body unreadable");
      return;
    }
    const fields = req.headers["content-type"] === formType ? parse(buffered.rawBody.toString()) : undefined;
    // Slack's unsigned SSL check (Bolt answers it without a signature too); nothing in it is read.
    if (fields?.ssl_check === "1") {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }
    const problem = signatureProblem(signingSecret, req.headers, buffered.rawBody, now());
    if (problem) {
      refused(res, 401, `signature ${problem}`);
      return;
    }
    if (fields) {
      const repeated = Object.keys(fields).find((key) => Array.isArray(fields[key]));
      if (repeated !== undefined) {
        refused(res, 400, "a form field is repeated");
        return;
      }
      if (fields.payload === undefined && fields.command === undefined) {
        refused(res, 400, "the form has neither payload nor command");
        return;
      }
    }
    let body: unknown;
    try {
      // Bolt's own parser: a form's `payload` field as JSON, else the form's fields, else the body as JSON.
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      refused(res, 400, fields ? "payload is not JSON" : "body is not JSON");
      return;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      refused(res, 400, "body is not a JSON object");
      return;
    }
    const record = body as Record<string, unknown>;
    if (record.ssl_check === "1") {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }
    const verdict = classifySlackBody(record);
    if (verdict.kind === "reject") {
      refused(res, 400, verdict.reason);
      return;
    }
    if (verdict.kind === "ignore") {
      log.debug({ platform: "slack", what: verdict.what }, "slack request ignored: no listener");
      HTTPModuleFunctions.buildNoBodyResponse(res, 200);
      return;
    }
    next(buffered, res);
  };
}
