// The dashboard's JSON API over HTTP: the real server and routes (adapters/dashboard/mount.ts), signed in through a
// link as an organiser and as a leader, each route against its queries run bare. What it adds to the producer is
// the request itself and the per-request check of the session and the role (viewerOf).
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
  const get = async (route: HttpRoute) => {
    const res = await fetch(`${base}${route.path}`, { headers: { cookie: cookies[route.scope] } });
    if (res.status !== 200) throw new Error(`${route.path}: HTTP ${res.status}`);
    await res.arrayBuffer();
  };
  console.log(`\nover HTTP (${base}, cookie ${name}, keep-alive), against the same queries run bare;`);
  console.log("`added`: the request itself and its session and role check, about the same on every route");
  console.log(
    `${"GET".padEnd(44)}${"p50".padStart(10)}${"p99".padStart(10)}${"bare p50".padStart(10)}${"added".padStart(10)}  ratio`,
  );
  const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
  let over = 0;
  for (const route of routes) {
    for (let i = 0; i < 20; i++) await get(route);
    const times: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      await get(route);
      const between = performance.now();
      route.bare();
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
  return over;
}
