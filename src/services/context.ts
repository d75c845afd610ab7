import type { Clock } from "../clock.js";
import type { CoreConfig } from "../config/core-config.js";
import type { Address, Locale } from "../contract.js";
import type { Logger } from "../log.js";
import type { Db } from "../storage/db.js";
import type { Member } from "../types.js";

/** What every core service needs: the database, the settings, the time and a logger. */
export interface CoreContext {
  db: Db;
  config: CoreConfig;
  clock: Clock;
  log: Logger;
}

export function memberLocale(member: Pick<Member, "locale">, config: Pick<CoreConfig, "BOT_LOCALE">): Locale {
  return member.locale ?? config.BOT_LOCALE;
}

/** Where to reach a member directly: their DM if we know it, else their user id (adapters resolve it). */
export function memberAddress(member: Member): Address {
  return {
    platform: member.platform as Address["platform"],
    conversation: member.dmConversation ?? member.userId,
    user: member.userId,
  };
}
