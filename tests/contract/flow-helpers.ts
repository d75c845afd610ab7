import { DateTime } from "luxon";
import { afterEach, expect } from "vitest";
import type { Member, Platform, PlatformFactory, PlatformOptions, Shown } from "./platform.js";

// What the contract flows share: local times, the newest surface, a long answer, a sign-up, and one platform per test.

const zone = "Europe/Amsterdam";
export const at = (local: string) => DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone }).toMillis();
export const last = (shown: Shown[]): Shown => {
  const found = shown.at(-1);
  if (!found) throw new Error("nothing shown");
  return found;
};

/** A multi-line answer just under the 3000-character limit, with quotes and apostrophes. */
export function longAnswer(seed: string): string {
  const line = `${seed}: huisartsen willen meer tijd per patiënt, en "samenwerking" in de wijk, ook 's avonds.`;
  const lines: string[] = [];
  while ([...lines, line].join("\n").length <= 3000) lines.push(`${lines.length + 1}. ${line}`);
  return `${lines.join("\n")}\n${"z".repeat(3000)}`.slice(0, 2999);
}

export async function signUp(gp: Member, name: string): Promise<void> {
  await gp.say("sessies");
  await gp.press("Aanmelden");
  const done = last(await gp.submit({ roster_name: name, role: "huisarts" }));
  expect(done.text).toContain("U bent aangemeld");
}

/** Starts one platform per test; after the test it is stopped, and what it showed must fit its limits. */
export function platformPerTest(): (start: PlatformFactory, options: PlatformOptions) => Promise<Platform> {
  let platform: Platform | undefined;
  afterEach(async () => {
    const problems = platform?.problems ?? [];
    await platform?.stop();
    platform = undefined;
    // Whatever a flow showed, on either platform, fitted that platform's limits.
    expect(problems).toEqual([]);
  });
  return async (start, options) => {
    platform = await start(options);
    return platform;
  };
}
