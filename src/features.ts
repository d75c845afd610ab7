// The one list of conversation features and periodic tasks; the core and the scheduler take them from here.
import { pollFeature } from "./conversation/poll-feature.js";
import { signupFeature } from "./conversation/signup-feature.js";
import { surveyFeature } from "./conversation/survey-feature.js";
import type { Feature } from "./conversation/turn.js";
import { pollTask } from "./polls/poll-service.js";
import type { PeriodicTask } from "./scheduling/periodic-task.js";
import { surveyTask } from "./surveys/survey-service.js";

/** Tried in order for free text; sign-ups last, since they answer most texts. */
export const allFeatures: Feature[] = [surveyFeature, pollFeature, signupFeature];

export const periodicTasks: PeriodicTask[] = [surveyTask, pollTask];
