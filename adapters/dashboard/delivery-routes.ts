import { resendFailed } from "../../src/services/broadcasts.js";
import { broadcastProgressFor } from "../../src/services/dashboard/deliveries.js";
import { readForm, sameOrigin, sameToken } from "./forms.js";
import { streamProgress } from "./live-progress.js";
import { redirect, sendJsonBody } from "./responses.js";
import type { DashboardRoute } from "./route-table.js";

// A broadcast's live progress (server-sent events) and "resend to failed", a form with the session's CSRF token.

const broadcastId = (text: string | undefined) => (/^\d{1,12}$/.test(text ?? "") ? Number(text) : undefined);

export const deliveryRoutes: DashboardRoute[] = [
  {
    method: "GET",
    path: "/dashboard/api/deliveries/:id/events",
    who: "organiser",
    handle: (r) => {
      const id = broadcastId(r.params.id);
      if (id === undefined || !broadcastProgressFor(r.ctx, id)) return r.refuse(404, "not_found");
      streamProgress(r, id);
    },
  },
  {
    method: "GET",
    path: "/dashboard/api/deliveries/:id",
    who: "organiser",
    handle: (r) => {
      const id = broadcastId(r.params.id);
      const progress = id === undefined ? undefined : broadcastProgressFor(r.ctx, id);
      if (!progress) return r.refuse(404, "not_found");
      sendJsonBody(r.res, 200, progress);
    },
  },
  {
    method: "POST",
    path: "/dashboard/deliveries/:id/resend",
    who: "organiser",
    handle: async (r) => {
      if (!sameOrigin(r.req, r.base)) return r.refuse(403, "forbidden");
      const form = await readForm(r.req);
      if (!sameToken(form.get("csrf"), r.viewer.csrf)) return r.refuse(403, "forbidden");
      const id = broadcastId(r.params.id);
      if (id === undefined || !broadcastProgressFor(r.ctx, id)) return r.refuse(404, "not_found");
      resendFailed(r.ctx, id, r.viewer.memberId);
      redirect(r.res, "/dashboard/deliveries");
    },
  },
];
