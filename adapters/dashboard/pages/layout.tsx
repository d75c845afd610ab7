import type { ComponentChildren } from "preact";
import type { Locale } from "../../../src/contract.js";
import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import { type DashboardPage, pagesOfScope } from "../page-kinds.js";

// The frame of every dashboard page: the document, the header with what this viewer may open, sign-out, <main>.
// Only files from /dashboard/assets: the CSP allows no inline script or style.

const asset = (name: string) => `/dashboard/assets/${name}`;

/** Where each page lives (the detail page is reached from the overview, not the navigation). */
const pageHref: Record<Exclude<DashboardPage["kind"], "session">, string> = {
  overview: "/dashboard",
  surveys: "/dashboard/surveys",
  polls: "/dashboard/polls",
  consultations: "/dashboard/consultations",
  deliveries: "/dashboard/deliveries",
  reports: "/dashboard/reports",
};

function Document(props: { locale: Locale; title: string; scripts: boolean; children: ComponentChildren }) {
  const t = dashboardPageTexts(props.locale);
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${props.title} · ${t.product}`}</title>
        <link rel="stylesheet" href={asset("dashboard.css")} />
        {props.scripts && <script src={asset("chart.js")} defer />}
        {props.scripts && <script src={asset("dashboard.js")} defer />}
      </head>
      <body>{props.children}</body>
    </html>
  );
}

function Nav(props: { viewer: Viewer; current: DashboardPage["kind"] }) {
  const t = dashboardPageTexts(props.viewer.locale);
  const kinds = pagesOfScope[props.viewer.scope].filter((kind) => kind !== "session");
  return (
    <nav aria-label={t.navLabel}>
      <ul class="nav">
        {kinds.map((kind) => (
          <li key={kind}>
            <a href={pageHref[kind]} aria-current={kind === props.current ? "page" : undefined}>
              {t.nav[kind]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A page with data: skip link, header (product, navigation, sign-out), the content in <main>. */
export function Layout(props: {
  viewer: Viewer;
  current: DashboardPage["kind"];
  title: string;
  children: ComponentChildren;
}) {
  const { viewer } = props;
  const t = dashboardPageTexts(viewer.locale);
  return (
    <Document locale={viewer.locale} title={props.title} scripts={true}>
      <a class="skip" href="#main">
        {t.skip}
      </a>
      <header class="top">
        <p class="product">{t.product}</p>
        <Nav viewer={viewer} current={props.current} />
        <form method="post" action="/dashboard/logout" class="signout">
          <input type="hidden" name="csrf" value={viewer.csrf} />
          <button type="submit">{t.signOut}</button>
        </form>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}

/** A page without navigation (notices, the sign-in button): nothing here may depend on who is looking. */
export function Plain(props: { locale: Locale; title: string; children: ComponentChildren }) {
  return (
    <Document locale={props.locale} title={props.title} scripts={false}>
      <main id="main" class="plain">
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}
