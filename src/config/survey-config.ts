import { z } from "zod";

export const surveyConfigSchema = z.object({
  /** Shared with the survey tool; it sends it with every completion. Unset: the completion webhook is off. */
  SURVEY_WEBHOOK_SECRET: z.string().min(24, "must be at least 24 characters (a random secret)").optional(),
});

export type SurveyConfig = z.infer<typeof surveyConfigSchema>;
