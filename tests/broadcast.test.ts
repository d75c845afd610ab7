import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import { MemoryAdapter } from "../adapters/memory/memory-adapter.js";
import type { Address, Delivery, Reply } from "../src/contract.js";
import { auditEntries } from "../src/domain/audit.js";
import { refreshAnnouncements } from "../src/services/announcements.js";
import { drainOnce } from "../src/services/delivery/drain.js";
import { Driver, findActions, sessionsCsv } from "./support/driver.js";

let driver: Driver;
afterEach(() => driver?.close());

const csv = sessionsCsv([
  { id: "S1", capacity: 2, region: "Utrecht" },
  { id: "S2", capacity: 5, region: "Zeeland", city: "Middelburg" },
]);

function inputs(reply: Reply | undefined): string[] {
  return (reply?.blocks ?? []).flatMap((b) => (b.kind === "input" ? [b.id] : []));
}

function errors(reply: Reply | undefined): string[] {
  return (reply?.blocks ?? []).flatMap((b) => (b.kind === "input" && b.error ? [b.id] : []));
}

function setUp(): Driver {
  const d = new Driver({ sessionsCsv: csv, env: { ORGANISERS: "memory:ORG" } });
  d.gp("A").signUp("S1");
  d.gp("B").signUp("S1");
  d.gp("C").signUp("S1"); // waitlisted
  d.gp("Z").signUp("S2");
  return d;
}

describe("an organiser broadcasts in chat", () => {
  it("composes, previews, confirms (once), reads the report, resends to the failed", async () => {
    driver = setUp();
    const org = driver.gp("ORG");
    const [form] = org.say("bericht versturen");
    expect(form?.form?.submit.id).toBe("broadcast.preview");
    expect(inputs(form)).toEqual([
      "bc_text",
      "bc_audience",
      "bc_region",
      "bc_audience_session",
      "bc_audience_arg",
      "bc_session",
      "bc_send_at",
      "bc_urgent",
    ]);

    const [invalid] = org.click("broadcast.preview", undefined, {
      bc_text: " ",
      bc_audience: "session",
      bc_audience_arg: "NOPE",
    });
    expect(errors(invalid)).toEqual(["bc_text", "bc_audience_arg"]);

    const [preview] = org.click("broadcast.preview", undefined, {
      bc_text: "Let op: de zaal is verplaatst naar zaal 2.",
      bc_audience: "session",
      bc_audience_arg: "s1",
    });
    expect(preview?.text).toContain("2 ontvangers");
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE broadcast_id IS NOT NULL").get()).toEqual({
      n: 0,
    });

    const [queued] = org.press(preview, "broadcast.confirm");
    expect(queued?.text).toContain("Bericht 1 staat klaar voor 2 ontvangers");
    org.press(preview, "broadcast.confirm"); // a double click adds nothing
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE broadcast_id = 1").get()).toEqual({ n: 2 });

    const blocked: Delivery = { ok: false, reason: "blocked", retryable: false, detail: "user blocked the bot" };
    driver.adapter.script.push({ ok: true, messageId: "x" }, blocked);
    await driver.deliver();
    expect(driver.inbox("A")).toEqual([
      expect.objectContaining({ text: "Let op: de zaal is verplaatst naar zaal 2." }),
    ]);

    const [report] = org.press(queued, "broadcast.report");
    expect(report?.text).toContain("Verstuurd: 1 · Wacht: 0 · Mislukt: 1 (van 2)");
    expect(report?.text).toContain("blocked: user blocked the bot: 1");
    const [resent] = org.press(report, "broadcast.resend");
    expect(resent?.text).toContain("1 bericht opnieuw in de wachtrij gezet");
    await driver.deliver();
    expect(org.say("rapport 1")[0]?.text).toContain("Verstuurd: 2 · Wacht: 0 · Mislukt: 0 (van 2)");

    expect(
      auditEntries(driver.ctx.db)
        .map((e) => [e.actor, e.action])
        .reverse(),
    ).toEqual([
      ["memory:ORG", "broadcast.compose"],
      ["memory:ORG", "broadcast.draft"],
      ["memory:ORG", "broadcast.confirm"],
      ["memory:ORG", "broadcast.report"],
      ["memory:ORG", "broadcast.resend"],
      ["memory:ORG", "broadcast.report"],
    ]);
  });

  it("a non-organiser is refused politely, and the attempt is audited", () => {
    driver = setUp();
    const gp = driver.gp("A");
    expect(gp.say("bericht versturen")[0]?.text).toContain("alleen een organisator");
    const [refused] = gp.click("broadcast.preview", undefined, { bc_text: "Hoi", bc_audience: "everyone" });
    expect(refused?.text).toContain("alleen een organisator");
    expect(driver.ctx.db.prepare("SELECT count(*) AS n FROM broadcasts").get()).toEqual({ n: 0 });
    expect(auditEntries(driver.ctx.db).map((e) => [e.actor, e.action, e.detail])).toEqual([
      ["memory:A", "permission.refused", "broadcast.preview"],
      ["memory:A", "permission.refused", "broadcast.compose"],
    ]);
  });

  it("a non-urgent broadcast on Saturday waits for Monday morning; a region reaches its members", async () => {
    driver = setUp();
    driver.clock.set(Date.UTC(2027, 5, 5, 10)); // Saturday 5 June 2027, 12:00
    const org = driver.gp("ORG");
    const [preview] = org.click("broadcast.preview", undefined, {
      bc_text: "Nieuwe data in Zeeland",
      bc_audience: "region",
      bc_audience_arg: "zeeland",
    });
    expect(preview?.text).toContain("1 ontvanger");
    org.press(preview, "broadcast.confirm");
    await driver.deliver();
    expect(driver.inbox("Z")).toHaveLength(0);
    expect(org.say("rapport 1")[0]?.text).toContain("Volgende verzending: ma 7 jun, 08:00");
    driver.clock.set(Date.UTC(2027, 5, 7, 6)); // Monday 08:00
    await driver.deliver();
    expect(driver.inbox("Z")).toHaveLength(1);
  });

  it("announces a session in a channel and keeps its places-left count current (throttled to one update per tick)", async () => {
    driver = setUp();
    const updates: { to: Address; messageId: string; reply: Reply }[] = [];
    const adapter = Object.assign(new MemoryAdapter("memory"), {
      async update(to: Address, messageId: string, reply: Reply): Promise<Delivery> {
        updates.push({ to, messageId, reply });
        return { ok: true, messageId };
      },
    });
    const org = driver.gp("ORG");
    const [preview] = org.click("broadcast.preview", undefined, {
      bc_text: "Nieuwe denksessie in Middelburg!",
      bc_audience: "channel",
      bc_audience_arg: "C-general",
      bc_session: "S2",
    });
    org.press(preview, "broadcast.confirm");
    await drainOnce(driver.ctx, adapter);
    const [announcement] = adapter.to("C-general");
    expect(findActions(announcement).map((a) => a.id)).toContain("signup.join");
    expect(JSON.stringify(announcement)).toContain("4 van 5 vrij");

    expect(refreshAnnouncements(driver.ctx, driver.clock.now())).toBe(0); // nothing changed
    driver.gp("Y").signUp("S2");
    driver.gp("X").signUp("S2");
    expect(refreshAnnouncements(driver.ctx, driver.clock.now())).toBe(1);
    driver.gp("W").signUp("S2");
    expect(refreshAnnouncements(driver.ctx, driver.clock.now())).toBe(0); // the first update is still waiting
    await drainOnce(driver.ctx, adapter);
    expect(refreshAnnouncements(driver.ctx, driver.clock.now())).toBe(1);
    await drainOnce(driver.ctx, adapter);
    expect(updates).toHaveLength(2);
    expect(updates.every((u) => u.messageId === "m1" && u.to.conversation === "C-general")).toBe(true);
    expect(JSON.stringify(updates[1]?.reply)).toContain("1 van 5 vrij");
  });
});

