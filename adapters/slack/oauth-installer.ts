import type { ServerResponse } from "node:http";
import type { HTTPReceiverOptions, Installation, webApi } from "@slack/bolt";
import type { Locale } from "../../src/contract.js";
import type { Logger } from "../../src/log.js";
import type { OAuthMode } from "./config.js";
import { failedPage, type InstallFailure, installedPage, installPage, pageHeaders } from "./install-pages.js";
import type { SlackInstallations } from "./installation-store.js";

// The OAuth v2 install through Bolt's own installer (@slack/oauth): it signs the state, sets and checks the state
// cookie, trades the code at oauth.v2.access and stores the install. This file only gives it the settings, the
// store and the pages.

export const installPath = "/slack/install";
export const redirectPath = "/slack/oauth_redirect";

/** The bot scopes of adapters/slack/manifest.json (tests/slack-oauth.test.ts keeps the two equal). */
const botScopes = ["chat:write", "commands", "im:history", "im:write", "files:write", "users:read", "users:read.email"];

type InstallerOptions = NonNullable<HTTPReceiverOptions["installerOptions"]>;
type OAuthReceiverOptions = Pick<
  HTTPReceiverOptions,
  "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions"
>;

export interface InstallerSettings {
  config: OAuthMode;
  installations: SlackInstallations;
  clientOptions: webApi.WebClientOptions;
  locale: Locale;
  log: Logger;
}

/** Which sentence a failed install gets, by the installer's error code. */
function failureOf(code: string): InstallFailure {
  switch (code) {
    case "slack_oauth_missing_state":
    case "slack_oauth_invalid_state":
      return "state";
    // The installer throws this one in the callback only for Slack's `error=access_denied`.
    case "slack_oauth_installer_authorization_error":
      return "denied";
    case "slack_oauth_missing_code":
    case "slack_webapi_platform_error":
      return "refused";
    default:
      return "error";
  }
}

const failureStatus: Record<InstallFailure, number> = { state: 400, denied: 200, refused: 400, error: 500 };

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...pageHeaders, "content-length": Buffer.byteLength(html) });
  res.end(html);
}

/** Where the installer goes after the install: the workspace in Slack, or the organisation's app settings. */
function nextUrlOf(installation: Installation): string | undefined {
  if (!installation.isEnterpriseInstall) {
    return installation.team ? `https://app.slack.com/client/${encodeURIComponent(installation.team.id)}` : undefined;
  }
  const base = installation.enterpriseUrl;
  return base && installation.appId ? `${base}manage/organization/apps/profile/${installation.appId}` : base;
}

/** The HTTPReceiver's OAuth options: Bolt then serves /slack/install and /slack/oauth_redirect itself. */
export function oauthReceiverOptions(settings: InstallerSettings): OAuthReceiverOptions {
  const { config, installations, clientOptions, locale, log } = settings;
  const installerOptions: InstallerOptions = {
    installPath,
    redirectUriPath: redirectPath,
    // The state is signed with SLACK_STATE_SECRET and must match the cookie set by the install page.
    stateVerification: true,
    // oauth.v2.access and auth.test go where the Web API goes (GovSlack, the tests' fake).
    clientOptions,
    ...(config.authorizationUrl ? { authorizationUrl: config.authorizationUrl } : {}),
    renderHtmlForInstallPath: (url) => installPage(locale, url),
    installPathOptions: {
      beforeRedirection: async (_req, res) => {
        for (const [name, value] of Object.entries(pageHeaders)) res.setHeader(name, value);
        return true;
      },
    },
    callbackOptions: {
      success: (installation, _options, _req, res) => {
        const orgWide = installation.isEnterpriseInstall === true;
        const workspaceName = orgWide ? installation.enterprise?.name : installation.team?.name;
        send(res, 200, installedPage(locale, { workspaceName, orgWide, nextUrl: nextUrlOf(installation) }));
      },
      failure: (error, _options, _req, res) => {
        const failure = failureOf(error.code);
        // The code only: the error's message may quote Slack's answer.
        log.warn({ failure, code: error.code }, "slack install refused");
        send(res, failureStatus[failure], failedPage(locale, failure, installPath));
      },
    },
  };
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    scopes: botScopes,
    installationStore: installations.store,
    installerOptions,
  };
}
