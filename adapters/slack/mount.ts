import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { DirectoryConfig } from "../../src/config/directory-config.js";
import type { PlatformRates } from "../../src/contract.js";
import type { Core } from "../../src/core.js";
import { findMember } from "../../src/domain/members.js";
import type { Logger } from "../../src/log.js";
import type { Turns } from "../core-thread/core-thread.js";
import type { HttpServer } from "../http/server.js";
import { boltLogger } from "./bolt-logger.js";
import type { SlackConfig } from "./config.js";
import { registerDirectoryEvents } from "./directory-events.js";
import { startDirectorySchedule } from "./directory-schedule.js";
import { DmChannels } from "./dm-channels.js";
import { webApiClientOptions } from "./errors.js";
import { registerHandlers } from "./handlers.js";
import { registerInstallEvents, resumeSingleWorkspace } from "./install-events.js";
import { type SlackInstallations, slackInstallations } from "./installation-store.js";
import { InviteLinks, type LinkFor } from "./invite-links.js";
import { createLanes, webApiTimeoutMs } from "./lanes.js";
import { installPath, oauthReceiverOptions, redirectPath } from "./oauth-installer.js";
import { RequestGauge } from "./request-gauge.js";
import { slackRequestGuard } from "./request-guard.js";
import { SlackAdapter } from "./slack-adapter.js";
import { SurfaceMemory } from "./surface-memory.js";
import { WorkspaceClients } from "./workspace-clients.js";
import { singleToken as oneToken } from "./workspace-tokens.js";

/** Events, slash commands and interactivity all arrive on this one URL. */
const slackEventsPath = "/slack/events";

export interface SlackMount {
  adapter: SlackAdapter;
  bolt: App;
  mode: "http" | "socket";
  /** OAuth mode: the installs (their tokens, and a hook called after each install). */
  installations?: SlackInstallations;
  stop(): Promise<void>;
}

export interface MountOptions {
  config: SlackConfig;
  /** The rates the adapter declares (SLACK_RATE_PER_SECOND, SLACK_CHANNEL_RATE_PER_SECOND). */
  rates: PlatformRates;
  core: Core;
  /** Where the core's turns run (adapters/core-thread). */
  turns: Turns;
  http: HttpServer;
  log: Logger;
  /** The member directory's settings: which accounts it takes, when it syncs. */
  directory: DirectoryConfig;
  /** Signed calendar links, when the bot has a public address (PUBLIC_URL); without it invites are uploaded. */
  linkFor?: LinkFor;
}

/**
 * Wires Bolt to the core. HTTP mode: a Bolt receiver behind the app's one HTTP server at POST /slack/events, with
 * a guard in front (signature within 5 minutes either way, the body's shape; request-guard.ts). Socket Mode when an
 * app-level token is set. OAuth mode (installs in many workspaces): Bolt's installer serves GET /slack/install and
 * /slack/oauth_redirect, and Bolt's authorize finds each event's workspace token in the installations.
 */
export async function mountSlack({
  config,
  rates,
  core,
  turns,
  http,
  log,
  directory,
  linkFor,
}: MountOptions): Promise<SlackMount> {
  const logger = boltLogger(log);
  const clientOptions = {
    ...webApiClientOptions,
    timeout: webApiTimeoutMs,
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
  };
  const installations =
    config.mode === "oauth"
      ? slackInstallations({ db: core.ctx.db, keys: config.tokenKeys, clock: core.ctx.clock, log })
      : undefined;
  const receiver = config.appToken
    ? new SocketModeReceiver({
        appToken: config.appToken,
        logger,
        // Socket Mode dials apps.connections.open with these options, not the App's (DESIGN.md, pitfalls).
        installerOptions: { clientOptions },
      })
    : // The guard in front (request-guard.ts) checks the signature and its window both ways: Bolt checking it again
      // would spend a second HMAC on every ack.
      new HTTPReceiver({
        signingSecret: config.signingSecret,
        signatureVerification: false,
        endpoints: slackEventsPath,
        logger,
        ...(config.mode === "oauth" && installations
          ? oauthReceiverOptions({ config, installations, clientOptions, locale: core.ctx.config.BOT_LOCALE, log })
          : {}),
      });
  // The single-token mode's one token; in OAuth mode Bolt's authorize gives each event its workspace's token.
  const singleToken = config.mode === "single" ? config.botToken : undefined;
  const bolt = new App({
    ...(singleToken ? { token: singleToken } : {}),
    receiver,
    logger,
    clientOptions,
    deferInitialization: true,
  });
  await bolt.init();
  const tokens = installations?.tokens ?? oneToken(singleToken ?? "");
  const clients = new WorkspaceClients(tokens, clientOptions);
  const dms = new DmChannels();
  const gauge = new RequestGauge();
  const lanes = createLanes(log, gauge);
  const { db, config: coreConfig } = core.ctx;
  const localeOf = (user: string | undefined) =>
    (user ? findMember(db, "slack", user)?.locale : undefined) ?? coreConfig.BOT_LOCALE;
  const links = new InviteLinks(linkFor, localeOf);
  const shown = new SurfaceMemory();
  registerHandlers(bolt, { core, turns, dms, clients, links, shown, ...lanes, log });
  registerDirectoryEvents(bolt, core.ctx, directory);
  // The single-token mode: the configured token is back (a restart after the app was removed and added again).
  if (!installations) resumeSingleWorkspace(core.ctx, log);
  const { directoryCallsPerMinute: callsPerMinute } = config;
  const sync = callsPerMinute
    ? startDirectorySchedule({ ctx: core.ctx, directory, tokens, clientOptions, callsPerMinute })
    : undefined;
  // A new install's directory syncs at once (Tier 2 per workspace: it waits for no other workspace's sync).
  installations?.onInstalled((workspace) => void sync?.syncWorkspace(workspace));
  const remove = installations?.remove;
  registerInstallEvents(bolt, { ctx: core.ctx, clients, dms, directory: sync, remove, log });
  bolt.error(async (error) => {
    log.error({ code: error.code }, "slack listener failed");
  });

  if (receiver instanceof HTTPReceiver) {
    const { signingSecret } = config;
    const guarded = slackRequestGuard({ signingSecret, log, next: receiver.requestListener });
    http.route("POST", slackEventsPath, (req, res) => {
      gauge.enter(res);
      return guarded(req, res);
    });
    // The install's browser pages: Bolt's installer answers them (state cookie, code exchange, the store).
    if (installations)
      for (const path of [installPath, redirectPath]) http.route("GET", path, receiver.requestListener);
  } else {
    await bolt.start();
  }
  const adapter = new SlackAdapter({ clients, dms, links, shown, log, rates, idle: () => lanes.idle() });
  return {
    adapter,
    bolt,
    mode: config.appToken ? "socket" : "http",
    ...(installations ? { installations } : {}),
    async stop() {
      await sync?.stop();
      if (receiver instanceof SocketModeReceiver) await bolt.stop();
      await lanes.idle();
    },
  };
}
