// The fake Slack Web API in its own process, so the benchmark's bot process does only the bot's work
// (in production Slack's side runs elsewhere). An optional JSON argument sets the limits it enforces
// (tests/support/rate-limits.ts); a second one a directory ({ users, tier2PerSecond }: generated accounts for
// users.list under a scaled Tier 2). Prints its base URL and, after a space, its control server's
// (fake-slack-control.ts: workspaces added, limited or revoked from the benchmark), then serves until killed.
import { FakeSlack } from "../tests/support/fake-slack.js";
import { generateUsers } from "../tests/support/fake-slack-users.js";
import type { RateLimits } from "../tests/support/rate-limits.js";
import { startControl } from "./fake-slack-control.js";

const limits = process.argv[2] ? (JSON.parse(process.argv[2]) as RateLimits) : undefined;
const directory = process.argv[3]
  ? (JSON.parse(process.argv[3]) as { users: number; tier2PerSecond: number })
  : undefined;
const fake = await new FakeSlack(limits).start();
if (directory) {
  fake.directory.users = generateUsers(directory.users);
  fake.directory.limitTier2({ perWindow: directory.tier2PerSecond, windowMs: 1000 });
}
const control = await startControl(fake, limits);
console.log(`${fake.url} ${control}`);
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
