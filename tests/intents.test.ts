import { describe, expect, it } from "vitest";
import { parseIntent } from "../src/conversation/intents.js";

describe("free-text intents, Dutch and English", () => {
  it.each([
    ["sessies", { kind: "list" }],
    ["Sessies Utrecht", { kind: "list", filter: "utrecht" }],
    ["sessions in september", { kind: "list", filter: "september" }],
    ["denksessies in 's-Hertogenbosch", { kind: "list", filter: "s-hertogenbosch" }],
    ["sesies", { kind: "list" }],
    ["SESSIONS", { kind: "list" }],
    ["mijn sessies", { kind: "mine" }],
    ["my sessions", { kind: "mine" }],
    ["aanmelden DS27-04", { kind: "signup", sessionId: "ds27-04" }],
    ["sign up for ds27-04", { kind: "signup", sessionId: "ds27-04" }],
    ["afmelden ds27-04", { kind: "cancel", sessionId: "ds27-04" }],
    ["cancel", { kind: "cancel" }],
    ["help", { kind: "help", greeting: false }],
    ["hulp?", { kind: "help", greeting: false }],
    ["Hallo!", { kind: "help", greeting: true }],
    ["english", { kind: "locale", locale: "en" }],
    ["Nederlands", { kind: "locale", locale: "nl" }],
    ["wat is het weer", { kind: "unknown" }],
  ])("%s", (text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });
});
