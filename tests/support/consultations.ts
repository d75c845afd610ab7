import { DateTime } from "luxon";
import type { Reply } from "../../src/contract.js";
import type { Driver, GpDriver } from "./driver.js";
import { findActions } from "./driver.js";

// What the consultation tests share: local times, members with a role, a round opened in chat, the database's rows.

const zone = "Europe/Amsterdam";
export const at = (local: string) => DateTime.fromFormat(local, "yyyy-MM-dd HH:mm", { zone }).toMillis();

export const textOf = (reply: Reply | undefined) =>
  [reply?.text ?? "", ...(reply?.blocks ?? []).map((b) => (b.kind === "text" ? b.text : ""))].join("\n");

/** A member who wrote once, with this role (organisers mark stakeholders; the directory cannot know). */
export function memberWithRole(d: Driver, id: string, role: string | null, locale?: string): GpDriver {
  const gp = d.gp(id, locale);
  gp.say("help");
  d.ctx.db
    .prepare("UPDATE members SET role = ? WHERE id = (SELECT member_id FROM identities WHERE user_id = ?)")
    .run(role, id);
  return gp;
}

export const memberId = (d: Driver, userId: string): number =>
  (d.ctx.db.prepare("SELECT member_id AS id FROM identities WHERE user_id = ?").get(userId) as { id: number }).id;

/** The organiser's form, filled in and submitted: what the bot answered. */
export function openRoundInChat(org: GpDriver, fields: Record<string, string>): Reply[] {
  const [form] = org.click("consultation.create");
  if (!form?.form) throw new Error(`no form: ${form?.text}`);
  return org.click(form.form.submit.id, form.form.submit.value, {
    title: "Conceptkaders 2027",
    draft_mgz: "https://nhg.example.nl/kaders/mgz.pdf",
    draft_spoed: "https://nhg.example.nl/kaders/spoed.pdf",
    audience: "all",
    anonymity: "named",
    ...fields,
  });
}

/** The button with this label (or id) in a reply, to read its value. */
export function button(reply: Reply | undefined, labelOrId: string) {
  const found = findActions(reply).find((a) => a.label === labelOrId || a.id === labelOrId);
  if (!found) throw new Error(`no button "${labelOrId}" in: ${reply?.text}`);
  return found;
}

/** Every row of every table, as JSON lines by table. */
export function snapshot(d: Driver): Map<string, string[]> {
  const tables = d.ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => [
      name,
      (d.ctx.db.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((row) => JSON.stringify(row)),
    ]),
  );
}

/** Tables whose rows differ between two snapshots. */
export const changedTables = (before: Map<string, string[]>, after: Map<string, string[]>) =>
  [...after.keys()].filter((t) => JSON.stringify(after.get(t)) !== JSON.stringify(before.get(t))).sort();

/** A long Dutch answer: diacritics, quotes, blank lines, 2,999 characters. */
export function dutchAnswer(seed: string): string {
  const line = `${seed}: patiënten én naasten willen één aanspreekpunt; "coördinatie" kost tijd, ook 's nachts.`;
  const lines: string[] = [];
  while ([...lines, line].join("\n").length < 2900) lines.push(`${lines.length + 1}. ${line}`);
  return `${lines.join("\n")}\n\nÄrger über Ü? Ça va. ${"ë".repeat(3000)}`.slice(0, 2999);
}

/** The outbox rows of one kind, by member. */
export const outboxOf = (d: Driver, kind: string) =>
  d.ctx.db
    .prepare(
      "SELECT member_id AS memberId, not_before AS notBefore, status FROM outbox WHERE kind = ? ORDER BY member_id",
    )
    .all(kind) as { memberId: number; notBefore: number; status: string }[];
