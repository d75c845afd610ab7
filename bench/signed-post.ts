import { type Agent, request } from "node:http";
import { type SlackRequest, signature, signingSecret } from "../tests/support/slack-requests.js";

/** Posts one request signed as Slack signs it (now), over the given keep-alive agent; resolves with the status. */
export function postSigned(agent: Agent, url: URL, req: SlackRequest): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": req.contentType,
          "content-length": Buffer.byteLength(req.body),
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": signature(signingSecret, ts, req.body),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}
