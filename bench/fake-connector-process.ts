// The fake Bot Framework connector in its own process, enforcing the limits given as a JSON argument
// (tests/support/rate-limits.ts). A second JSON argument gives it a team roster ({ team, members, tenantId, linked }:
// the first `linked` members share their e-mail with the fake Slack's generated users). Limits hold per tenant;
// GET /_stats has the total and `tenants`, POST /_tenants/<id> refuses a tenant ({ refuse: { status: 401 } }, null
// to accept again) or limits it ({ limitedUntil: ms }). Prints its base URL (the serviceUrl), then serves until killed.
import { FakeConnector } from "../tests/support/fake-connector.js";
import { generateRoster } from "../tests/support/fake-roster.js";
import { generateUsers } from "../tests/support/fake-slack-users.js";
import type { RateLimits } from "../tests/support/rate-limits.js";

interface Roster {
  team: string;
  members: number;
  tenantId: string;
  linked: number;
}

const limits = process.argv[2] ? (JSON.parse(process.argv[2]) as RateLimits) : undefined;
const roster = process.argv[3] ? (JSON.parse(process.argv[3]) as Roster) : undefined;
const fake = await new FakeConnector(limits).start();
if (roster) {
  const members = generateRoster(roster.members, { tenantId: roster.tenantId });
  const sameGps = generateUsers(roster.linked);
  for (const [i, member] of members.slice(0, roster.linked).entries()) member.email = sameGps[i]?.profile.email ?? "";
  fake.rosters.set(roster.team, members);
}
console.log(fake.url);
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
