import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { completeByToken } from "../../src/domain/campaigns.js";
import type { CoreContext } from "../../src/services/context.js";
import { readBody, sendJson } from "./server.js";

// `POST /surveys/<id>/completed` from the survey tool: shared secret in a header, the member's opaque token in the
// body. Neither is ever logged.

const bodySchema = z.object({ token: z.string().min(8).max(200) });

/** Constant-time comparison of equal-length digests, so neither length nor content leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function presentedSecret(req: IncomingMessage): string {
  const header = req.headers["x-survey-secret"];
  if (typeof header === "string") return header;
  const auth = req.headers.authorization ?? "";
  return auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
}

export function surveyWebhook(ctx: CoreContext, secret: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const match = /^\/surveys\/(\d+)\/completed$/.exec(new URL(req.url ?? "/", "http://localhost").pathname);
    if (!match) return sendJson(res, 404, { error: "not found" });
    if (!secret) return sendJson(res, 503, { error: "completion webhook not configured" });
    if (!sameSecret(presentedSecret(req), secret)) return sendJson(res, 401, { error: "invalid secret" });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, 10_000));
    } catch {
      return sendJson(res, 400, { error: 'body must be JSON: {"token": "…"}' });
    }
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: 'body must be JSON: {"token": "…"}' });
    const outcome = completeByToken(ctx.db, Number(match[1]), parsed.data.token, ctx.clock.now());
    if (outcome === "not_invited") return sendJson(res, 404, { error: "unknown survey or token" });
    if (outcome === "closed") return sendJson(res, 409, { error: "survey closed" });
    ctx.log.info({ survey: Number(match[1]) }, "survey completion recorded");
    return sendJson(res, 200, { status: outcome === "already" ? "already_completed" : "completed" });
  };
}
