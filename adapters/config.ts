// The settings of the whole program, read once from the environment by the entry points (adapters/main.ts, the
// CLI's entry, scripts/package-teams.ts) and handed to each part as its slice. Each part declares its own schema.
import { type CoreConfig, coreConfigSchema } from "../src/config/core-config.js";
import { type DirectoryConfig, directoryConfigSchema } from "../src/config/directory-config.js";
import { type SurveyConfig, surveyConfigSchema } from "../src/config/survey-config.js";
import type { PlatformRates } from "../src/contract.js";
import { parseEnvParts } from "../src/env.js";
import { type LeaseConfig, leaseConfigSchema } from "../src/storage/lease-config.js";
import { playgroundConfigSchema, playgroundEnabled } from "./playground/mount.js";
import { type SlackConfig, slackConfigFrom, slackConfigSchema, slackRatesFrom } from "./slack/config.js";
import {
  type TeamsConfig,
  teamsAppIdFrom,
  teamsAppIdSchema,
  teamsConfigFrom,
  teamsConfigSchema,
} from "./teams/config.js";

type Env = Record<string, string | undefined>;

export interface Config {
  core: CoreConfig;
  survey: SurveyConfig;
  directory: DirectoryConfig;
  lease: LeaseConfig;
  /** Undefined when Slack is not configured. */
  slack: SlackConfig | undefined;
  /** What the Slack adapter declares to the pacer (used when Slack is configured). */
  slackRates: PlatformRates;
  teams: TeamsConfig;
  /** Whether the local playground page is mounted. */
  playground: boolean;
  /** No chat account at all (no Microsoft app id, no Slack): a first run to try things out. */
  firstRun: boolean;
}

export interface LoadConfigOptions {
  /** On a first run, nudges at any hour and not capped at a few a week, unless the environment says otherwise. */
  firstRunDefaults?: boolean;
}

/** What a first run sends when, unless the environment says otherwise (the bot's entry asks for it). */
const firstRunDefaults = { SEND_DAYS: "1-7", SEND_HOURS: "00:00-24:00", NUDGES_PER_WEEK: "50" };

const parts = {
  core: coreConfigSchema,
  survey: surveyConfigSchema,
  directory: directoryConfigSchema,
  lease: leaseConfigSchema,
  slack: slackConfigSchema,
  teams: teamsConfigSchema,
  playground: playgroundConfigSchema,
};

/** Validates every part's settings at once: one ConfigError lists every invalid variable. */
export function loadConfig(env: Env, options: LoadConfigOptions = {}): Config {
  const parsed = parseEnvParts(parts, env);
  const slack = slackConfigFrom(parsed.slack);
  const teams = teamsConfigFrom(parsed.teams, parsed.core);
  const firstRun = !teams.authenticated && !slack;
  // Only the defaults change, so the values given were valid above and stay valid.
  const core =
    options.firstRunDefaults && firstRun
      ? parseEnvParts({ core: coreConfigSchema }, { ...firstRunDefaults, ...env }).core
      : parsed.core;
  return {
    core,
    survey: parsed.survey,
    directory: parsed.directory,
    lease: parsed.lease,
    slack,
    slackRates: slackRatesFrom(parsed.slack),
    teams,
    playground: playgroundEnabled(parsed.playground, teams.authenticated),
    firstRun,
  };
}

/** The Teams app id alone, for packaging the Teams app (which needs no password or tenant). */
export function loadTeamsAppId(env: Env): string | undefined {
  return teamsAppIdFrom(parseEnvParts({ teams: teamsAppIdSchema }, env).teams);
}
