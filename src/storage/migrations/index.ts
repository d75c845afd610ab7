import initial from "./001-initial.js";
import delivery from "./002-delivery.js";
import surveysPolls from "./003-surveys-polls.js";
import leaders from "./004-leaders.js";
import sessionTotals from "./007-session-totals.js";
import slimReferences from "./008-slim-references.js";
import botLease from "./009-bot-lease.js";
import dropScheduledJobs from "./010-drop-scheduled-jobs.js";
import identities from "./011-identities.js";
import optOuts from "./012-opt-outs.js";
import workspaces from "./013-workspaces.js";
import dashboard from "./014-dashboard.js";
import identityLocale from "./015-identity-locale.js";
import consultations from "./016-consultations.js";
import sessionCounts from "./017-session-counts.js";

/** Append-only: never edit a released migration, add the next number. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Rebuilds a table others refer to: runs with foreign keys off, checked before it commits. */
  rebuildsTables?: boolean;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: "initial", sql: initial },
  { version: 2, name: "delivery", sql: delivery },
  { version: 3, name: "surveys-polls", sql: surveysPolls },
  { version: 4, name: "leaders", sql: leaders },
  { version: 7, name: "session-totals", sql: sessionTotals },
  { version: 8, name: "slim-references", sql: slimReferences },
  { version: 9, name: "bot-lease", sql: botLease },
  { version: 10, name: "drop-scheduled-jobs", sql: dropScheduledJobs },
  { version: 11, name: "identities", sql: identities, rebuildsTables: true },
  { version: 12, name: "opt-outs", sql: optOuts },
  { version: 13, name: "workspaces", sql: workspaces },
  { version: 14, name: "dashboard", sql: dashboard },
  { version: 15, name: "identity-locale", sql: identityLocale },
  { version: 16, name: "consultations", sql: consultations, rebuildsTables: true },
  { version: 17, name: "session-counts", sql: sessionCounts },
];
