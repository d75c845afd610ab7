// The one list of conversation features and periodic tasks; the core and the scheduler take them from here.
import { broadcastFeature } from "./conversation/broadcast-feature.js";
import { signupFeature } from "./conversation/signup-feature.js";
import type { Feature } from "./conversation/turn.js";
import type { JobHandler } from "./scheduling/jobs.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { announcementRefreshTask } from "./services/announcements.js";
import { sessionRemindersTask } from "./services/session-reminders.js";

/** Tried in order for free text; sign-ups last, since they answer most texts. */
export const allFeatures: Feature[] = [broadcastFeature, signupFeature];

export const periodicTasks: PeriodicTask[] = [sessionRemindersTask, announcementRefreshTask];

/** Handlers of recurring jobs stored in `scheduled_jobs`, by name. */
export const jobHandlers: Record<string, JobHandler> = {};
