import type { Locale } from "../../../src/contract.js";
import { dashboardNoticeTexts } from "../../../src/i18n/dashboard-notice-texts.js";
import type { NoticeKind } from "../page-kinds.js";
import { Plain } from "./layout.js";

// Pages without data: why the visitor sees nothing, and the button that spends a sign-in link. The link is opened
// with GET by chat clients making a preview; only this button's POST signs in.

export function NoticePage(props: { kind: NoticeKind; locale: Locale }) {
  const notice = dashboardNoticeTexts(props.locale).notices[props.kind];
  return (
    <Plain locale={props.locale} title={notice.title}>
      <p>{notice.body}</p>
    </Plain>
  );
}

export function LoginConfirmPage(props: { token: string; locale: Locale }) {
  const t = dashboardNoticeTexts(props.locale);
  return (
    <Plain locale={props.locale} title={t.loginTitle}>
      <p>{t.loginBody}</p>
      <form method="post" action="/dashboard/login">
        <input type="hidden" name="t" value={props.token} />
        <button type="submit" class="primary">
          {t.loginButton}
        </button>
      </form>
    </Plain>
  );
}
