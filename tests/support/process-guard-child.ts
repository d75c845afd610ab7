import { guardProcess } from "../../adapters/process-guard.js";
import { createLogger } from "../../src/log.js";

// A process with the bot's process guard: it rejects a promise and throws in a timer (both with a message that
// stands for a request body), then says it is still alive. Its log goes to stdout.

guardProcess(createLogger("info"));
void Promise.reject(new TypeError("Cannot read properties of null (body: Dokter Geheim)"));
setTimeout(() => {
  throw Object.assign(new RangeError("payload Dokter Geheim"), { code: "ERR_TEST" });
}, 0);
setTimeout(() => {
  process.stdout.write("still alive\n");
  process.exit(0);
}, 50);
