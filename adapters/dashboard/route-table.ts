import type { IncomingMessage, ServerResponse } from "node:http";
import type { CoreContext } from "../../src/services/context.js";
import type { Viewer } from "../../src/services/dashboard/access.js";
import type { CookiePolicy } from "./cookies.js";
import type { NoticeKind } from "./page-kinds.js";

// The shape of a dashboard route. Who may use it is declared here, per route, and enforced once (mount.ts):
// `anyone` (sign-in, assets), `viewer` (an organiser or a leader, whose data the handler scopes), `organiser`.

export interface DashboardRequest {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: CoreContext;
  /** The path's `:name` parts, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  cookie: CookiePolicy;
  /** The cookie's value as sent (only sign-out needs it). */
  cookieValue: string | undefined;
  locale: "nl" | "en";
  /** Always set for `viewer` and `organiser` routes. */
  viewer: Viewer | undefined;
  /** The bot's own address, for the Origin check. */
  base: string;
  /** Answers with a notice page (or JSON for API routes): no data. */
  refuse(status: number, kind: NoticeKind): void;
}

export interface SignedInRequest extends DashboardRequest {
  viewer: Viewer;
}

export type DashboardRoute =
  | { method: "GET" | "POST"; path: string; who: "anyone"; handle(r: DashboardRequest): void | Promise<void> }
  | {
      method: "GET" | "POST";
      path: string;
      who: "viewer" | "organiser";
      handle(r: SignedInRequest): void | Promise<void>;
    };

/** Matches `/dashboard/sessions/:id` against a path; the parts decoded (a malformed escape throws URIError). */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const actual = got[i] ?? "";
    if (part.startsWith(":")) {
      if (!actual) return undefined;
      params[part.slice(1)] = decodeURIComponent(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}
