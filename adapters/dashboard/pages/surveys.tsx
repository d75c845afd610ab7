import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import type { Viewer } from "../../../src/services/dashboard/access.js";
import type { CampaignProgress, Surveys } from "../../../src/services/dashboard/model.js";
import { Layout } from "./layout.js";
import { DayChart, Facts, num, percent, useWhen } from "./parts.js";

// The surveys: per campaign who was invited, who completed, opted out, the reminders, and the response by day.

function Campaign(props: { campaign: CampaignProgress; viewer: Viewer }) {
  const when = useWhen();
  const { campaign: c } = props;
  const locale = props.viewer.locale;
  const t = dashboardPageTexts(locale);
  const heading = `campaign-${c.id}`;
  return (
    <section class="card" aria-labelledby={heading}>
      <h2 id={heading}>{c.title}</h2>
      <p class="muted">
        {t.campaignStatus[c.status]} · {t.period(when(c.opensAt, locale), when(c.closesAt, locale))}
      </p>
      <Facts
        items={[
          [t.invited, num(c.invited, locale)],
          [t.completed, num(c.completed, locale)],
          [t.responseRate, percent(c.completed, c.invited)],
          [t.optedOut, num(c.optedOut, locale)],
          [t.remindersSent, num(c.remindersSent, locale)],
        ]}
      />
      <h3>{t.responseOverTime(c.title)}</h3>
      <DayChart
        label={t.responseChart(c.title)}
        name={t.responseOverTime(c.title)}
        days={c.responseOverTime}
        series={t.completed}
        locale={locale}
      />
    </section>
  );
}

export function SurveysPage(props: { data: Surveys; viewer: Viewer }) {
  const { data, viewer } = props;
  const t = dashboardPageTexts(viewer.locale);
  return (
    <Layout viewer={viewer} current="surveys" title={t.surveysTitle}>
      {data.campaigns.length === 0 ? (
        <p class="empty">{t.surveysNone}</p>
      ) : (
        data.campaigns.map((c) => <Campaign key={c.id} campaign={c} viewer={viewer} />)
      )}
    </Layout>
  );
}
