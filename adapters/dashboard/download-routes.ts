import { loadReportFormat } from "../../src/domain/report-format.js";
import { consultationDownload } from "../../src/services/dashboard/consultations.js";
import { sessionDetailFor } from "../../src/services/dashboard/session-detail.js";
import { exportReports } from "../../src/services/report-export.js";
import { exportRoster } from "../../src/services/roster-export.js";
import { sendFile } from "./responses.js";
import type { DashboardRoute } from "./route-table.js";

// The files the CLI gives, from the browser: a session's roster (its organisers and its own leader) and every
// submitted report (organisers), a consultation round's reactions (organisers), in the same formats.

/** A file name from an id: only the characters any file system takes. */
const fileSafe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

const fileType = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;

const reportExport = (as: "csv" | "json"): DashboardRoute => ({
  method: "GET",
  path: `/dashboard/reports/export.${as}`,
  who: "organiser",
  handle: ({ ctx, res }) => {
    const format = loadReportFormat(ctx.config.REPORT_FORMAT_PATH);
    const body = exportReports(ctx.db, format, ctx.config.BOT_TIMEZONE, as);
    sendFile(res, fileType[as], `verslagen.${as}`, body);
  },
});

const consultationExport = (as: "csv" | "json"): DashboardRoute => ({
  method: "GET",
  path: `/dashboard/consultations/:id/export.${as}`,
  who: "organiser",
  handle: (r) => {
    const body = consultationDownload(r.ctx, r.viewer, r.params.id ?? "", as);
    if (body === undefined) return r.refuse(404, "not_found");
    sendFile(r.res, fileType[as], `reactieronde-${fileSafe(r.params.id ?? "")}.${as}`, body);
  },
});

export const downloadRoutes: DashboardRoute[] = [
  {
    method: "GET",
    path: "/dashboard/sessions/:id/roster.csv",
    who: "viewer",
    handle: (r) => {
      const id = r.params.id ?? "";
      // The same scoping as the session's page: a leader gets the roster of a session they lead, else nothing.
      if (!sessionDetailFor(r.ctx, r.viewer, id)) return r.refuse(404, "not_found");
      sendFile(r.res, "text/csv; charset=utf-8", `deelnemers-${fileSafe(id)}.csv`, exportRoster(r.ctx.db, id, "csv"));
    },
  },
  reportExport("csv"),
  reportExport("json"),
  consultationExport("csv"),
  consultationExport("json"),
];
