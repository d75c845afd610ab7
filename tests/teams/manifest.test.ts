import { readFileSync } from "node:fs";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { buildAppPackage, type TeamsManifest, withAppId } from "../../adapters/teams/app-package.js";
import { teamsManifestValidator } from "../../scripts/teams-manifest-schema.js";

const validate = teamsManifestValidator();
const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as TeamsManifest;
const english = JSON.parse(readFileSync("teams-app/en-us.json", "utf8")) as Record<string, string>;
const appId = "11111111-2222-3333-4444-555555555555";

describe("the Teams app manifest and package", () => {
  it("is a valid v1.25 manifest with the bot in personal and team scope, Dutch first", () => {
    expect(validate(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe("1.25");
    expect((manifest.bots?.[0] as { scopes?: string[] } | undefined)?.scopes).toEqual(["personal", "team"]);
    expect(manifest.localizationInfo).toMatchObject({ defaultLanguageTag: "nl-nl" });
    expect(english["description.short"]).toMatch(/sign up/);
  });

  it("asks for no Graph permission: the roster and first contact use the bot's own connector API", () => {
    // The paged members route answers for a team the bot is installed in (scope "team"); the 1:1 chats it creates
    // with that team's members need the personal scope. RSC such as TeamMember.Read.Group is for Microsoft Graph.
    expect(manifest.authorization).toBeUndefined();
    expect(manifest.webApplicationInfo).toBeUndefined();
  });

  it("refuses a broken manifest and an app id that is not a GUID", () => {
    expect(validate({ ...manifest, manifestVersion: undefined, accentColor: "green" })).not.toEqual([]);
    expect(() => withAppId(manifest, "not-a-guid")).toThrow(/GUID/);
  });

  it("builds an installable zip: manifest with the app id, translations, icons of the right size", async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(withAppId(manifest, appId), { "en-us.json": english }));
    expect(Object.keys(zip.files).sort()).toEqual(["color.png", "en-us.json", "manifest.json", "outline.png"]);
    const packed = JSON.parse((await zip.file("manifest.json")?.async("string")) ?? "{}") as TeamsManifest;
    expect(validate(packed)).toEqual([]);
    expect(packed.id).toBe(appId);
    expect(packed.bots?.[0]?.botId).toBe(appId);

    const color = PNG.sync.read(await (zip.file("color.png")?.async("nodebuffer") ?? Promise.reject()));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = PNG.sync.read(await (zip.file("outline.png")?.async("nodebuffer") ?? Promise.reject()));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    for (let i = 3; i < outline.data.length; i += 4) alphas.add(outline.data[i] ?? -1);
    expect(alphas).toEqual(new Set([0, 255]));
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 255)
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
  });
});
