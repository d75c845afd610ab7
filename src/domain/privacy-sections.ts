// Every kind of personal data, in erase order (the profile last). Features with tables of their own add theirs.

import type { PersonalDataSection } from "./personal-data.js";
import { consultationParticipantSection, consultationReactionSection } from "./privacy-consultation-sections.js";
import {
  attendanceSection,
  conversationSection,
  leaderSection,
  organiserSection,
  outboxSection,
  profileSection,
  signupSection,
} from "./privacy-core-sections.js";
import { dashboardSection } from "./privacy-dashboard-sections.js";
import { identitySection } from "./privacy-identity-sections.js";
import { authorSection, pollSection, surveySection } from "./privacy-survey-poll-sections.js";

export const personalDataSections: PersonalDataSection[] = [
  signupSection,
  attendanceSection,
  leaderSection,
  surveySection,
  pollSection,
  consultationParticipantSection,
  consultationReactionSection,
  authorSection,
  outboxSection,
  conversationSection,
  organiserSection,
  dashboardSection,
  // After every section that finds the member's rows by their accounts' ids.
  identitySection,
  profileSection,
];

/** Tables that hold no personal data (a test checks every table is either here or in a section). */
export const tablesWithoutPersonalData = [
  "sessions",
  "session_totals",
  // How many are confirmed or waiting for each session, kept by triggers: names nobody.
  "session_counts",
  "processed_events",
  // The leader's report of the group's discussion: no member is named in its fields.
  "session_reports",
  "campaign_totals",
  "survey_slots",
  "poll_rounds",
  "poll_tallies",
  // A consultation round's core tasks: the draft's link and the questions.
  "consultation_tasks",
  // Channels, not members.
  "announcements",
  // Which bot process holds the database: host name and process id.
  "bot_lease",
  // Where each workspace's directory sync stands: a cursor and times, no account.
  "directory_syncs",
  // The app's installs per workspace: the bot's own ids and its sealed token; not who installed it.
  "installations",
  // Workspaces whose sends wait for the app (uninstalled, revoked): a reason and a time.
  "workspace_holds",
];
