import type { VNode } from "preact";
import { render } from "preact-render-to-string";
import type { Locale } from "../../../src/contract.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { DashboardPage, NoticeKind, NoticeOptions } from "../page-kinds.js";
import { ConsultationsPage } from "./consultations.js";
import { DeliveriesPage } from "./deliveries.js";
import { LoginConfirmPage, NoticePage } from "./notice.js";
import { OverviewPage } from "./overview.js";
import { CalendarContext, type PageCalendar } from "./parts.js";
import { PollsPage } from "./polls.js";
import { ReportsPage } from "./reports.js";
import { SessionPage } from "./session.js";
import { SurveysPage } from "./surveys.js";

// The dashboard's HTML: preact renders each page to a string (it escapes every text and attribute), as a whole
// document. The routes decide who may see which page; this only draws it.

const documentOf = (vnode: VNode) => `<!doctype html>${render(vnode)}`;
const pageDocument = (vnode: VNode, calendar: PageCalendar) =>
  documentOf(<CalendarContext.Provider value={calendar}>{vnode}</CalendarContext.Provider>);

function pageOf(page: DashboardPage, viewer: Viewer): VNode {
  switch (page.kind) {
    case "overview":
      return <OverviewPage data={page.data} viewer={viewer} />;
    case "session":
      return <SessionPage data={page.data} viewer={viewer} />;
    case "surveys":
      return <SurveysPage data={page.data} viewer={viewer} />;
    case "polls":
      return <PollsPage data={page.data} viewer={viewer} />;
    case "consultations":
      return <ConsultationsPage data={page.data} viewer={viewer} />;
    case "deliveries":
      return <DeliveriesPage data={page.data} viewer={viewer} />;
    case "reports":
      return <ReportsPage data={page.data} viewer={viewer} />;
  }
}

/** A page with its data; `calendar` (parts.tsx calendarAt) says the zone its dates are in and which year is this one. */
export const renderPage = (page: DashboardPage, viewer: Viewer, calendar: PageCalendar): string =>
  pageDocument(pageOf(page, viewer), calendar);

export const renderNotice = (kind: NoticeKind, opts: NoticeOptions): string =>
  documentOf(<NoticePage kind={kind} locale={opts.locale} />);

export const renderLoginConfirm = (token: string, locale: Locale): string =>
  documentOf(<LoginConfirmPage token={token} locale={locale} />);
