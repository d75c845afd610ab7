// The benchmarks' fakes of Slack's Web API and the Bot Framework connector, each in its own process, so the bot's
// process does only the bot's work (in production the platforms' side runs elsewhere).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { LimitStats } from "../tests/support/rate-limits.js";

export interface FakeProcess {
  url: string;
  /** The fake's control server, when it prints one after its URL (fake-slack-control.ts). */
  control?: string;
  child: ChildProcess;
}

/** Starts `script` (bench/fake-*-process.ts) with JSON arguments; resolves with the base URL(s) it prints. */
export async function spawnFake(script: string, ...args: unknown[]): Promise<FakeProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL(script, import.meta.url).pathname, ...args.map((a) => JSON.stringify(a))],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!child.stdout) throw new Error("fake has no stdout");
  const [firstLine] = (await once(child.stdout, "data")) as [Buffer];
  const [url = "", control] = firstLine.toString().trim().split(/\s+/);
  return { url: url.replace(/\/$/, ""), ...(control ? { control } : {}), child };
}

/** What the fake counted: its limiter's stats, and per fake what else it keeps (methods, directory, rosters). */
export async function fakeStats<Extra extends object>(url: string): Promise<LimitStats & Partial<Extra>> {
  return (await (await fetch(`${url}/_stats`)).json()) as LimitStats & Partial<Extra>;
}

export async function stopFake(fake: FakeProcess): Promise<void> {
  fake.child.kill("SIGTERM");
  await once(fake.child, "exit");
}
