import { signIn, signOut } from "../../src/services/dashboard/access.js";
import { clearedCookie, sessionCookie } from "./cookies.js";
import { readForm, sameOrigin, sameToken } from "./forms.js";
import type { NoticeKind } from "./page-kinds.js";
import { renderLoginConfirm, renderNotice } from "./pages/render.js";
import { redirect, sendHtml } from "./responses.js";
import type { DashboardRoute } from "./route-table.js";

// Signing in and out. Opening the link from chat shows a button; only pressing it (a POST) spends the single-use
// token, so a chat client that fetches the link for a preview cannot use it up.

const refusals: Record<"unknown" | "expired" | "used" | "not_allowed", { status: number; kind: NoticeKind }> = {
  unknown: { status: 400, kind: "link_unknown" },
  expired: { status: 410, kind: "link_expired" },
  used: { status: 410, kind: "link_used" },
  not_allowed: { status: 403, kind: "not_allowed" },
};

export const signInRoutes: DashboardRoute[] = [
  {
    method: "GET",
    path: "/dashboard/login",
    who: "anyone",
    handle: (r) => {
      const token = r.query.get("t");
      if (!token) return r.refuse(400, "link_unknown");
      sendHtml(r.res, 200, renderLoginConfirm(token, r.locale));
    },
  },
  {
    method: "POST",
    path: "/dashboard/login",
    who: "anyone",
    handle: async (r) => {
      if (!sameOrigin(r.req, r.base)) return r.refuse(403, "forbidden");
      const form = await readForm(r.req);
      const outcome = signIn(r.ctx, form.get("t") ?? "");
      if (outcome.kind !== "signed_in") {
        const { status, kind } = refusals[outcome.kind];
        return r.refuse(status, kind);
      }
      redirect(r.res, "/dashboard", { "set-cookie": sessionCookie(r.cookie, outcome.cookie) });
    },
  },
  {
    method: "POST",
    path: "/dashboard/logout",
    who: "anyone",
    handle: async (r) => {
      if (!sameOrigin(r.req, r.base)) return r.refuse(403, "forbidden");
      const form = await readForm(r.req);
      // A live session ends only with its own token (another site cannot sign the organiser out).
      if (r.viewer && !sameToken(form.get("csrf"), r.viewer.csrf)) return r.refuse(403, "forbidden");
      signOut(r.ctx, r.cookieValue);
      sendHtml(r.res, 200, renderNotice("signed_out", { locale: r.locale }), {
        "set-cookie": clearedCookie(r.cookie),
      });
    },
  },
];
