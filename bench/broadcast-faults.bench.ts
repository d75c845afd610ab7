// `npm run bench -- broadcast-faults` (also run by `-- broadcast`): the broadcast of broadcast.bench.ts while one
// Slack workspace answers every chat.postMessage with 429 for 30 s and another has its token revoked mid-way (Slack
// answers token_revoked, then sends the tokens_revoked event). The other workspaces and tenants must keep their rate
// (≥ 0.95 each); the revoked one's messages wait, paused, none failed, no member marked unreachable.
import { aims, printRun } from "./broadcast-figures.js";
import { runBroadcast } from "./broadcast-scenario.js";
import { benchPlaces } from "./broadcast-seed.js";

const places = benchPlaces();
const [limited, revoked] = places;
if (!limited || !revoked) throw new Error("the bench needs two Slack workspaces");
const limitSeconds = Number(process.env.BENCH_LIMIT_SECONDS ?? 30);
const afterSent = Math.round(revoked.members / 3);
const run = await runBroadcast(places, {
  limit: { workspace: limited.workspace, afterMs: 3000, seconds: limitSeconds },
  revoke: { workspace: revoked.workspace, afterSent },
});
const missed = printRun(run, {
  faulted: {
    [limited.workspace]: `429 for every send for ${limitSeconds} s from 3 s in`,
    [revoked.workspace]: `token revoked after ${afterSent} messages`,
  },
});
console.log(
  missed.length ? `\nmissed: ${missed.join("; ")}` : `\nevery aim met (the others at ratio ≥ ${aims.ratio} each)`,
);
process.exit(0);
