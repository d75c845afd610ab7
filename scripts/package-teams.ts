// `npm run package:teams`: the installable Teams app zip for this bot (MICROSOFT_APP_ID from the environment).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTeamsAppId } from "../adapters/config.js";
import { buildAppPackage, type TeamsManifest, withAppId } from "../adapters/teams/app-package.js";
import { repoRoot } from "./shared-path.js";
import { teamsManifestValidator } from "./teams-manifest-schema.js";

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(repoRoot, path), "utf8"));

async function main(): Promise<void> {
  // The package needs only the app id (no password): the bot's own settings are not checked here.
  const appId = loadTeamsAppId(process.env);
  if (!appId) throw new Error("Set MICROSOFT_APP_ID to the bot's Microsoft app id (a GUID).");
  const manifest = withAppId(readJson("manifest.json") as TeamsManifest, appId);
  const problems = teamsManifestValidator()(manifest);
  if (problems.length) throw new Error(`manifest.json is not a valid Teams v1.25 manifest:\n${problems.join("\n")}`);
  const zip = await buildAppPackage(manifest, { "en-us.json": readJson("teams-app/en-us.json") });
  const out = process.argv[2] ?? join(repoRoot, "dist", "spreekuur-teams.zip");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, zip);
  console.log(
    `Teams app package written: ${out} (${zip.length} bytes). Upload it in Teams admin center > Manage apps.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
