import { mountDashboard } from "../../adapters/dashboard/mount.js";
import { HttpServer } from "../../adapters/http/server.js";
import { silentLogger } from "../../src/log.js";
import { Driver, sessionsCsv } from "./driver.js";

// The dashboard mounted on a real HTTP server over a Driver's core and SQLite file: an organiser (`memory:org1`),
// the leader of S1 (`memory:L1`), a plain member (`memory:gp1`), three sessions.

export interface DashboardSite {
  driver: Driver;
  base: string;
  get(path: string, cookie?: string, headers?: Record<string, string>): Promise<Response>;
  post(
    path: string,
    form: Record<string, string>,
    cookie?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** The link the person gets by typing `dashboard` in chat. */
  linkFor(userId: string): string;
  /** Signs in through a chat link; the cookie header to send. */
  signIn(userId: string): Promise<string>;
  close(): Promise<void>;
}

export async function dashboardSite(env: Record<string, string> = {}): Promise<DashboardSite> {
  const driver = new Driver({
    env: { ORGANISERS: "memory:org1", ...env },
    sessionsCsv: sessionsCsv([
      { id: "S1", city: "Utrecht", leaderId: "memory:L1" },
      { id: "S2", city: "Zwolle", region: "Overijssel" },
      { id: "S3", city: "Breda", region: "Noord-Brabant" },
    ]),
  });
  for (const user of ["org1", "L1", "gp1"]) driver.gp(user).say("hallo");
  const http = new HttpServer(silentLogger);
  mountDashboard(http, driver.ctx);
  const port = await http.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  driver.ctx.publicUrl = () => base;
  const withCookie = (cookie?: string, headers: Record<string, string> = {}) => ({
    ...headers,
    ...(cookie ? { cookie } : {}),
  });
  const site: DashboardSite = {
    driver,
    base,
    get: (path, cookie, headers) =>
      fetch(`${base}${path}`, { headers: withCookie(cookie, headers), redirect: "manual" }),
    post: (path, form, cookie, headers) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: withCookie(cookie, { "content-type": "application/x-www-form-urlencoded", ...headers }),
        body: new URLSearchParams(form).toString(),
        redirect: "manual",
      }),
    linkFor: (userId) => {
      const reply = driver.gp(userId).say("dashboard")[0];
      const url = /https?:\/\/\S+\/dashboard\/login\?t=[\w-]+/.exec(reply?.text ?? "")?.[0];
      if (!url) throw new Error(`no dashboard link for ${userId}: ${reply?.text}`);
      return url;
    },
    signIn: async (userId) => {
      const token = new URL(site.linkFor(userId)).searchParams.get("t") ?? "";
      const res = await site.post("/dashboard/login", { t: token });
      const cookie = res.headers.get("set-cookie")?.split(";")[0];
      if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${userId} failed: ${res.status}`);
      return cookie;
    },
    close: async () => {
      await http.close();
      driver.close();
    },
  };
  return site;
}
