// The fake Slack Web API in its own process, so the benchmark's bot process does only the bot's work
// (in production Slack's side runs elsewhere). Prints its base URL, then serves until killed.
import { FakeSlack } from "../tests/support/fake-slack.js";

const fake = await new FakeSlack().start();
console.log(fake.url);
process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
