// The dashboard's JSON API over HTTP: the real server and routes (adapters/dashboard/mount.ts), signed in through a
// link as an organiser and as a leader, each route against its queries run bare behind a bare node:http server
// (same client, same keep-alive, JSON of the raw rows), alternating. The difference is what the dashboard adds:
// the session and role check (viewerOf), the mapping into the page's data, the security headers.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { cookiePolicy } from "../adapters/dashboard/cookies.js";
import { mountDashboard } from "../adapters/dashboard/mount.js";
import { HttpServer } from "../adapters/http/server.js";
import { addOrganiser } from "../src/domain/organisers.js";
import { silentLogger } from "../src/log.js";
import type { CoreContext } from "../src/services/context.js";
import { issueDashboardLink, signIn } from "../src/services/dashboard/access.js";

export interface HttpRoute {
  route: string;
  path: string;
  scope: "organiser" | "leader";
  /** The same queries run bare, timed in turn with the requests. */
  bare: () => unknown;
}

type Percentiles = { p50: number; p99: number };

async function cookieOf(ctx: CoreContext, memberId: number, scope: HttpRoute["scope"], name: string) {
  const link = new URL(issueDashboardLink(ctx, memberId, scope));
  const opened = signIn(ctx, link.searchParams.get("t") ?? "");
  if (opened.kind !== "signed_in") throw new Error(`sign-in as ${scope} refused: ${opened.kind}`);
  return `${name}=${opened.cookie}`;
}

export async function measureHttp(
  ctx: CoreContext,
  people: { organiser: { memberId: number; userId: string }; leader: { memberId: number } },
  routes: HttpRoute[],
  iterations: number,
  sorted: (times: number[]) => Percentiles,
): Promise<number> {
  const http = new HttpServer(silentLogger);
  mountDashboard(http, ctx);
  const port = await http.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  ctx.publicUrl = () => base;
  const name = cookiePolicy(base).name;
  addOrganiser(ctx.db, { platform: "memory", userId: people.organiser.userId }, ctx.clock.now());
  const cookies = {
    organiser: await cookieOf(ctx, people.organiser.memberId, "organiser", name),
    leader: await cookieOf(ctx, people.leader.memberId, "leader", name),
  };
  const byPath = new Map(routes.map((route) => [`${route.path}#${route.scope}`, route]));
  const bareServer = createServer((req, res) => {
    const route = byPath.get(`${req.url}#${req.headers["x-scope"]}`);
    const body = JSON.stringify(route?.bare() ?? null);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => bareServer.listen(0, "127.0.0.1", resolve));
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  const fetchOk = async (url: string, headers: Record<string, string>) => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    await res.arrayBuffer();
  };
  const get = (route: HttpRoute) => fetchOk(`${base}${route.path}`, { cookie: cookies[route.scope] });
  const getBare = (route: HttpRoute) => fetchOk(`${bareBase}${route.path}`, { "x-scope": route.scope });
  console.log(`\nover HTTP (cookie ${name}, keep-alive), against the same queries behind a bare node:http server;`);
  console.log("`added`: the session and role check, the mapping and the headers, about the same on every route");
  console.log(
    `${"GET".padEnd(44)}${"p50".padStart(10)}${"p99".padStart(10)}${"bare p50".padStart(10)}${"added".padStart(10)}  ratio`,
  );
  const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
  let over = 0;
  for (const route of routes) {
    for (let i = 0; i < 20; i++) await Promise.all([get(route), getBare(route)]);
    const times: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await get(route);
      const between = performance.now();
      await getBare(route);
      times.push(between - start);
      bareTimes.push(performance.now() - between);
    }
    const { p50, p99 } = sorted(times);
    const bareP50 = sorted(bareTimes).p50;
    if (p50 / bareP50 > 1.5 || p99 > 50) over++;
    const label = `${route.path} (${route.scope})`.padEnd(44);
    const ratio = `${(p50 / bareP50).toFixed(2)}x`;
    console.log(`${label}${ms(p50)}${ms(p99)}${ms(bareP50)}${ms(p50 - bareP50)}  ${ratio}`);
  }
  await http.close();
  await new Promise((resolve) => bareServer.close(resolve));
  return over;
}
