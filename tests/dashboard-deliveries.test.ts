import { afterEach, describe, expect, it } from "vitest";
import { progressEveryMs } from "../adapters/dashboard/live-progress.js";
import type { Delivery } from "../src/contract.js";
import type { BroadcastProgress } from "../src/services/dashboard/model.js";
import { type DashboardSite, dashboardSite } from "./support/dashboard-site.js";

// A broadcast seen from the dashboard: live progress over server-sent events while it sends, failures by reason,
// and "resend to failed" with the session's CSRF token.

let site: DashboardSite;
afterEach(() => site?.close());

function broadcastToEveryone(): void {
  const org = site.driver.gp("org1");
  const [preview] = org.click("broadcast.preview", undefined, { bc_text: "Nieuwe data", bc_audience: "everyone" });
  const [queued] = org.press(preview, "broadcast.confirm");
  if (!queued?.text?.includes("Bericht 1")) throw new Error(`not queued: ${queued?.text}`);
}

/** Reads a stream of server-sent events until `done`; the `progress` payloads in order. */
async function readEvents(res: Response): Promise<{ progress: BroadcastProgress[]; done: boolean }> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const events = text.split("\n\n").filter((chunk) => chunk.startsWith("event:"));
  const payload = (chunk: string) => JSON.parse(chunk.slice(chunk.indexOf("data: ") + 6)) as BroadcastProgress;
  return {
    progress: events.filter((e) => e.startsWith("event: progress")).map(payload),
    done: events.some((e) => e.startsWith("event: done")),
  };
}

describe("deliveries on the dashboard", () => {
  it("streams a broadcast's progress until it is done, then resends to the failed once", async () => {
    progressEveryMs.value = 20;
    site = await dashboardSite();
    broadcastToEveryone();
    const cookie = await site.signIn("org1");
    const stream = await site.get("/dashboard/api/deliveries/1/events", cookie);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const events = readEvents(stream);
    const blocked: Delivery = { ok: false, reason: "blocked", retryable: false, detail: "user blocked the bot" };
    site.driver.adapter.script.push({ ok: true, messageId: "x" }, blocked);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await site.driver.deliver();
    const { progress, done } = await events;
    expect(done).toBe(true);
    expect(progress[0]).toMatchObject({ id: 1, sent: 0, done: false });
    const last = progress.at(-1);
    expect(last).toMatchObject({ id: 1, failed: 1, pending: 0, paused: 0, done: true });
    expect(last?.sent).toBe((last?.total ?? 0) - 1);
    expect(last?.failures).toEqual([{ reason: expect.stringContaining("blocked"), count: 1 }]);

    const page = await (await site.get("/dashboard/deliveries", cookie)).text();
    const form = /<form[^>]*action="\/dashboard\/deliveries\/1\/resend"[\s\S]*?<\/form>/.exec(page)?.[0] ?? "";
    const csrf = /name="csrf"[^>]*value="([\w-]{43})"|value="([\w-]{43})"[^>]*name="csrf"/.exec(form);
    const token = csrf?.[1] ?? csrf?.[2] ?? "";
    expect(token).toHaveLength(43);
    expect((await site.post("/dashboard/deliveries/1/resend", { csrf: "C".repeat(43) }, cookie)).status).toBe(403);
    const resent = await site.post("/dashboard/deliveries/1/resend", { csrf: token }, cookie);
    expect(resent.status).toBe(303);
    expect(resent.headers.get("location")).toBe("/dashboard/deliveries");
    // A double click puts nothing back twice: the failed one is already waiting again.
    await site.post("/dashboard/deliveries/1/resend", { csrf: token }, cookie);
    const after = (await (await site.get("/dashboard/api/deliveries/1", cookie)).json()) as BroadcastProgress;
    expect(after).toMatchObject({ failed: 0, pending: 1, done: false });
  });
});
