import { describe, expect, it } from "vitest";
import { SurfaceMemory, surfaceHash } from "../adapters/slack/surface-memory.js";

// The adapter's memory of what each bot message shows: an update that would show the same again is not sent.

const message = (text: string) => ({ text, blocks: [] });
const invite = (revision: number, content: string) => ({
  filename: "denksessie-S1.ics",
  mediaType: "text/calendar",
  content,
  invite: { sessionId: "S1", revision, cancelled: false },
});

describe("what a Slack message shows", () => {
  it("skips an update to what the message shows, sends one that differs", async () => {
    const shown = new SurfaceMemory();
    let sent = 0;
    const send = async () => void sent++;
    shown.remember("D1", "1.1", surfaceHash(message("a")));
    expect(await shown.replace("D1", "1.1", surfaceHash(message("a")), send)).toBe(false);
    expect(await shown.replace("D1", "1.1", surfaceHash(message("b")), send)).toBe(true);
    expect(await shown.replace("D1", "1.1", surfaceHash(message("b")), send)).toBe(false);
    expect(sent).toBe(1);
  });

  it("names an invite by its session and revision, not by its content (which carries when it was made)", () => {
    const a = surfaceHash(message("x"), [invite(0, "DTSTAMP:1")]);
    expect(surfaceHash(message("x"), [invite(0, "DTSTAMP:2")])).toBe(a);
    expect(surfaceHash(message("x"), [invite(1, "DTSTAMP:1")])).not.toBe(a);
  });

  it("remembers nothing for updates that overlapped (either may have landed last) or failed", async () => {
    const shown = new SurfaceMemory();
    let release = () => {};
    const slow = () => new Promise<void>((resolve) => (release = resolve));
    const first = shown.replace("D1", "1.1", surfaceHash(message("a")), slow);
    const second = shown.replace("D1", "1.1", surfaceHash(message("b")), async () => {});
    await second;
    release();
    await first;
    expect(await shown.replace("D1", "1.1", surfaceHash(message("b")), async () => {})).toBe(true);
    const failing = async () => {
      throw new Error("timeout");
    };
    await expect(shown.replace("D2", "1.1", surfaceHash(message("c")), failing)).rejects.toThrow();
    expect(await shown.replace("D2", "1.1", surfaceHash(message("c")), async () => {})).toBe(true);
  });

  it("keeps only the most recent messages", async () => {
    const shown = new SurfaceMemory(2);
    for (const ts of ["1", "2", "3"]) shown.remember("D1", ts, "h");
    expect(await shown.replace("D1", "1", "h", async () => {})).toBe(true);
    expect(await shown.replace("D1", "3", "h", async () => {})).toBe(false);
  });
});
