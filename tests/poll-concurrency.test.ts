import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { validatePoll } from "../src/domain/poll-input.js";
import { createPoll } from "../src/domain/polls.js";
import { pollTask } from "../src/services/poll-service.js";
import { Driver } from "./support/driver.js";

const run = promisify(execFile);
const worker = fileURLToPath(new URL("./support/vote-worker.ts", import.meta.url));

let driver: Driver | undefined;
afterEach(() => driver?.close());

describe("many concurrent answers", () => {
  it.each([
    ["anonymous", "yes"],
    ["named", "no"],
  ])(
    "%s: four processes race on one database file; each member counts exactly once",
    async (_name, anonymous) => {
      driver = new Driver({ now: Date.UTC(2027, 5, 1, 8) });
      const d = driver;
      const members = 150;
      for (let i = 1; i <= members; i++) d.gp(`M${i}`).say("help");
      const draft = validatePoll(
        { question: "Race?", options: "A|B|C", anonymous, closes: "2027-06-02 10:00" },
        "Europe/Amsterdam",
        d.clock.now(),
      );
      if (!draft.ok) throw new Error("draft");
      const poll = createPoll(d.ctx.db, draft.value, "test", d.clock.now());
      pollTask.run(d.ctx, d.clock.now());
      const path = d.ctx.db.name;
      const startAt = String(Date.now() + 4000);
      const outputs = await Promise.all(
        [1, 2, 3, 4].map(() =>
          run(process.execPath, ["--import", "tsx", worker, path, "1", String(members), "3", startAt], {
            timeout: 60_000,
          }),
        ),
      );
      const totals: Record<string, number> = {};
      for (const { stdout } of outputs) {
        for (const [kind, n] of Object.entries(JSON.parse(stdout) as Record<string, number>)) {
          totals[kind] = (totals[kind] ?? 0) + n;
        }
      }
      expect(totals.answered).toBe(members);
      const participants = d.ctx.db.prepare("SELECT count(*) AS n FROM poll_participants").get() as { n: number };
      expect(participants.n).toBe(members);
      if (anonymous === "yes") {
        expect(totals.already).toBe(members * 3);
        const sum = d.ctx.db.prepare("SELECT sum(count) AS n FROM poll_tallies").get() as { n: number };
        expect(sum.n).toBe(members);
      } else {
        expect(totals.changed).toBe(members * 3); // named answers may change; still one row per member
        const answers = d.ctx.db.prepare("SELECT count(*) AS n FROM poll_answers").get() as { n: number };
        expect(answers.n).toBe(members);
      }
      expect(poll.id).toBe(1);
    },
    90_000,
  );
});
