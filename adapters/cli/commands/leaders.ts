import { audit } from "../../../src/domain/audit.js";
import { leaderOf, linkLeader, unlinkLeader } from "../../../src/domain/leaders.js";
import { formatMemberKey, type MemberKey } from "../../../src/domain/member-key.js";
import { getSession } from "../../../src/domain/sessions.js";
import { CliError, memberKeyArgument, type RegisterCommands } from "../io.js";

/** `spreekuur sessions leader <session-id> [platform:userId]`: who leads a session, as a chat user. */
export const registerLeaderCommands: RegisterCommands = (program, { io, context }) => {
  const sessions = program.commands.find((command) => command.name() === "sessions") ?? program.command("sessions");
  sessions
    .command("leader")
    .description("link a session's leader to a chat user, who then sees the roster and the report form in chat")
    .argument("<session-id>")
    .argument("[platform:userId]", "e.g. slack:U012AB3CD; leave out to show the current leader", memberKeyArgument)
    .option("--remove", "unlink the session's leader")
    .action((sessionId: string, key: MemberKey | undefined, options: { remove?: boolean }) => {
      const ctx = context();
      if (!getSession(ctx.db, sessionId)) throw new CliError(`No session with id ${sessionId}.`);
      const now = ctx.clock.now();
      if (options.remove) {
        if (key) throw new CliError("Give either a platform:userId or --remove, not both.");
        if (!unlinkLeader(ctx.db, sessionId)) throw new CliError(`${sessionId} has no linked leader.`);
        audit(ctx.db, { actor: "cli", action: "session.leader.remove", subject: sessionId }, now);
        io.out(`Unlinked the leader of ${sessionId}.\n`);
        return;
      }
      if (!key) {
        const leader = leaderOf(ctx.db, sessionId);
        io.out(leader ? `${formatMemberKey(leader)}\n` : `${sessionId} has no linked leader.\n`);
        return;
      }
      linkLeader(ctx.db, sessionId, key, now);
      audit(ctx.db, { actor: "cli", action: "session.leader", subject: sessionId, detail: formatMemberKey(key) }, now);
      io.out(`${formatMemberKey(key)} now leads ${sessionId}.\n`);
    });
};
