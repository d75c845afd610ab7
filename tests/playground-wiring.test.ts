import { describe, expect, it } from "vitest";
import { playgroundOrganiserChips, startApp } from "../adapters/app.js";
import { loadConfig } from "../adapters/config.js";
import { silentLogger } from "../src/log.js";
import { testConfig } from "./support/app-config.js";
import { tempDatabasePath } from "./support/driver.js";

// The playground is on only while Teams authentication is off (or when asked for), and a first run has examples.

async function start(playground: boolean, exampleSessions?: string, databasePath = tempDatabasePath()) {
  const config = testConfig({ DATABASE_PATH: databasePath, PLAYGROUND: playground ? "on" : "off" });
  return startApp({
    config,
    log: silentLogger,
    scheduler: false,
    ...(exampleSessions ? { exampleSessions } : {}),
  });
}

describe("playground wiring", () => {
  it("is on by default without a Microsoft app id, off with one unless PLAYGROUND=on", () => {
    const playgroundEnabled = (env: Record<string, string>) => loadConfig(env).playground;
    const teams = { MICROSOFT_APP_ID: "app", MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TENANT_ID: "tenant" };
    expect(playgroundEnabled({})).toBe(true);
    expect(playgroundEnabled(teams)).toBe(false);
    expect(playgroundEnabled({ ...teams, PLAYGROUND: "on" })).toBe(true);
    expect(playgroundEnabled({ PLAYGROUND: "off" })).toBe(false);
    expect(() => playgroundEnabled({ PLAYGROUND: "yes" })).toThrow(/PLAYGROUND/);
  });

  it("serves the page and makes its organiser an organiser only when mounted", async () => {
    const off = await start(false);
    try {
      expect((await fetch(`http://127.0.0.1:${off.port}/`)).status).toBe(404);
      expect(off.core.ctx.config.ORGANISERS).not.toContain("teams:pg-organiser");
    } finally {
      await off.stop();
    }
    const on = await start(true);
    try {
      const page = await fetch(`http://127.0.0.1:${on.port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("speeltuin");
      const chips = await (await fetch(`http://127.0.0.1:${on.port}/playground/config.js`)).text();
      for (const chip of playgroundOrganiserChips) expect(chips).toContain(chip);
      expect(on.core.ctx.config.ORGANISERS).toContain("teams:pg-organiser");
    } finally {
      await on.stop();
    }
  });

  it("loads the example sessions once, marked as examples, and only into an empty database", async () => {
    const path = tempDatabasePath();
    const first = await start(true, "examples/sessions.csv", path);
    try {
      const rows = first.db.prepare("SELECT is_example FROM sessions").all() as { is_example: number }[];
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.every((r) => r.is_example === 1)).toBe(true);
      first.db.prepare("DELETE FROM sessions WHERE id <> 'DS27-01'").run();
    } finally {
      await first.stop();
    }
    const second = await start(true, "examples/sessions.csv", path);
    try {
      const ids = second.db.prepare("SELECT id FROM sessions").all() as { id: string }[];
      expect(ids.map((r) => r.id)).toEqual(["DS27-01"]);
    } finally {
      await second.stop();
    }
  });
});
