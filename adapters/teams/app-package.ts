import JSZip from "jszip";
import { colorIcon, outlineIcon } from "./app-icons.js";

// Builds the Teams app package: manifest.json with the app id filled in, its translations, and the two icons.

const guid = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export interface TeamsManifest {
  id: string;
  accentColor: string;
  bots?: { botId: string }[];
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  [key: string]: unknown;
}

/** The manifest for this bot: the Microsoft app id is both the Teams app id and the bot id. */
export function withAppId(manifest: TeamsManifest, appId: string): TeamsManifest {
  if (!guid.test(appId)) throw new Error(`MICROSOFT_APP_ID must be the bot's app id (a GUID), got "${appId}"`);
  return { ...manifest, id: appId, bots: (manifest.bots ?? []).map((bot) => ({ ...bot, botId: appId })) };
}

export async function buildAppPackage(
  manifest: TeamsManifest,
  languageFiles: Record<string, unknown>,
): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const content = languageFiles[file];
    if (!content) throw new Error(`manifest names language file ${file}, which is missing`);
    zip.file(file, `${JSON.stringify(content, null, 2)}\n`);
  }
  zip.file("color.png", colorIcon(manifest.accentColor));
  zip.file("outline.png", outlineIcon());
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
