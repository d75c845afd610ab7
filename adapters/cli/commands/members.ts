import type { MemberKey } from "../../../src/domain/member-key.js";
import { findMember } from "../../../src/domain/members.js";
import { applyRetention, eraseMember, exportMemberData } from "../../../src/services/member-data.js";
import { CliError, memberKeyArgument, type RegisterCommands } from "../io.js";

/** For organisers handling a request by mail: export or erase one member; apply the retention period. */
export const registerMemberCommands: RegisterCommands = (program, { io, context }) => {
  const member = program.command("member").description("a member's personal data (AVG/GDPR requests)");
  const find = (key: MemberKey) => {
    const ctx = context();
    const found = findMember(ctx.db, key.platform, key.userId);
    if (!found) throw new CliError(`No data stored for ${key.platform}:${key.userId}.`);
    return { ctx, found };
  };
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
    .description("cancel the member's sign-ups (promoting waitlists) and remove their personal data")
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
    .description("remove personal data of past sessions and closed campaigns older than RETENTION_MONTHS")
    .action(() => {
      const ctx = context();
      const { cutoff, removed } = applyRetention(ctx);
      const parts = Object.entries(removed).map(([name, n]) => `${name}: ${n}`);
      io.out(`Removed data from before ${new Date(cutoff).toISOString().slice(0, 10)} (${parts.join(", ")}).\n`);
    });
};
