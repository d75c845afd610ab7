import { z } from "zod";
import { parseEnv } from "../env.js";

export const surveyConfigSchema = z.object({
  /** Shared with the survey tool; it sends it with every completion. Unset: the completion webhook is off. */
  SURVEY_WEBHOOK_SECRET: z.string().min(24, "must be at least 24 characters (a random secret)").optional(),
});

export type SurveyConfig = z.infer<typeof surveyConfigSchema>;

export function loadSurveyConfig(env: Record<string, string | undefined> = process.env): SurveyConfig {
  return parseEnv(surveyConfigSchema, env);
}
