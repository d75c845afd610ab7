import type { AppPause } from "./app-pause.js";

/** What a benchmark or an operator wants to know of a platform's sends; counted since start. */
export interface DispatcherStats {
  /** Messages handed to the platform (sends and updates). */
  requests: number;
  /** 1:1 conversations opened for first contact (each a paced call of its own, not in `requests`). */
  opened: number;
  sent: number;
  rateLimited: number;
  retried: number;
  failed: number;
  /** Answers that refused the app itself: the row went back to wait, as it was. */
  paused: number;
  /** Set while a workspace's sends are paused on the app's failure, with the reason (the first such workspace). */
  pause?: AppPause;
  inFlight: number;
  peakInFlight: number;
  firstSendAt?: number;
  lastSendAt?: number;
}

/** One workspace's share of the counts (a Slack team or enterprise, a Teams tenant). */
export interface WorkspaceStats {
  workspace: string;
  requests: number;
  sent: number;
  rateLimited: number;
  failed: number;
  inFlight: number;
  firstSendAt?: number;
  lastSendAt?: number;
  pause?: AppPause;
}
