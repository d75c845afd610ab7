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

  it("keeps the page's side of a conversation with the bot's, in order, and replays both to a new page", async () => {
    const app = await start(true);
    try {
      const base = `http://127.0.0.1:${app.port}/playground`;
      const conversation = "pg-conv-pg-gp-1";
      const record = (body: unknown) =>
        fetch(`${base}/transcript/${conversation}`, { method: "POST", body: JSON.stringify(body) });
      expect((await record({ kind: "mine", activity: { id: "pg-1", type: "message", text: "sessies" } })).status).toBe(
        200,
      );
      const reply = { type: "message", text: "Denksessies", replyToId: "pg-1" };
      const posted = await fetch(`${base}/connector/v3/conversations/${conversation}/activities`, {
        method: "POST",
        body: JSON.stringify(reply),
      });
      const { id } = (await posted.json()) as { id: string };
      await record({ kind: "answer", activity: { id, type: "message", text: "Aangemeld" } });
      // Only the page's two kinds, with an activity id; the bot's side comes through the connector.
      expect((await record({ kind: "activity", activity: { id: "x", type: "message" } })).status).toBe(400);
      expect((await record({ kind: "mine" })).status).toBe(400);

      const events = new AbortController();
      const stream = await fetch(`${base}/events/${conversation}`, { signal: events.signal });
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      let text = "";
      while (!text.includes("event: replayed")) text += new TextDecoder().decode((await reader.read()).value);
      events.abort();
      const replayed = text
        .split("\n")
        .filter((line) => line.startsWith('data: {"'))
        .map((line) => JSON.parse(line.slice(6)) as { kind: string; activity: { text?: string } });
      expect(replayed.map((e) => [e.kind, e.activity.text])).toEqual([
        ["mine", "sessies"],
        ["activity", "Denksessies"],
        ["answer", "Aangemeld"],
      ]);
    } finally {
      await app.stop();
    }
  });
});
