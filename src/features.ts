// The one list of conversation features and periodic tasks; the core and the scheduler take them from here.
import { broadcastFeature } from "./conversation/broadcast-feature.js";
import { consentFeature } from "./conversation/consent-feature.js";
import { consultationFeature } from "./conversation/consultation-feature.js";
import { consultationOrganiserFeature } from "./conversation/consultation-organiser-feature.js";
import { dashboardFeature } from "./conversation/dashboard-feature.js";
import { helpFeature } from "./conversation/help-feature.js";
import { leaderFeature } from "./conversation/leader-feature.js";
import { linkingFeature } from "./conversation/linking-feature.js";
import { pollFeature } from "./conversation/poll-feature.js";
import { privacyFeature } from "./conversation/privacy-feature.js";
import { reportFeature } from "./conversation/report-feature.js";
import { signupFeature } from "./conversation/signup-feature.js";
import { surveyFeature } from "./conversation/survey-feature.js";
import type { Feature } from "./conversation/turn.js";
import { announcementRefreshTask } from "./services/announcements.js";
import { consultationTask } from "./services/consultation-service.js";
import { pollTask } from "./services/poll-service.js";
import { reportReminderTask } from "./services/report-reminders.js";
import { retentionTask } from "./services/retention-task.js";
import type { PeriodicTask } from "./services/scheduling/periodic-task.js";
import { sessionRemindersTask } from "./services/session-reminders.js";
import { surveyTask } from "./services/survey-service.js";

/** Tried in order for free text; sign-ups last, since they answer most texts. */
export const allFeatures: Feature[] = [
  privacyFeature,
  consentFeature,
  linkingFeature,
  broadcastFeature,
  dashboardFeature,
  leaderFeature,
  helpFeature,
  reportFeature,
  surveyFeature,
  pollFeature,
  consultationFeature,
  consultationOrganiserFeature,
  signupFeature,
];

export const periodicTasks: PeriodicTask[] = [
  sessionRemindersTask,
  announcementRefreshTask,
  surveyTask,
  pollTask,
  consultationTask,
  reportReminderTask,
  retentionTask,
];
