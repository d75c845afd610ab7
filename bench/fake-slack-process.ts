// The fake Slack Web API in its own process, so the benchmark's bot process does only the bot's work
// (in production Slack's side runs elsewhere). An optional JSON argument sets the limits it enforces
// (tests/support/rate-limits.ts). Prints its base URL, then serves until killed.
import { FakeSlack } from "../tests/support/fake-slack.js";
import type { RateLimits } from "../tests/support/rate-limits.js";

const limits = process.argv[2] ? (JSON.parse(process.argv[2]) as RateLimits) : undefined;
const fake = await new FakeSlack(limits).start();
console.log(fake.url);
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
