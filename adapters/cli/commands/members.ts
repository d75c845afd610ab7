import { audit } from "../../../src/domain/audit.js";
import { personDetails } from "../../../src/domain/directory-status.js";
import { findIdentity, identitiesOf } from "../../../src/domain/identities.js";
import { formatMemberKey, type MemberKey } from "../../../src/domain/member-key.js";
import { setRole } from "../../../src/domain/members.js";
import { personAsMember } from "../../../src/domain/privacy-persons.js";
import { applyRetention, eraseMember, exportMemberData } from "../../../src/services/member-data.js";
import { type Role, roles } from "../../../src/types.js";
import { CliError, memberKeyArgument, type RegisterCommands } from "../io.js";
import { at, iso } from "./directory.js";

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** For organisers handling a request by mail: show, export or erase one member; apply the retention period. */
export const registerMemberCommands: RegisterCommands = (program, { io, context }) => {
  const member = program.command("member").description("a member's accounts and personal data (AVG/GDPR requests)");
  // By any of the person's accounts, one that left included: their data is still theirs.
  const find = (key: MemberKey) => {
    const ctx = context();
    const identity = findIdentity(ctx.db, key.platform, key.userId);
    const found = identity && personAsMember(ctx.db, identity.memberId);
    if (!found) throw new CliError(`No data stored for ${key.platform}:${key.userId}.`);
    return { ctx, found };
  };
  member
    .command("show")
    .description("the person's accounts on each platform, role, language, preference and whether they opted out")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .option("--json", "print JSON")
    .action((key: MemberKey, options: { json?: boolean }) => {
      const { ctx, found } = find(key);
      const person = personDetails(ctx.db, found.id);
      if (!person) throw new CliError(`No data stored for ${key.platform}:${key.userId}.`);
      const identities = identitiesOf(ctx.db, found.id);
      if (options.json) {
        const accounts = identities.map((identity) => ({
          platform: identity.platform,
          workspace: identity.workspace,
          user_id: identity.userId,
          in_directory: identity.inDirectory,
          left_at: iso(identity.leftAt),
          guest: identity.guest,
          has_dm_conversation: identity.dmConversation !== null,
          last_seen_at: iso(identity.lastSeenAt),
          linked_by: identity.linkedBy,
        }));
        const { id, rosterName, role, locale, preferredPlatform, optedOutAt } = person;
        const shown = { id, roster_name: rosterName, role, locale, preferred_platform: preferredPlatform };
        io.out(`${JSON.stringify({ ...shown, opted_out_at: iso(optedOutAt), identities: accounts }, null, 2)}\n`);
        return;
      }
      io.out(`Member ${person.id}${person.rosterName ? ` (${person.rosterName})` : ""}\n`);
      io.out(`  role: ${person.role ?? "not given"}, language: ${person.locale ?? "not chosen"}\n`);
      io.out(`  reached on: ${person.preferredPlatform ?? "the account used last"} (voorkeur)\n`);
      io.out(`  opted out: ${person.optedOutAt === null ? "no" : `since ${at(person.optedOutAt)}`}\n`);
      for (const identity of identities) {
        io.out(`${identity.platform}:${identity.userId} in ${identity.workspace || "(workspace not known yet)"}\n`);
        io.out(
          `  in directory: ${yesNo(identity.inDirectory)}, left: ${identity.leftAt === null ? "no" : at(identity.leftAt)}` +
            `, guest: ${yesNo(identity.guest)}, 1:1 conversation: ${yesNo(identity.dmConversation !== null)}\n`,
        );
        io.out(`  last seen: ${at(identity.lastSeenAt)}, linked by: ${identity.linkedBy ?? "(own account)"}\n`);
      }
    });
  member
    .command("role")
    .description("set the member's role; organisers mark stakeholders (the directory cannot know)")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .argument("<role>", roles.join(", "))
    .action((key: MemberKey, role: string) => {
      if (!(roles as readonly string[]).includes(role)) throw new CliError(`Role must be one of: ${roles.join(", ")}.`);
      const { ctx, found } = find(key);
      setRole(ctx.db, found.id, role as Role);
      audit(
        ctx.db,
        { actor: "cli", action: "member.role", subject: formatMemberKey(key), detail: role },
        ctx.clock.now(),
      );
      io.out(`${formatMemberKey(key)} is now: ${role}.\n`);
    });
  member
    .command("export")
    .description("print everything stored about the member as JSON")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .action((key: MemberKey) => {
      const { ctx, found } = find(key);
      io.out(`${JSON.stringify(exportMemberData(ctx, found), null, 2)}\n`);
    });
  member
    .command("erase")
    .description("cancel the member's sign-ups (promoting waitlists) and remove their personal data, every account")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .action((key: MemberKey) => {
      const { ctx, found } = find(key);
      const removed = eraseMember(ctx, found);
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      io.out(`Erased ${key.platform}:${key.userId}: ${total} rows removed or anonymised.\n`);
    });
  program
    .command("retention")
    .description("the retention period for personal data")
    .command("apply")
    .description(
      "remove personal data of past sessions, closed campaigns and members who left, older than RETENTION_MONTHS",
    )
    .action(() => {
      const ctx = context();
      const { cutoff, removed } = applyRetention(ctx);
      const parts = Object.entries(removed).map(([name, n]) => `${name}: ${n}`);
      io.out(`Removed data from before ${new Date(cutoff).toISOString().slice(0, 10)} (${parts.join(", ")}).\n`);
    });
};
