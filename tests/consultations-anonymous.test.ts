import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { enqueue } from "../src/domain/outbox.js";
import type { Logger } from "../src/log.js";
import { createLogger } from "../src/log.js";
import { consultationTask } from "../src/services/consultation-service.js";
import { queueUndeliveredReply } from "../src/services/reply-fallback.js";
import {
  at,
  button,
  changedTables,
  dutchAnswer,
  memberId,
  memberWithRole,
  openRoundInChat,
  snapshot,
  textOf,
} from "./support/consultations.js";
import { Driver, findActions } from "./support/driver.js";

// An anonymous round: the card in the member's chat holds the key to their reaction; no table holds both a member
// and what they wrote, and the key is nowhere but in the replies (not the outbox, not the logs).

let driver: Driver | undefined;
afterEach(() => driver?.close());

const keyOf = (value: string | undefined) => value?.split(":")[2] ?? "";

describe("an anonymous round", () => {
  it("never links a member to a reaction; the key lives only on the member's card", async () => {
    driver = new Driver({ env: { ORGANISERS: "memory:ORG" }, now: at("2027-06-07 10:00") });
    const d = driver;
    const logged: string[] = [];
    (d.ctx as { log: Logger }).log = createLogger("trace", { write: (line: string) => void logged.push(line) });
    const org = memberWithRole(d, "ORG", null);
    const [a, b] = ["A", "B"].map((id) => memberWithRole(d, id, "huisarts"));
    if (!a || !b) throw new Error("setup");
    openRoundInChat(org, { anonymity: "anonymous", opens: "07-06-2027 10:00", closes: "10-06-2027 17:00" });
    await d.deliver();
    const invite = d.inbox("A").at(-1);
    expect(textOf(invite)).toContain("Anoniem: niemand, ook de organisatoren niet");
    // The invitation names nobody's reaction: its button carries the round alone.
    expect(findActions(invite).map((x) => x.value)).toEqual(["1"]);

    const before = snapshot(d);
    const overview = a.press(invite, "Reageren")[0];
    if (!overview) throw new Error("no overview");
    const part = button(overview, "1. Medisch-generalistische zorg en zorgcoördinatie");
    const key = keyOf(part.value);
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(overview?.confidential).toBe(true);
    // The outbox itself refuses it, whoever would queue it.
    const to = { platform: "memory", conversation: "dm-A", user: "A" };
    expect(() =>
      enqueue(d.ctx.db, { dedupeKey: "k", kind: "reply", to, reply: overview, notBefore: 0, memberId: 1 }, 0),
    ).toThrow("never written to the outbox");
    expect(findActions(overview).every((x) => keyOf(x.value) === key)).toBe(true);
    expect(snapshot(d)).toEqual(before); // looking stores nothing
    const form = a.click(part.id, part.value)[0];
    const save = button(form, "Opslaan als concept");
    expect(keyOf(save.value)).toBe(key);
    const long = dutchAnswer("Anoniem");
    const saved = a.click(save.id, save.value, { "mgz.aanbod": long })[0];
    expect(textOf(saved)).toContain("Opgeslagen als concept");
    expect(textOf(a.press(saved, "Indienen")[0])).toContain("uw reactie is ingediend");
    // B starts, and is the one the reminder goes to.
    const bOverview = b.press(d.inbox("B").at(-1), "Reageren")[0];
    const bForm = b.press(bOverview, "2. Spoedeisende huisartsenzorg")[0];
    const bSave = button(bForm, "Opslaan als concept");
    b.click(bSave.id, bSave.value, { "spoed.probleem": "Te weinig handen." });

    const after = snapshot(d);
    expect(changedTables(before, after)).toEqual(["consultation_participants", "consultation_reactions"]);
    const columns = (table: string) =>
      (d.ctx.db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((col) => col.name);
    expect(columns("consultation_participants")).toEqual(["consultation_id", "member_id", "state"]);
    // No hidden rowid that would give away the order of reactions or participants.
    expect(() => d.ctx.db.prepare("SELECT rowid FROM consultation_participants").all()).toThrow();
    expect(() => d.ctx.db.prepare("SELECT rowid FROM consultation_reactions").all()).toThrow();
    const reactions = d.ctx.db
      .prepare("SELECT member_id, token_hash, updated_at, submitted_at, status, answers FROM consultation_reactions")
      .all() as { member_id: null; token_hash: string; updated_at: null; submitted_at: null; answers: string }[];
    expect(reactions).toHaveLength(2);
    for (const row of reactions) {
      expect([row.member_id, row.updated_at, row.submitted_at]).toEqual([null, null, null]);
    }
    const hash = createHash("sha256").update(key).digest("base64url");
    expect(reactions.map((r) => r.token_hash)).toContain(hash);
    expect(reactions.map((r) => JSON.parse(r.answers)["mgz.aanbod"])).toContain(long);
    // The key itself is in no table (the outbox included) and in no log line.
    const everything = [...after.values()].flat().join("\n");
    expect(everything).not.toContain(key);
    expect(logged.join("\n")).not.toContain(key);

    // A reply the platform did not take is not queued in the outbox when it carries a key: it is lost instead.
    expect(queueUndeliveredReply(d.ctx, { platform: "memory", user: "A", key: "e1:0", reply: overview })).toBe(false);
    expect(d.ctx.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'reply'").get()).toEqual({ n: 0 });

    // Back without the card: A has submitted (no second one), B may start over with a fresh key.
    expect(textOf(a.say("reacties")[0])).toContain("al een reactie ingediend");
    expect(textOf(a.click("consultation.start-over", "1")[0])).toContain("al een reactie ingediend");
    const elsewhere = b.say("reacties")[0];
    expect(textOf(elsewhere)).toContain('Die staat op de kaart "Uw reactie" eerder in dit gesprek');
    const fresh = b.press(elsewhere, "Opnieuw beginnen")[0];
    const bKey = keyOf(bSave.value);
    const freshKey = keyOf(button(fresh, "Indienen").value);
    expect(freshKey).not.toBe(bKey);
    expect(textOf(fresh)).toContain("Nog niets opgeslagen");
    // The old card still opens B's draft.
    const oldCard = b.press(bOverview, "2. Spoedeisende huisartsenzorg")[0];
    expect(oldCard?.blocks?.find((x) => x.kind === "input" && x.id === "spoed.probleem")).toMatchObject({
      value: "Te weinig handen.",
    });
    // A second submission from another card of A is refused.
    const other = `1:mgz:${freshKey}`;
    a.click("consultation.save", other, { "mgz.aanbod": "Nog een keer." });
    expect(textOf(a.click("consultation.submit", `1::${freshKey}`)[0])).toContain("al een reactie ingediend");
    expect(
      d.ctx.db.prepare("SELECT count(*) AS n FROM consultation_reactions WHERE status = 'submitted'").get(),
    ).toEqual({ n: 1 });

    // The reminder goes to B (started), carries no key, and says where the card is.
    d.clock.set(at("2027-06-08 17:00"));
    consultationTask.run(d.ctx, d.clock.now());
    await d.deliver();
    const reminders = d.ctx.db.prepare("SELECT member_id AS m FROM outbox WHERE kind = 'consultation.reminder'").all();
    expect(reminders).toEqual([{ m: memberId(d, "B") }]);
    expect(textOf(d.inbox("B").at(-1))).toContain('Uw concept staat op de kaart "Uw reactie"');
    const outbox = JSON.stringify(d.ctx.db.prepare("SELECT payload FROM outbox").all());
    for (const k of [key, bKey, freshKey]) expect(outbox).not.toContain(k);

    // The close keeps the one submitted reaction and drops the drafts; B's card is refused.
    d.clock.set(at("2027-06-10 17:00"));
    consultationTask.run(d.ctx, d.clock.now());
    expect(d.ctx.db.prepare("SELECT status FROM consultation_reactions").all()).toEqual([{ status: "submitted" }]);
    expect(textOf(b.press(bForm, "Opslaan als concept")[0])).toContain("gesloten sinds");
    expect(logged.join("\n")).not.toContain(long.slice(0, 40));
  });
});
