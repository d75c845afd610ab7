import { describe, expect, it } from "vitest";
import type { NoticeKind } from "../adapters/dashboard/page-kinds.js";
import { calendarAt } from "../adapters/dashboard/pages/parts.js";
import { renderLoginConfirm, renderNotice, renderPage } from "../adapters/dashboard/pages/render.js";
import { hostile, pageOf, pages, viewerOf } from "./support/dashboard-fixtures.js";

// The dashboard's HTML as the renderer writes it: escaped data, nothing the CSP would block, what each scope sees.

/** The fixtures' sessions are in December 2026, drawn in that year. */
const calendar = calendarAt("Europe/Amsterdam", Date.UTC(2026, 11, 1));

const notices: NoticeKind[] = [
  "link_unknown",
  "link_expired",
  "link_used",
  "not_allowed",
  "signed_out",
  "no_session",
  "forbidden",
  "not_found",
  "bad_request",
];

/** Everything the CSP forbids: inline script, style attributes, <style>, handlers, javascript: links. */
function cspViolations(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? [])
    if (!/\bsrc="\/dashboard\/assets\//.test(tag)) found.push(tag);
  for (const inline of html.match(/<script\b[^>]*>[^<]+<\/script>/gi) ?? []) found.push(inline);
  if (/\sstyle=/i.test(html)) found.push("style=");
  if (/<style\b/i.test(html)) found.push("<style>");
  if (/\son[a-z]+=/i.test(html)) found.push("on…= handler");
  if (/javascript:/i.test(html)) found.push("javascript:");
  if (/https?:\/\//i.test(html)) found.push("an outside address");
  return found;
}

const navLinks = (html: string) =>
  [...(/<nav\b[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "").matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

describe("the dashboard's pages", () => {
  const outputs = pages.flatMap((page) =>
    (["nl", "en"] as const).map((locale) => ({
      name: `${page.kind} (${locale})`,
      html: renderPage(page, viewerOf("organiser", locale), calendar),
      locale,
    })),
  );

  it.each(outputs)(
    "$name is a whole document in its language, with data escaped and nothing the CSP blocks",
    ({ html, locale }) => {
      expect(html.startsWith("<!doctype html><html")).toBe(true);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain('<main id="main"');
      expect(html).toContain('href="#main"');
      expect(html).toContain("&lt;script>alert(1)&lt;/script>");
      expect(html).not.toContain(hostile);
      expect(cspViolations(html)).toEqual([]);
      expect(html).toContain('<script src="/dashboard/assets/chart.js" defer></script>');
      expect(html).toContain('<script src="/dashboard/assets/dashboard.js" defer></script>');
    },
  );

  it("the check above finds what it looks for", () => {
    expect(cspViolations('<p style="color:red">')).toEqual(["style="]);
    expect(cspViolations("<script>alert(1)</script>")).toHaveLength(2);
    expect(cspViolations('<img onerror="x">')).toEqual(["on…= handler"]);
  });

  it("speaks Dutch by default and English to an English viewer", () => {
    const nl = renderPage(pageOf("overview"), viewerOf("organiser", "nl"), calendar);
    const en = renderPage(pageOf("overview"), viewerOf("organiser", "en"), calendar);
    expect(nl).toContain("Uitloggen");
    expect(nl).toContain("Aandacht nodig");
    expect(en).toContain("Sign out");
    expect(en).toContain("Needs attention");
    expect(en).not.toContain("Uitloggen");
  });

  it("shows an organiser every page in the navigation and a leader only the overview and reports", () => {
    const organiser = navLinks(renderPage(pageOf("overview"), viewerOf("organiser"), calendar));
    expect(organiser).toEqual([
      "/dashboard",
      "/dashboard/surveys",
      "/dashboard/polls",
      "/dashboard/consultations",
      "/dashboard/deliveries",
      "/dashboard/reports",
    ]);
    const leader = navLinks(renderPage(pageOf("overview"), viewerOf("leader"), calendar));
    expect(leader).toEqual(["/dashboard", "/dashboard/reports"]);
    const reports = renderPage(pageOf("reports"), viewerOf("leader"), calendar);
    expect(reports).not.toContain("/dashboard/reports/export.csv");
    expect(renderPage(pageOf("reports"), viewerOf("organiser"), calendar)).toContain(
      'href="/dashboard/reports/export.json"',
    );
  });

  it("signs out with a form carrying the session's CSRF token", () => {
    const html = renderPage(pageOf("overview"), viewerOf("leader"), calendar);
    expect(html).toMatch(
      /<form method="post" action="\/dashboard\/logout"[^>]*><input type="hidden" name="csrf" value="csrf-token-of-this-session"\/>/,
    );
  });

  it("overview: links to each session by its escaped id, flags the one that needs attention, meters the fill", () => {
    const html = renderPage(pageOf("overview"), viewerOf("organiser"), calendar);
    expect(html).toContain('href="/dashboard/sessions/DS%2F1"');
    expect(html.match(/class="flag"/g)).toHaveLength(1);
    expect(html).toMatch(/<meter min="0" max="20" value="4"/);
    expect(html).toContain("di 8 dec, 19:30"); // 18:30 UTC is 19:30 in Amsterdam
    expect(html).toMatch(/<canvas role="img" aria-label="[^"]+" data-chart="\{&quot;type&quot;:&quot;line&quot;/);
    // The chart's numbers as a table too.
    expect(html).toContain('<th scope="row">21 nov 2026</th><td class="n">27</td>');
  });

  it("session: counts by role, attendance, report state and the roster download", () => {
    const html = renderPage(pageOf("session"), viewerOf("leader"), calendar);
    for (const text of ["Huisarts", "Aios", "Onbekend", "Aanwezig", "Concept"]) expect(html).toContain(text);
    expect(html).toContain('href="/dashboard/sessions/DS%2F1/roster.csv"');
  });

  it("surveys: response rate and the response over time", () => {
    const html = renderPage(pageOf("surveys"), viewerOf("organiser"), calendar);
    expect(html).toContain("25%");
    expect(html).toContain("Herinneringen verstuurd");
    expect(html).toContain("data-chart=");
  });

  it("polls: a bar chart of the shown poll, the reason for each hidden one and no counts for them", () => {
    const html = renderPage(pageOf("polls"), viewerOf("organiser"), calendar);
    expect(html.match(/<canvas/g)).toHaveLength(1);
    expect(html).toContain("&quot;horizontal&quot;:true");
    expect(html).toContain("Verborgen tot sluiting");
    expect(html).toContain("Te weinig antwoorden om anoniem te tonen");
  });

  it("consultations: status, period, participation, reactions per core task by merged role, both downloads", () => {
    const nl = renderPage(pageOf("consultations"), viewerOf("organiser", "nl"), calendar);
    expect(nl).toContain("Open · Anoniem · Van vr 20 nov, 09:00 tot di 8 dec, 19:30");
    expect(nl).toContain("Gepland · Op naam · Van ma 11 jan 2027, 09:00 tot vr 29 jan 2027, 17:00");
    expect(nl).toContain("<dt>Begonnen, niet ingediend</dt><dd>3</dd>");
    expect(nl).toContain("<dt>Ingediend</dt><dd>9</dd>");
    expect(nl).toContain('<th scope="row">Zorgcoördinatie</th><td class="n">7</td><td>Huisarts 5 · Overig 2</td>');
    expect(nl).toContain('<th scope="row">Spoedzorg</th><td class="n">0</td><td>–</td>');
    expect(nl).toContain("tellen samen als “overig”");
    expect(nl).toContain("Nog geen ingediende reacties.");
    for (const as of ["csv", "json"]) {
      expect(nl).toContain(`href="/dashboard/consultations/4/export.${as}"`);
      expect(nl).toContain(`href="/dashboard/consultations/5/export.${as}"`);
    }
    expect(nl).toContain('aria-label="CSV downloaden: reacties op &lt;script>alert(1)&lt;/script>"');
    expect(nl.match(/tellen samen als/g)).toHaveLength(1); // only the round with a merged group says so
    const en = renderPage(pageOf("consultations"), viewerOf("organiser", "en"), calendar);
    expect(en).toContain("<h1>Consultation rounds</h1>");
    expect(en).toContain("Open · Anonymous · From Fri 20 Nov, 09:00 to Tue 8 Dec, 19:30");
    expect(en).toContain('<th scope="row">Care coordination</th><td class="n">7</td><td>GP 5 · Other groups 2</td>');
    expect(en).toContain("Download JSON");
    expect(en).not.toContain("Ingediend");
    const none = renderPage(
      { kind: "consultations", data: { minimumGroup: 5, consultations: [] } },
      viewerOf("organiser", "en"),
      calendar,
    );
    expect(none).toContain("There are no consultation rounds yet.");
  });

  it("deliveries: progress, failures by reason, a resend form with CSRF, and live updates only while sending", () => {
    const html = renderPage(pageOf("deliveries"), viewerOf("organiser"), calendar);
    expect(html).toContain('data-events="/dashboard/api/deliveries/11/events"');
    expect(html).not.toContain("/dashboard/api/deliveries/12/events");
    expect(html).toMatch(/<progress data-field="progress" max="100" value="70"/);
    expect(html).toContain("blocked");
    expect(html).toContain("Aan: regio Utrecht");
    const forms = html.match(/<form method="post" action="\/dashboard\/deliveries\/\d+\/resend"[\s\S]*?<\/form>/g);
    expect(forms).toHaveLength(1);
    expect(forms?.[0]).toContain('action="/dashboard/deliveries/11/resend"');
    expect(forms?.[0]).toContain('<input type="hidden" name="csrf" value="csrf-token-of-this-session"/>');
  });
});

describe("notices and the sign-in button", () => {
  it.each(notices.flatMap((kind) => (["nl", "en"] as const).map((locale) => ({ kind, locale }))))(
    "$kind ($locale) says why, in its language, with no navigation, form or data",
    ({ kind, locale }) => {
      const html = renderNotice(kind, { locale });
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toMatch(/<h1>[^<]+<\/h1><p>[^<]+<\/p>/);
      expect(html).not.toContain("<nav");
      expect(html).not.toContain("<form");
      expect(html).not.toContain("csrf");
      expect(html).not.toContain("<script");
      expect(cspViolations(html)).toEqual([]);
    },
  );

  it("names the cause plainly", () => {
    expect(renderNotice("link_unknown", { locale: "nl" })).toContain("Deze link is niet geldig");
    expect(renderNotice("link_expired", { locale: "nl" })).toContain("10 minuten");
    expect(renderNotice("link_expired", { locale: "nl" })).toContain("“dashboard”");
    expect(renderNotice("not_allowed", { locale: "nl" })).toContain("geen organisator (meer)");
    expect(renderNotice("no_session", { locale: "en" })).toContain("sign");
  });

  it("the sign-in page is one button posting the token, escaped", () => {
    const html = renderLoginConfirm('tok"><script>x</script>', "nl");
    expect(html).toContain('<form method="post" action="/dashboard/login">');
    expect(html).toContain('<input type="hidden" name="t" value="tok&quot;>&lt;script>x&lt;/script>"/>');
    expect(html).toContain(">Inloggen</button>");
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(cspViolations(html)).toEqual([]);
    expect(renderLoginConfirm("tok", "en")).toContain('<html lang="en">');
  });

  it("writes dates in the bot's zone, with the year only when it is not this one", () => {
    const thisYear = renderPage(pageOf("session"), viewerOf("organiser"), calendar);
    expect(thisYear).toContain("di 8 dec, 19:30");
    const nextYear = renderPage(
      pageOf("session"),
      viewerOf("organiser"),
      calendarAt("Europe/Amsterdam", Date.UTC(2025, 5)),
    );
    expect(nextYear).toContain("di 8 dec 2026, 19:30");
    const london = renderPage(pageOf("session"), viewerOf("organiser"), calendarAt("Europe/London", Date.UTC(2026, 5)));
    expect(london).toContain("di 8 dec, 18:30");
  });
});
