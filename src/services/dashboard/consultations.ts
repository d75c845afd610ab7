import { participationCounts } from "../../domain/consultation-reactions.js";
import { getConsultation, listConsultations } from "../../domain/consultations.js";
import { smallGroup } from "../../domain/polls.js";
import { consultationCounts, exportForOrganiser } from "../consultation-export.js";
import type { CoreContext } from "../context.js";
import type { Viewer } from "./access.js";
import type { ConsultationRoleGroup, ConsultationSummary, Consultations, RoleCounts } from "./model.js";

// The consultation rounds for the dashboard: per round its participation and its counts per role and core task,
// counted as the export counts them, so the page and the file never disagree, and small groups are merged as the export
// merges them. Only counts leave here: no name, member id, reaction id or text, in named rounds neither.

const maxRounds = 100;

const roleCounts = (counts: Record<string, number>): RoleCounts =>
  Object.entries(counts).map(([role, count]) => ({ role: role as ConsultationRoleGroup, count }));

/** The newest rounds, each with its counts. */
export function consultationsFor(ctx: CoreContext): Consultations {
  const rounds = listConsultations(ctx.db).slice(0, maxRounds);
  return {
    minimumGroup: smallGroup,
    consultations: rounds.map((round): ConsultationSummary => {
      const counts = consultationCounts(ctx.db, round);
      const { started, submitted } = participationCounts(ctx.db, round.id);
      return {
        id: round.id,
        title: round.title,
        anonymous: round.anonymous,
        status: round.status,
        opensAt: round.opensAt,
        closesAt: round.closesAt,
        started,
        submitted,
        byRole: roleCounts(counts.byRole),
        tasks: round.tasks.map((task) => {
          const byRole = roleCounts(counts.byTask[task.taskId] ?? {});
          const reactions = byRole.reduce((sum, group) => sum + group.count, 0);
          return { taskId: task.taskId, label: task.label, reactions, byRole };
        }),
      };
    }),
  };
}

/** A round's export for an organiser's download, in the audit log as the chat's export is; undefined: no such round. */
export function consultationDownload(
  ctx: CoreContext,
  viewer: Pick<Viewer, "memberId">,
  id: string,
  format: "csv" | "json",
): string | undefined {
  if (!/^[1-9]\d{0,9}$/.test(id)) return undefined;
  const round = getConsultation(ctx.db, Number(id));
  if (!round) return undefined;
  return exportForOrganiser(ctx.db, round.id, format, viewer.memberId, ctx.clock.now());
}
