// `npm run bench -- broadcast`: an organiser broadcast to BENCH_RECIPIENTS (15,000) members spread over three Slack
// workspaces and two Teams tenants (broadcast-seed.ts), through the real adapters against rate-limited fakes in
// their own processes (broadcast-scenario.ts). The baseline is each fake's own limit per workspace or tenant: the
// best any sender could achieve there. Printed per workspace and overall: achieved / allowed rate (aim ≥ 0.95 each),
// 429s (≤ 1 %), duplicates and losses counted on the fakes' side (0), peak RSS of the bot's process (≤ 200 MB).
// `npm run bench -- broadcast` also runs broadcast-faults.bench.ts (the same prefix).
// Knobs: BENCH_RECIPIENTS (15000), BENCH_SLACK_RATE (125/s per workspace), BENCH_TEAMS_RATE (250/s per tenant).
import { aims, printRun } from "./broadcast-figures.js";
import { runBroadcast, slackLimits, teamsLimits } from "./broadcast-scenario.js";
import { benchPlaces } from "./broadcast-seed.js";

const places = benchPlaces();
console.log(
  `baseline (the fakes' limits): Slack ${slackLimits.ratePerSecond}/s per workspace and ` +
    `${slackLimits.conversationRatePerSecond}/s per channel; Teams ${teamsLimits.ratePerSecond}/s per tenant and ` +
    `${teamsLimits.conversationRatePerSecond}/s per conversation (and 8 per 2 s, 60 per 30 s, 1,800 an hour)`,
);
const run = await runBroadcast(places);
const missed = printRun(run);
console.log(missed.length ? `\nmissed: ${missed.join("; ")}` : `\nevery aim met (ratio ≥ ${aims.ratio} in each)`);
process.exit(0);
