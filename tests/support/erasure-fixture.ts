import { runCli } from "../../adapters/cli/main.js";
import { MemoryAdapter } from "../../adapters/memory/memory-adapter.js";
import { saveReference } from "../../adapters/teams/conversation-refs.js";
import type { Address, Delivery, From, Reply } from "../../src/contract.js";
import { audit } from "../../src/domain/audit.js";
import { addRecipient, createCampaign } from "../../src/domain/campaigns.js";
import { newReactionKey, saveReactionAnswers, submitReaction } from "../../src/domain/consultation-reactions.js";
import { createConsultation, markOpened } from "../../src/domain/consultations.js";
import { upsertDirectoryEntry } from "../../src/domain/directory.js";
import { ensureIdentity } from "../../src/domain/identities.js";
import { linkMembers } from "../../src/domain/linking.js";
import { findMember } from "../../src/domain/members.js";
import { answer, createPoll, openRound } from "../../src/domain/polls.js";
import { queueBroadcast } from "../../src/services/broadcast-queue.js";
import { createDraft } from "../../src/services/broadcasts.js";
import { drainOnce } from "../../src/services/delivery/drain.js";
import type { Db } from "../../src/storage/db.js";
import type { Member } from "../../src/types.js";
import { Driver, sessionsCsv } from "./driver.js";

// Two members of one platform with rows in every table that can name a member, for the erasure scan.

export interface Person {
  user: string;
  dm: string;
}

/** `linked`: the erased member's account on the other platform (joined by `koppel`), which must go too. */
export const people: Record<"slack" | "teams", { erased: Person; linked: Person; other: Person }> = {
  slack: {
    erased: { user: "U0ERASED1", dm: "D0ERASED1" },
    linked: { user: "29:1erasedLinkT", dm: "a:1erasedLinkDm" },
    other: { user: "U0OTHER22", dm: "D0OTHER22" },
  },
  teams: {
    erased: { user: "29:1erasedXyZ", dm: "a:1erasedDmQ" },
    linked: { user: "U0ERASEDL", dm: "D0ERASEDL" },
    other: { user: "29:1otherAbC", dm: "a:1otherDmR" },
  },
};

const otherPlatform = { slack: "teams", teams: "slack" } as const;

/** Joins an account on the other platform to the member, as `koppel` does, and names it in the audit log. */
function linkOtherAccount(db: Db, platform: "slack" | "teams", memberId: number, now: number): void {
  const { linked } = people[platform];
  const there = otherPlatform[platform];
  const own = upsertDirectoryEntry(
    db,
    { platform: there, workspace: "W-linked", userId: linked.user, guest: false },
    now,
  );
  ensureIdentity(db, { platform: there, userId: linked.user, dmConversation: linked.dm }, now);
  if (linkMembers(db, memberId, own, "code", now).keep !== memberId) throw new Error("setup");
  // Used a day ago: the member's own account stays the one messages go to.
  db.prepare("UPDATE identities SET last_seen_at = ? WHERE platform = ? AND user_id = ?").run(
    now - 86_400_000,
    there,
    linked.user,
  );
  db.prepare(
    "INSERT INTO conversation_refs (platform, conversation, user_id, reference, updated_at) VALUES (?, ?, ?, '{}', ?)",
  ).run(there, linked.dm, linked.user, now);
  audit(db, { actor: "cli", action: "identity.link", detail: `${there}:${linked.user}` }, now);
}

/** Answers as Slack does: the message id is the DM channel and a timestamp. */
class ChannelStampAdapter extends MemoryAdapter {
  private stamp = 0;
  override async send(to: Address, reply: Reply): Promise<Delivery> {
    const delivered = await super.send(to, reply);
    return delivered.ok ? { ok: true, messageId: `${to.conversation}/1796176680.${++this.stamp}` } : delivered;
  }
}

