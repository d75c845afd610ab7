// The fake Bot Framework connector in its own process, enforcing the limits given as a JSON argument
// (tests/support/rate-limits.ts). Prints its base URL (the serviceUrl), then serves until killed.
import { FakeConnector } from "../tests/support/fake-connector.js";
import type { RateLimits } from "../tests/support/rate-limits.js";

const limits = process.argv[2] ? (JSON.parse(process.argv[2]) as RateLimits) : undefined;
const fake = await new FakeConnector(limits).start();
console.log(fake.url);
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
