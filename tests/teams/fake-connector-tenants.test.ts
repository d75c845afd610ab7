import { afterEach, describe, expect, it } from "vitest";
import { FakeConnector } from "../support/fake-connector.js";

// The fake connector's tenants: limits, refusals and 429s per tenant, the tenant read from each request.

let fake: FakeConnector | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const limits = { ratePerSecond: 3, conversationRatePerSecond: 7, retryAfterSeconds: 2 };

function post(conversation: string, tenantId?: string): Promise<Response> {
  return fetch(`${fake?.url}v3/conversations/${encodeURIComponent(conversation)}/activities`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "message", text: "x", ...(tenantId ? { conversation: { tenantId } } : {}) }),
  });
}

async function stats(): Promise<Record<string, unknown> & { tenants: Record<string, { requests: number }> }> {
  return (await (await fetch(`${fake?.url}_stats`)).json()) as never;
}

describe("the fake connector's tenants", () => {
  it("limits each tenant on its own and reports the total and each tenant", async () => {
    fake = await new FakeConnector(limits).start();
    const a = await Promise.all([1, 2, 3, 4].map((n) => post(`a:${n}`, "tenant-a")));
    const b = await Promise.all([1, 2, 3].map((n) => post(`b:${n}`, "tenant-b")));
    expect(a.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
    expect(a.find((r) => r.status === 429)?.headers.get("retry-after")).toBe("2");
    expect(b.map((r) => r.status)).toEqual([200, 200, 200]);
    const s = await stats();
    expect(s).toMatchObject({ requests: 7, tooMany: 1, accepted: 6, recipients: 6 });
    expect(s.tenants).toMatchObject({
      "tenant-a": { requests: 4, tooMany: 1, accepted: 3 },
      "tenant-b": { requests: 3, tooMany: 0, accepted: 3 },
    });
  });

  it("counts a request that names no tenant in the tenant its conversation was created in, else the default", async () => {
    fake = await new FakeConnector(limits).start();
    const created = await fetch(`${fake.url}v3/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ isGroup: false, members: [{ id: "29:x" }], channelData: { tenant: { id: "tenant-b" } } }),
    });
    expect(created.status).toBe(400); // no tenantId: refused as Teams does, but still counted in tenant-b
    await fetch(`${fake.url}v3/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ isGroup: false, members: [{ id: "29:x" }], tenantId: "tenant-b" }),
    });
    expect((await post("a:1:1-29:x")).status).toBe(200);
    expect((await post("a:elsewhere")).status).toBe(200);
    expect(fake.calls.map((c) => c.tenant)).toEqual(["tenant-b", "tenant-b", "tenant-b", "tenant-1"]);
    expect(Object.keys((await stats()).tenants).sort()).toEqual(["tenant-1", "tenant-b"]);
  });

  it("keeps each conversation to Teams' longer windows (8 per 2 s)", async () => {
    fake = await new FakeConnector({ ratePerSecond: 100, conversationRatePerSecond: 100 }).start();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await post("a:busy", "tenant-a")).status);
    expect(answers.filter((s) => s === 200)).toHaveLength(8);
    expect((await post("a:other", "tenant-a")).status).toBe(200);
  });

  it("refuses one tenant (401) and limits another (429 until a moment), also when told over HTTP", async () => {
    fake = await new FakeConnector().start();
    fake.refuseTenant("tenant-b", { status: 401, body: { message: "Authorization has been denied" } });
    expect((await post("b:1", "tenant-b")).status).toBe(401);
    expect((await post("a:1", "tenant-a")).status).toBe(200);
    fake.refuseTenant("tenant-b", undefined);
    expect((await post("b:1")).status).toBe(200);

    await fetch(`${fake.url}_tenants/tenant-a`, {
      method: "POST",
      body: JSON.stringify({ limitedUntil: Date.now() + 5_000 }),
    });
    const limited = await post("a:1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(4);
    expect((await post("b:1")).status).toBe(200);
    await fetch(`${fake.url}_tenants/tenant-a`, { method: "POST", body: JSON.stringify({ limitedUntil: 0 }) });
    expect((await post("a:1")).status).toBe(200);
  });
});