describe("broadcast from the CLI", () => {
  it("queues, shows progress while it runs, and resends", async () => {
    driver = setUp();
    const path = driver.ctx.config.DATABASE_PATH;
    const out: string[] = [];
    const io = {
      out: (t: string) => void out.push(t),
      err: (t: string) => void out.push(`ERR ${t}`),
      env: { DATABASE_PATH: path },
    };
    expect(await runCli(["broadcast", "send", "--text", "Hallo", "--to", "waitlist:S1", "--preview"], io)).toBe(0);
    expect(out.pop()).toBe("Would go to 1 recipient.\n");
    expect(await runCli(["broadcast", "send", "--text", "Hallo", "--to", "region:Atlantis"], io)).toBe(1);
    expect(out.pop()).toContain("unknown region");
    expect(await runCli(["broadcast", "send", "--text", "Hallo allemaal", "--to", "everyone", "--urgent"], io)).toBe(0);
    expect(out.pop()).toContain("Broadcast 1 queued for 4 recipients");

    driver.adapter.script.push({ ok: false, reason: "not_found", retryable: false, detail: "conversation gone" });
    const watching = runCli(["deliveries", "1", "--watch", "--interval", "0.02"], io);
    // Awaited before the test ends: a delivery still finishing must not meet a closed database.
    const delivering = new Promise<void>((resolve, reject) =>
      setTimeout(() => driver.deliver().then(() => resolve(), reject), 50),
    );
    expect(await watching).toBe(0);
    await delivering;
    expect(out[0]).toMatch(/^sent 0, waiting 4, failed 0 of 4, next /);
    expect(out).toContain("sent 3, waiting 0, failed 1 of 4\n");
    expect(out.at(-1)).toBe("  failed: not_found: conversation gone (1)\n");

    out.length = 0;
    expect(await runCli(["broadcast", "resend", "1"], io)).toBe(0);
    await driver.deliver();
    expect(await runCli(["deliveries", "1"], io)).toBe(0);
    expect(out).toEqual(["1 message queued again.\n", "sent 4, waiting 0, failed 0 of 4\n"]);
    expect(
      auditEntries(driver.ctx.db)
        .map((e) => [e.actor, e.action])
        .reverse(),
    ).toEqual([
      ["cli", "broadcast.draft"],
      ["cli", "broadcast.confirm"],
      ["cli", "broadcast.resend"],
    ]);
  });
});
