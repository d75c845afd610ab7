import type { TeamsChannelAccount } from "botbuilder";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { DirectoryEntry } from "../../src/domain/directory.js";
import { emailHash } from "../../src/services/email-hash.js";

// One member of a team's roster as a directory entry: the least the directory keeps (ids, tenant, guest or not,
// an e-mail hash only when linking by e-mail is on). Names, e-mail addresses and UPNs go no further than here.

/** The entry for a roster member, or undefined when the directory does not take them (a guest, by default). */
export function rosterEntry(
  account: TeamsChannelAccount,
  tenant: string,
  config: DirectoryConfig,
): DirectoryEntry | undefined {
  if (!account.id) return undefined;
  const guest = account.userRole?.toLowerCase() === "guest";
  if (guest && config.DIRECTORY_GUESTS !== "include") return undefined;
  // Entra's mail is set by the tenant's admin; a guest's UPN is a mangled external address, not theirs to verify.
  const email = account.email || (guest ? undefined : account.userPrincipalName);
  const key = config.MEMBER_EMAIL_KEY;
  return {
    platform: "teams",
    workspace: tenant,
    userId: account.id,
    guest,
    ...(key && email ? { emailHash: emailHash(key, email) } : {}),
  };
}
