import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../adapters/cli/main.js";
import { saveReactionAnswers, submitReaction } from "../src/domain/consultation-reactions.js";
import { getConsultation, markOpened } from "../src/domain/consultations.js";
import { ensureMember, getMemberById } from "../src/domain/members.js";
import { enqueue } from "../src/domain/outbox.js";
import { openDatabase } from "../src/storage/db.js";
import { tempDatabasePath } from "./support/driver.js";

function cli(env: Record<string, string>) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
    return { code, out: out.join(""), err: err.join("") };
  };
}

const text = "Regel één: zorgcoördinatie\nRegel twee — “naïef”, café";

describe("the consultation commands", () => {
  it("refuse unknown core tasks, plain http links and a close before the open, each said plainly", async () => {
    const run = cli({ DATABASE_PATH: tempDatabasePath() });
    const bad = await run(
      ...[
        "consultation",
        "create",
        "--title",
        "Kaders",
        "--draft",
        "mgz=http://x.nl/a",
        "--draft",
        "tandarts=https://x",
      ],
      ...["--opens", "2099-02-01 09:00", "--closes", "2099-01-01 09:00"],
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("The draft of mgz must be an https link.");
    expect(bad.err).toContain(
      'Unknown core task "tandarts"; the report format has: mgz, spoed, palliatief, preventie.',
    );
    expect(bad.err).toContain("--closes must be after --opens.");
    const none = await run(
      "consultation",
      "create",
      "--title",
      "K",
      "--opens",
      "2099-01-01 09:00",
      "--closes",
      "2099-01-02 09:00",
    );
    expect(none.err).toContain("Give at least one --draft");
    const audience = await run(
      ...["consultation", "create", "--title", "K", "--draft", "mgz=https://x.nl", "--audience", "patiënten"],
      ...["--opens", "2099-01-01 09:00", "--closes", "2099-01-02 09:00"],
    );
    expect(audience.err).toContain("--audience");
    expect(
      (
        await run(
          "consultation",
          "create",
          "--title",
          "K",
          "--draft",
          "mgz=https://x.nl",
          "--opens",
          "morgen",
          "--closes",
          "2099-01-02 09:00",
        )
      ).err,
    ).toContain("--opens: not a time");
    expect((await run("consultation", "list")).out).toBe("No consultations.\n");
  });

  it("create with a questions file, list, mark a stakeholder, export CSV and JSON, close once", async () => {
    const path = tempDatabasePath();
    const run = cli({ DATABASE_PATH: path, ORGANISERS: "slack:UORG" });
    const questionsFile = join(dirname(path), "vragen.json");
    writeFileSync(questionsFile, JSON.stringify([{ id: "mening", label: { nl: "Uw mening?", en: "Your view?" } }]));
    const made = await run(
      ...["consultation", "create", "--title", "Kaders spoed", "--draft", "spoed=https://x.nl/spoed.pdf"],
      ...["--draft", "mgz=https://x.nl/mgz.pdf", "--questions", questionsFile, "--audience", "huisarts, stakeholder"],
      ...["--opens", "2020-01-10 09:00", "--closes", "2099-01-31 17:00", "--anonymous"],
    );
    expect(made.err).toBe("");
    expect(made.out).toBe(
      "Created consultation 1 (anonymous): mgz, spoed; opens 2020-01-10 09:00, closes 2099-01-31 17:00.\n",
    );

    const db = openDatabase(path);
    const round = getConsultation(db, 1);
    expect(round).toMatchObject({ audience: ["huisarts", "stakeholder"], anonymous: true, status: "scheduled" });
    expect(round?.tasks.map((t) => [t.taskId, t.draftUrl, t.questions.map((q) => q.id)])).toEqual([
      ["mgz", "https://x.nl/mgz.pdf", ["mening"]],
      ["spoed", "https://x.nl/spoed.pdf", ["mening"]],
    ]);
    const member = ensureMember(db, "slack", "U1", Date.now());
    const organiser = ensureMember(db, "slack", "UORG", Date.now(), "DORG");
    expect((await run("member", "role", "slack:U1", "patient")).err).toContain(
      "Role must be one of: huisarts, aios, stakeholder, other.",
    );
    expect((await run("member", "role", "slack:U1", "stakeholder")).out).toBe("slack:U1 is now: stakeholder.\n");
    expect(getMemberById(db, member.id)?.role).toBe("stakeholder");

    if (!round) throw new Error("setup");
    markOpened(db, round.id);
    const author = { kind: "anonymous" as const, memberId: member.id, key: "k".repeat(22) };
    saveReactionAnswers(db, round, author, "stakeholder", { "spoed.mening": text }, Date.now());
    expect(submitReaction(db, round, author, Date.now())).toBe("submitted");
    expect((await run("consultation", "list")).out).toMatch(
      /^1\topen\tanonymous\t2020-01-10 09:00\t2099-01-31 17:00\t1 submitted, 0 drafts\tKaders spoed\n$/,
    );

    const csvFile = join(dirname(path), "reacties.csv");
    expect((await run("consultation", "export", "1", "--out", csvFile)).out).toBe("");
    const csv = readFileSync(csvFile, "utf8");
    expect(csv).toContain(`"${text}"`);
    expect(csv).toContain(",spoed,Spoedeisende huisartsenzorg,mening,Uw mening?,");
    expect(csv).toMatch(/,overig,,,"Regel één/);
    const json = JSON.parse((await run("consultation", "export", "1", "--format", "json")).out);
    expect(json.reactions[0].answers).toEqual([{ coreTask: "spoed", question: "mening", text }]);
    expect((await run("consultation", "export", "1", "--format", "xlsx")).err).toContain("csv or json");
    // Each export is in the audit log with its format, as the chat's and the dashboard's are.
    const exports = "SELECT actor, detail FROM audit_log WHERE action = 'consultation.export' ORDER BY id";
    expect(db.prepare(exports).all()).toEqual([
      { actor: "cli", detail: "csv" },
      { actor: "cli", detail: "json" },
    ]);
    expect((await run("consultation", "export", "7")).err).toContain("No consultation 7.");

    // An invitation still waiting for the send window goes with the close; the organiser hears of it.
    const waiting = { kind: "consultation.invite", to: { platform: "slack", conversation: "D2", user: "U2" } };
    enqueue(db, { ...waiting, dedupeKey: "consultation:1:invite:99", reply: { text: "x" }, notBefore: 0 }, 0);
    enqueue(db, { ...waiting, dedupeKey: "consultation:12:invite:99", reply: { text: "x" }, notBefore: 0 }, 0);
    expect((await run("consultation", "close", "1")).out).toBe("Closed consultation 1: 1 reaction submitted.\n");
    const keys = db.prepare("SELECT dedupe_key AS key FROM outbox ORDER BY id").all() as { key: string }[];
    expect(keys.map((row) => row.key)).toEqual(["consultation:12:invite:99", `consultation:1:closed:${organiser.id}`]);
    expect((await run("consultation", "close", "1")).err).toContain("closed already");
    // A round nobody reacted to closes too (no reaction is not "closed already").
    await run(
      ...["consultation", "create", "--title", "Stil", "--draft", "mgz=https://x.nl/mgz.pdf"],
      ...["--opens", "2020-01-10 09:00", "--closes", "2099-01-31 17:00"],
    );
    expect((await run("consultation", "close", "2")).out).toBe("Closed consultation 2: 0 reactions submitted.\n");
    expect(saveReactionAnswers(db, round, author, "stakeholder", { "spoed.mening": "Te laat" }, Date.now())).toBe(
      "closed",
    );
    db.close();
  });
});
