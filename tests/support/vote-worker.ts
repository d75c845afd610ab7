// A separate process that answers one poll round for many members at once, racing other processes on the same
// database file. Prints how many answers it got in, as JSON.
import { answer } from "../../src/domain/polls.js";
import { openDatabase } from "../../src/storage/db.js";

const [path = "", round = "0", members = "0", options = "2", startAt = "0"] = process.argv.slice(2);
const db = openDatabase(path);
// Start together with the other processes, so the answers really overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const counts: Record<string, number> = {};
for (let member = 1; member <= Number(members); member++) {
  const choice = Math.floor(Math.random() * Number(options));
  const outcome = answer(db, Number(round), member, [choice], Date.UTC(2027, 5, 1, 9));
  counts[outcome.kind] = (counts[outcome.kind] ?? 0) + 1;
}
db.close();
process.stdout.write(JSON.stringify(counts));
