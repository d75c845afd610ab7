import type { PlatformFactory } from "./platform.js";
import { slackPlatform } from "./slack-platform.js";
import { teamsPlatform } from "./teams-platform.js";

// One small "platform harness" with two implementations: the real Slack stack (signed requests to Bolt, a fake Web
// API) and the real Teams stack (activities to /api/messages through CloudAdapter, a fake connector). A contract
// flow is written once against it and runs on both. What a member sees is read back from what the platform APIs
// were asked to show, normalised into a `Shown`, so the flows never look at Block Kit or Adaptive Cards.

export const platforms: [string, PlatformFactory][] = [
  ["slack", slackPlatform],
  ["teams", teamsPlatform],
];
