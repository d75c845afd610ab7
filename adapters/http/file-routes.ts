import type { CoreContext } from "../../src/services/context.js";
import { currentInvite } from "../../src/services/invites.js";
import { calendarPath, filesPath, readCalendarToken, safeFilename } from "./calendar-links.js";
import { type HttpServer, sendJson } from "./server.js";

// The signed links' server, shared by the adapters: GET /calendar/<token>.ics (Teams, and Slack when PUBLIC_URL is
// set) and GET /files/<token>/<name> (Teams' roster CSV and privacy export). What a link may serve is in its token.

export function mountFileRoutes(http: HttpServer, ctx: CoreContext, secret: string): void {
  http.route("GET", `${calendarPath}*`, (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const token = path.slice(calendarPath.length).replace(/\.ics$/, "");
    const invite = readCalendarToken(
      { secret, now: ctx.clock.now(), rebuild: (ref) => currentInvite(ctx, ref) },
      token,
    );
    // File tokens are not calendar links.
    if (invite?.mediaType !== "text/calendar") {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    res.writeHead(200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="${safeFilename(invite.filename)}"`,
      "cache-control": "private, max-age=300",
    });
    res.end(invite.content);
  });

  // Other files (a roster CSV, a privacy export): the token, then the filename for the browser.
  http.route("GET", `${filesPath}*`, (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const [token = ""] = path.slice(filesPath.length).split("/");
    const file = readCalendarToken({ secret, now: ctx.clock.now(), rebuild: () => undefined }, token);
    if (!file || file.mediaType === "text/calendar") {
      sendJson(res, 404, { error: "not found" });
      return;
    }
    res.writeHead(200, {
      "content-type": `${file.mediaType}; charset=utf-8`,
      "content-disposition": `attachment; filename="${safeFilename(file.filename)}"`,
      "cache-control": "private, no-store",
    });
    res.end(file.content);
  });
}