export async function busyPlatform(
  platform: "slack" | "teams",
): Promise<{ driver: Driver; erased: Member; other: Member }> {
  const { erased, other } = people[platform];
  const driver = new Driver({
    sessionsCsv: sessionsCsv([
      { id: "S1", capacity: 2 },
      { id: "S2", capacity: 1, city: "Zwolle", region: "Overijssel" },
    ]),
    env: { ORGANISERS: `${platform}:${erased.user}` },
  });
  const { db } = driver.ctx;
  const as = (person: Person) => {
    const from: From = { platform, conversation: person.dm, user: person.user, direct: true };
    return (actionId: string, value?: string, form?: Record<string, string>) =>
      driver.core.handle({ kind: "action", actionId, ...(value ? { value } : {}), ...(form ? { form } : {}), from });
  };
  const signUp = (person: Person, session: string, name: string) => {
    const [first] = as(person)("signup.join", session);
    if (first?.form) as(person)(first.form.submit.id, first.form.submit.value, { roster_name: name, role: "huisarts" });
  };
  signUp(erased, "S1", "Dr. Erika Wis");
  signUp(other, "S1", "Dr. Otto Blijf");
  signUp(other, "S2", "Dr. Otto Blijf");
  signUp(erased, "S2", "Dr. Erika Wis"); // waitlisted
  const member = (person: Person) => {
    const found = findMember(db, platform, person.user);
    if (!found) throw new Error("setup");
    return found;
  };
  const e = member(erased);
  const o = member(other);
  const now = driver.clock.now();
  linkOtherAccount(db, platform, e.id, now);
  const key = `${platform}:${erased.user}`;
  for (const anonymous of [false, true]) {
    const poll = createPoll(
      db,
      {
        question: anonymous ? "Anoniem?" : "Met naam?",
        kind: "single",
        options: ["ja", "nee"],
        anonymous,
        audience: { kind: "everyone" },
        startsAt: now,
        scheduleCron: null,
        openMs: 86_400_000,
        until: null,
        showRunning: false,
        shareResults: false,
      },
      e.id,
      now,
    );
    const round = openRound(db, poll, now);
    if (!round) throw new Error("setup");
    answer(db, round.id, e.id, [0], now);
    answer(db, round.id, o.id, [1], now);
  }
  const campaign = createCampaign(
    db,
    {
      title: "Enquête",
      url: "https://example.org/enquete",
      opensAt: now,
      closesAt: now + 86_400_000,
      audience: { kind: "everyone" },
      reminderCron: null,
      maxReminders: 0,
      personalLinks: true,
    },
    e.id,
    now,
  );
  addRecipient(db, campaign, e.id);
  addRecipient(db, campaign, o.id);
  // A named and an anonymous consultation round, created by the erased member; both react to each.
  for (const anonymous of [false, true]) {
    const questions = [{ id: "aanbod", label: { nl: "Aanbod?", en: "Offer?" } }];
    const tasks = [{ taskId: "mgz", label: { nl: "Zorg", en: "Care" }, draftUrl: "https://example.org/k", questions }];
    const draft = { title: "Kaders", tasks, audience: "all" as const, opensAt: now, closesAt: now + 86_400_000 };
    const round = createConsultation(db, { ...draft, anonymous }, e.id, now);
    markOpened(db, round.id);
    for (const id of [e.id, o.id]) {
      const author = anonymous
        ? { kind: "anonymous" as const, memberId: id, key: newReactionKey() }
        : { kind: "named" as const, memberId: id };
      saveReactionAnswers(db, round, author, "huisarts", { "mgz.aanbod": "Meer tijd per patiënt." }, now);
      submitReaction(db, round, author, now);
    }
  }
  // The erased member broadcasts as organiser (audit rows with them as actor; a message to each, themselves too).
  const broadcast = createDraft(driver.ctx, {
    createdBy: e.id,
    text: "Denksessie verplaatst",
    audience: { kind: "everyone" },
    urgent: true,
    locale: "nl",
  });
  queueBroadcast(driver.ctx, broadcast, e.id);
  if (platform === "teams") {
    for (const person of [erased, other]) {
      const reference = {
        channelId: "msteams",
        serviceUrl: "http://127.0.0.1:9/",
        user: { id: person.user, name: "" },
      };
      const conversation = { id: person.dm, conversationType: "personal", tenantId: "t", isGroup: false, name: "" };
      saveReference(db, { ...reference, conversation }, person.user, now);
    }
  }
  const adapter = new ChannelStampAdapter(platform);
  while ((await drainOnce(driver.ctx, adapter)) > 0) {}
  // Audit details naming a member: the CLI links each as a session's leader.
  const io = { out: () => undefined, err: () => undefined, env: { DATABASE_PATH: driver.ctx.config.DATABASE_PATH } };
  if ((await runCli(["sessions", "leader", "S1", key], io)) !== 0) throw new Error("setup");
  if ((await runCli(["sessions", "leader", "S2", `${platform}:${other.user}`], io)) !== 0) throw new Error("setup");
  return { driver, erased: e, other: o };
}

/** Every TEXT column of every table holding one of `needles`: `table.column: value`. */
export function textColumnsHolding(db: Db, needles: string[]): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`PRAGMA table_xinfo("${name}")`).all() as { name: string; type: string }[])
      .filter((column) => /TEXT|CHAR|CLOB|^$/i.test(column.type))
      .flatMap((column) =>
        needles.flatMap((needle) =>
          (
            db
              .prepare(`SELECT "${column.name}" AS value FROM "${name}" WHERE instr("${column.name}", ?) > 0`)
              .all(needle) as { value: string }[]
          ).map((row) => `${name}.${column.name}: ${row.value}`),
        ),
      ),
  );
}

/** Every row naming the member, by its ids in any column or its internal id in a member column. */
export function rowsOf(db: Db, person: Person, memberId: number): string[] {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return tables.flatMap(({ name }) =>
    (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
      .filter((row) => {
        const text = JSON.stringify(row);
        const byMember = Object.entries(row).some(([column, value]) => /member_id$/.test(column) && value === memberId);
        return text.includes(person.user) || text.includes(person.dm) || byMember;
      })
      .map((row) => `${name}: ${JSON.stringify(row)}`),
  );
}
