import type { Adapter, Address, Delivery, Platform, Reply } from "../../src/contract.js";

/** An adapter that keeps what it is sent in memory: the shell adapter of tests and scripts. */
export class MemoryAdapter implements Adapter {
  readonly sent: { to: Address; reply: Reply }[] = [];
  /** Outcomes to return next, in order; when empty every send succeeds. */
  readonly script: Delivery[] = [];
  private counter = 0;

  constructor(readonly platform: Platform = "memory") {}

  async send(to: Address, reply: Reply): Promise<Delivery> {
    const scripted = this.script.shift();
    if (scripted && !scripted.ok) return scripted;
    this.sent.push({ to, reply });
    return { ok: true, messageId: `m${++this.counter}` };
  }

  /** Messages sent to a conversation (or user). */
  to(conversation: string): Reply[] {
    return this.sent
      .filter((m) => m.to.conversation === conversation || m.to.user === conversation)
      .map((m) => m.reply);
  }
}
