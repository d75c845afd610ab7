import type { Locale } from "../contract.js";
import type { DeliveryCounts, WorkspaceDelivery } from "../domain/delivery-report.js";
import { broadcastTexts, pauseInWords } from "../i18n/broadcast-texts.js";

// The per-workspace part of a delivery report, for organisers: one line per platform and workspace, its failure
// reasons below it, and a note when some wait because the app is paused there (never a member's doing).

/** "Slack · Huisartsen Utrecht", or the id when the workspace has no known name. */
function workspacePlace(w: WorkspaceDelivery, locale: Locale): string {
  const platform = w.platform.charAt(0).toUpperCase() + w.platform.slice(1);
  return `${platform} · ${w.name ?? (w.workspace || broadcastTexts(locale).unknownWorkspace)}`;
}

/** Nothing in a single-workspace setup (the report's `workspaces` is then empty). */
export function workspaceLines(report: DeliveryCounts, locale: Locale): string[] {
  if (!report.workspaces.length) return [];
  const tx = broadcastTexts(locale);
  const lines = [tx.workspacesHeader];
  for (const w of report.workspaces) {
    const paused = w.paused ? tx.workspacePaused(w.paused, pauseInWords(locale, w.pausedReason ?? "")) : "";
    lines.push(`${tx.workspaceLine(workspacePlace(w, locale), w.sent, w.waiting, w.failed)}${paused}`);
    for (const failure of w.failures) lines.push(`   – ${failure.reason}: ${failure.count}`);
  }
  if (report.paused) lines.push(tx.pausedNote);
  return lines;
}
