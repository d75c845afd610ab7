import {
  type Adapter,
  type AdapterProfile,
  type Address,
  commonLimits,
  type Delivery,
  type Opened,
  type Platform,
  type Reply,
} from "../../src/contract.js";

/**
 * It stands in for any platform: the common (tightest) limits, so what fits here fits everywhere, and rates no
 * test waits for.
 */
const memoryProfile: AdapterProfile = {
  rates: { ratePerSecond: 1000, conversationRatePerSecond: 1000 },
  limits: commonLimits,
  capabilities: { updates: false, modals: false, ephemeral: false, files: true },
};

/** An adapter that keeps what it is sent in memory: the shell adapter of tests and scripts. */
export class MemoryAdapter implements Adapter {
  readonly sent: { to: Address; reply: Reply }[] = [];
  /** Outcomes to return next, in order; when empty every send succeeds. */
  readonly script: Delivery[] = [];
  /** Every first contact asked for (`openDirect`), in order. */
  readonly opened: { user: string; workspace: string }[] = [];
  /** Answers to the next opens, in order; when empty the conversation is the user id itself. */
  readonly openScript: Opened[] = [];
  private counter = 0;

  constructor(
    readonly platform: Platform = "memory",
    readonly profile: AdapterProfile = memoryProfile,
  ) {}

  async send(to: Address, reply: Reply): Promise<Delivery> {
    const scripted = this.script.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ to, reply });
    return { ok: true, messageId: `m${++this.counter}` };
  }

  async openDirect(to: { user: string; workspace: string }): Promise<Opened> {
    this.opened.push(to);
    return this.openScript.shift() ?? { ok: true, conversation: to.user };
  }

  /** Messages sent to a conversation (or user). */
  to(conversation: string): Reply[] {
    return this.sent
      .filter((m) => m.to.conversation === conversation || m.to.user === conversation)
      .map((m) => m.reply);
  }
}
