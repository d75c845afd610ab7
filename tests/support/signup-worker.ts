// A separate process that signs up `count` members for one session, once the parent says go (stdin line).
import { createInterface } from "node:readline";
import { ensureMember } from "../../src/domain/members.js";
import { signUp } from "../../src/domain/signups.js";
import { openDatabase } from "../../src/storage/db.js";

const [dbPath = "", sessionId = "", prefix = "", countText = "0", nowText = "0"] = process.argv.slice(2);
const db = openDatabase(dbPath);
const now = Number(nowText);
const members = Array.from({ length: Number(countText) }, (_, i) => ensureMember(db, "memory", `${prefix}${i}`, now));
process.stdout.write("ready\n");
const input = createInterface({ input: process.stdin });
input.once("line", () => {
  const outcomes = members.map((m) => signUp(db, sessionId, m.id, "huisarts", now).kind);
  process.stdout.write(`${JSON.stringify(outcomes)}\n`);
  db.close();
  process.exit(0);
});
