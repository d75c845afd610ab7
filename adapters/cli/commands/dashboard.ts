import type { MemberKey } from "../../../src/domain/member-key.js";
import { findMember } from "../../../src/domain/members.js";
import { issueDashboardLink, scopeFor } from "../../../src/services/dashboard/access.js";
import { CliError, memberKeyArgument, type RegisterCommands } from "../io.js";

// `spreekuur dashboard link <platform:userId>`: the sign-in link the person would get by typing `dashboard` in
// chat, for an organiser (or leader) who cannot reach the bot right now. It goes to that person only.

export const registerDashboardCommands: RegisterCommands = (program, { io, context }) => {
  const dashboard = program.command("dashboard").description("the organisers' web dashboard");
  dashboard
    .command("link")
    .description("a personal sign-in link (once, 10 minutes) for an organiser, or a leader's own sessions")
    .argument("<platform:userId>", "e.g. slack:U012AB3CD", memberKeyArgument)
    .action((key: MemberKey) => {
      const ctx = context();
      const member = findMember(ctx.db, key.platform, key.userId);
      const scope = member && scopeFor(ctx, member.id);
      if (!member || !scope) {
        throw new CliError(`${key.platform}:${key.userId} is no organiser and leads no session: no dashboard.`);
      }
      const url = issueDashboardLink(ctx, member.id, scope);
      io.out(`${url}\n`);
      io.err(`Valid for 10 minutes, once; ${scope === "organiser" ? "the whole dashboard" : "their own sessions"}.\n`);
    });
};
