import type { CoreConfig } from "../config/core-config.js";
import type { Address, Locale } from "../contract.js";
import type { Member } from "../types.js";

/** The language to write to a member in: their own choice, else the bot's default. */
export function memberLocale(member: Pick<Member, "locale">, config: Pick<CoreConfig, "BOT_LOCALE">): Locale {
  return member.locale ?? config.BOT_LOCALE;
}

/** Where to reach a member directly: their DM if we know it, else their user id (adapters resolve it). */
export function memberAddress(member: Member): Address {
  return {
    platform: member.platform,
    conversation: member.dmConversation ?? member.userId,
    user: member.userId,
    ...(member.workspace ? { workspace: member.workspace } : {}),
  };
}
