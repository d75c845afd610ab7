import type { Platform } from "../contract.js";
import { platformIds } from "./platform-ids.js";

export interface MemberKey {
  platform: Platform;
  userId: string;
}

/** Parses `platform:userId` (the user id may itself contain colons, as Teams ids do). */
export function parseMemberKey(text: string): MemberKey | undefined {
  const colon = text.indexOf(":");
  if (colon <= 0) return undefined;
  const platform = text.slice(0, colon);
  const userId = text.slice(colon + 1).trim();
  if (!userId || !platformIds.includes(platform)) return undefined;
  return { platform, userId };
}

export function formatMemberKey(key: MemberKey): string {
  return `${key.platform}:${key.userId}`;
}

/** The key of a stored member (its platform is a string in the database). */
export function memberKeyOf(member: { platform: string; userId: string }): string {
  return `${member.platform}:${member.userId}`;
}
