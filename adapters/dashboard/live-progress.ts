import { viewerOf } from "../../src/services/dashboard/access.js";
import { broadcastProgressFor } from "../../src/services/dashboard/deliveries.js";
import { startEventStream } from "./responses.js";
import type { SignedInRequest } from "./route-table.js";

// A broadcast's progress as server-sent events: `progress` whenever the counts change (looked at once a second,
// one grouped query on the outbox's broadcast index), `done` when nothing is waiting any more, then the stream ends.
// The viewer is checked on every look, as on every request: a session that ends or a role that is taken away
// ends the stream.

/** How often the stream looks; tests shorten it. */
export const progressEveryMs = { value: 1000 };
/** A comment line now and then keeps proxies from closing a quiet stream. */
const keepAliveLooks = 15;

export function streamProgress(r: SignedInRequest, id: number): void {
  const { ctx, res } = r;
  startEventStream(res);
  let last = "";
  let quiet = 0;
  const stop = () => {
    clearInterval(timer);
    res.end();
  };
  const look = () => {
    if (viewerOf(ctx, r.cookieValue)?.scope !== "organiser") return stop();
    const progress = broadcastProgressFor(ctx, id);
    if (!progress) return stop();
    const json = JSON.stringify(progress);
    if (json !== last) {
      res.write(`event: progress\ndata: ${json}\n\n`);
      last = json;
      quiet = 0;
    } else if (++quiet >= keepAliveLooks) {
      res.write(": still sending\n\n");
      quiet = 0;
    }
    if (progress.done) {
      res.write(`event: done\ndata: ${json}\n\n`);
      stop();
    }
  };
  const timer = setInterval(look, progressEveryMs.value);
  timer.unref();
  res.on("close", () => clearInterval(timer));
  look();
}
