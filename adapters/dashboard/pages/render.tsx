// STUB
import type { Locale } from "../../../src/contract.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { DashboardPage, NoticeKind, NoticeOptions } from "../page-kinds.js";
export const renderPage = (page: DashboardPage, viewer: Viewer) => `<!doctype html><p>${page.kind} ${viewer.scope}</p>`;
export const renderNotice = (kind: NoticeKind, opts: NoticeOptions) => `<!doctype html><p>${kind} ${opts.locale}</p>`;
export const renderLoginConfirm = (token: string, locale: Locale) =>
  `<!doctype html><form method="post" action="/dashboard/login"><input name="t" value="${token}"><button>${locale}</button></form>`;
