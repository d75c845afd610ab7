import {
  type Adapter,
  type AdapterProfile,
  type Address,
  commonLimits,
  type Delivery,
  type Platform,
  type PlatformRates,
  type Reply,
} from "../../src/contract.js";

/** A minimal adapter that posts to the fake platform; its `outcome` is the one place that translates its errors. */
export class HttpTestAdapter implements Adapter {
  readonly profile: AdapterProfile;

  constructor(
    private readonly baseUrl: string,
    readonly platform: Platform = "teams",
    /** Teams' default rates unless a test says otherwise. */
    rates: PlatformRates = { ratePerSecond: 50, conversationRatePerSecond: 7 },
  ) {
    this.profile = {
      rates,
      limits: commonLimits,
      capabilities: { updates: true, modals: false, ephemeral: false, files: false },
    };
  }

  send(to: Address, reply: Reply): Promise<Delivery> {
    return this.post("/send", { conversation: to.conversation, text: reply.text });
  }

  update(to: Address, messageId: string, reply: Reply): Promise<Delivery> {
    return this.post("/update", { conversation: to.conversation, messageId, text: reply.text });
  }

  private async post(path: string, body: Record<string, string>): Promise<Delivery> {
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { id?: string; error?: string };
      return outcome(res.status, res.headers.get("retry-after"), json);
    } catch (error) {
      return { ok: false, reason: "unavailable", retryable: true, detail: String(error) };
    }
  }
}

function outcome(status: number, retryAfter: string | null, json: { id?: string; error?: string }): Delivery {
  if (status === 200 && json.id) return { ok: true, messageId: json.id };
  if (status === 429) return { ok: false, reason: "rate_limited", retryAfterMs: Number(retryAfter ?? "1") * 1000 };
  const detail = json.error ?? `HTTP ${status}`;
  if (status === 403) return { ok: false, reason: "blocked", retryable: false, detail };
  if (status === 404) return { ok: false, reason: "not_found", retryable: false, detail };
  if (status >= 500) return { ok: false, reason: "unavailable", retryable: true, detail };
  return { ok: false, reason: "invalid", retryable: false, detail };
}
