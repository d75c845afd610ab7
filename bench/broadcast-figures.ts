// The broadcast benchmark's figures: per workspace or tenant and overall, achieved against allowed rate, 429s,
// duplicates and losses (counted on the fakes' side), the bot's own delivery report, and peak RSS.
import type { PlaceResult, RunResult } from "./broadcast-scenario.js";

export interface Aims {
  ratio: number;
  tooManyPercent: number;
  peakRssMb: number;
}

export const aims: Aims = { ratio: 0.95, tooManyPercent: 1, peakRssMb: 200 };

/** Messages per second from its first to its last accepted message (the first starts the clock). */
export function achievedRate(r: PlaceResult): number {
  const span = (r.stats.lastAcceptedAt - r.stats.firstAcceptedAt) / 1000;
  return span > 0 ? (r.stats.accepted - 1) / span : 0;
}

const percent = (part: number, whole: number) => (100 * part) / Math.max(1, whole);
const label = (r: PlaceResult) => `${r.place.platform} · ${r.place.name} (${r.place.workspace})`;

/** Recipients given nothing and not waiting either (paused rows still wait: they are not lost). */
export function lost(r: PlaceResult): number {
  const waiting = (r.delivery?.waiting ?? 0) + (r.delivery?.paused ?? 0);
  return r.place.members - r.stats.recipients - waiting;
}

export interface PrintOptions {
  /** Workspaces a fault hit on purpose: printed, not held to the rate aim. */
  faulted?: Record<string, string>;
}

/** Prints the run; returns the aims that were missed (empty: all met). */
export function printRun(run: RunResult, options: PrintOptions = {}): string[] {
  const missed: string[] = [];
  const faulted = options.faulted ?? {};
  for (const r of run.results) {
    const rate = achievedRate(r);
    const ratio = rate / r.allowedPerSecond;
    const fault = faulted[r.place.workspace];
    const tooMany = percent(r.stats.tooMany, r.stats.requests);
    const d = r.delivery;
    console.log(`\n${label(r)}: ${r.place.members} members${fault ? ` — ${fault}` : ""}`);
    console.log(
      `  achieved ${rate.toFixed(1)}/s of ${r.allowedPerSecond}/s allowed: ratio ${ratio.toFixed(3)}` +
        `${fault ? " (faulted: not held to the aim)" : ` (aim ≥ ${aims.ratio})`}`,
    );
    console.log(`  requests ${r.stats.requests}, 429s ${r.stats.tooMany} (${tooMany.toFixed(2)} %)`);
    console.log(
      `  delivered ${r.stats.accepted} to ${r.stats.recipients}: duplicates ${r.stats.duplicates}, lost ${lost(r)}`,
    );
    if (d) {
      const why = d.pausedReason ? ` (${d.pausedReason})` : "";
      console.log(`  bot's report: sent ${d.sent}, waiting ${d.waiting}, failed ${d.failed}, paused ${d.paused}${why}`);
    }
    if (!fault && ratio < aims.ratio) missed.push(`${label(r)}: ratio ${ratio.toFixed(3)}`);
    if (!fault && tooMany > aims.tooManyPercent) missed.push(`${label(r)}: 429s ${tooMany.toFixed(2)} %`);
    if (r.stats.duplicates) missed.push(`${label(r)}: ${r.stats.duplicates} duplicates`);
    if (lost(r)) missed.push(`${label(r)}: ${lost(r)} lost`);
    if (d?.failed) missed.push(`${label(r)}: ${d.failed} failed`);
  }
  printOverall(run, faulted, missed);
  return missed;
}

function printOverall(run: RunResult, faulted: Record<string, string>, missed: string[]): void {
  const d = run.loopDelayMs;
  const steady = run.results.filter((r) => !faulted[r.place.workspace]);
  const sum = (pick: (r: PlaceResult) => number, of = run.results) => of.reduce((n, r) => n + pick(r), 0);
  const requests = sum((r) => r.stats.requests);
  const tooMany = sum((r) => r.stats.tooMany);
  const steadyTooMany = percent(
    sum((r) => r.stats.tooMany, steady),
    sum((r) => r.stats.requests, steady),
  );
  // Overall: the time the slowest workspace needs at its allowed rate against the time the run took to give them
  // all; and the sum of what each achieved against the sum of what each is allowed.
  const ideal = Math.max(...steady.map((r) => r.place.members / r.allowedPerSecond));
  const firsts = steady.map((r) => r.stats.firstAcceptedAt).filter((t) => t > 0);
  const span = (Math.max(...steady.map((r) => r.stats.lastAcceptedAt)) - Math.min(...firsts)) / 1000;
  const weighted = sum((r) => achievedRate(r), steady) / sum((r) => r.allowedPerSecond, steady);
  console.log(`\noverall (${steady.length === run.results.length ? "all" : "the unfaulted"} workspaces and tenants):`);
  console.log(
    `  delivered ${sum((r) => r.stats.accepted, steady)} in ${span.toFixed(1)} s; at each one's allowed rate ` +
      `${ideal.toFixed(1)} s: ratio ${(ideal / span).toFixed(3)}; Σ achieved / Σ allowed ${weighted.toFixed(3)}`,
  );
  console.log(
    `  requests ${requests}, 429s ${tooMany} (${percent(tooMany, requests).toFixed(2)} % of all; ` +
      `${steadyTooMany.toFixed(2)} % in the unfaulted, aim ≤ ${aims.tooManyPercent} %)`,
  );
  console.log(
    `  duplicates ${sum((r) => r.stats.duplicates)}, lost ${sum(lost)}, members marked unreachable ${run.unreachable}`,
  );
  console.log(
    `  queued ${run.queued} in ${run.queueMs} ms; drained in ${run.seconds.toFixed(1)} s; RSS ${run.rssAtStartMb} MB ` +
      `after start, peak ${run.peakRssMb} MB (aim ≤ ${aims.peakRssMb} MB)`,
  );
  console.log(
    `  bot process: ${run.cpuMsPerMessage.toFixed(2)} ms CPU per message given (one core: at most ` +
      `${Math.round(1000 / run.cpuMsPerMessage)}/s); event-loop utilisation ${run.eventLoopUtilisation.toFixed(2)}; ` +
      `timers late by p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(0)} ms; ` +
      `heap ${run.heapAtStartMb} MB after start, peak ${run.peakHeapMb} MB` +
      (run.heapAfterGcMb === undefined ? "" : `, ${run.heapAfterGcMb} MB after a full GC at the end`),
  );
  if (steadyTooMany > aims.tooManyPercent) missed.push(`overall 429s ${steadyTooMany.toFixed(2)} %`);
  if (run.unreachable) missed.push(`${run.unreachable} members marked unreachable`);
  if (run.peakRssMb > aims.peakRssMb) missed.push(`peak RSS ${run.peakRssMb} MB`);
  if (run.timedOut) missed.push("time limit reached: not everything was given");
}
