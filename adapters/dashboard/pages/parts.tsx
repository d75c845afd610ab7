import { DateTime } from "luxon";
import { type ComponentChildren, createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Locale } from "../../../src/contract.js";
import { dashboardPageTexts } from "../../../src/i18n/dashboard-page-texts.js";
import { formatDateTime, yearOf } from "../../../src/i18n/dates.js";
import type { DayCount } from "../../../src/services/dashboard/model.js";

// Pieces the pages share: dates in Amsterdam, numbers, tables that scroll on a phone, and charts that are only an
// enhancement (the same numbers stand in a table next to each canvas; dashboard.js draws it from `data-chart`).

/** Where and when a page is drawn: the bot's time zone (BOT_TIMEZONE) and the reader's current year there. */
export interface PageCalendar {
  zone: string;
  thisYear: number;
}

export const calendarAt = (zone: string, now: number): PageCalendar => ({ zone, thisYear: yearOf(now, zone) });

// Set once per page by render.tsx; components read it instead of threading it through every prop.
export const CalendarContext = createContext<PageCalendar | undefined>(undefined);

function useCalendar(): PageCalendar {
  const calendar = useContext(CalendarContext);
  if (!calendar) throw new Error("a dashboard page is drawn inside CalendarContext (render.tsx)");
  return calendar;
}

/** "di 15 sep, 19:30" in the bot's zone, with the year when it is not this year (as the chat's cards). */
export function useWhen(): (epochMs: number, locale: Locale) => string {
  const { zone, thisYear } = useCalendar();
  return (epochMs, locale) => formatDateTime(epochMs, zone, locale, thisYear);
}

/** A calendar day of the model ("2026-09-15") as "15 sep 2026". */
const dayOf = (day: string, zone: string, locale: Locale) =>
  DateTime.fromISO(day, { zone }).setLocale(locale).toFormat("d LLL yyyy").replace(/\./g, "");

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  nl: new Intl.NumberFormat("nl-NL"),
  en: new Intl.NumberFormat("en-GB"),
};
export const num = (n: number, locale: Locale) => numberFormats[locale].format(n);

/** A share as a whole percentage; "–" when there is nothing to divide by. */
export const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : "–");

/** A wide table scrolls sideways inside this on a narrow screen; focusable so keyboards can scroll it too. */
export function TableWrap(props: { name: string; locale: Locale; children: ComponentChildren }) {
  const t = dashboardPageTexts(props.locale);
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus to scroll by keyboard
    <section class="table-wrap" aria-label={t.scrollTable(props.name)} tabIndex={0}>
      {props.children}
    </section>
  );
}

/** What dashboard.js hands Chart.js: one or more series over the same labels. */
export interface ChartData {
  type: "line" | "bar";
  /** Bars along the horizontal axis (poll options with long labels). */
  horizontal?: boolean;
  labels: string[];
  series: { label: string; data: number[] }[];
}

/** A canvas for the chart and the same numbers as a table; `label` says what the picture shows. */
export function Chart(props: { label: string; name: string; data: ChartData; locale: Locale; head: [string, string] }) {
  const { data, locale } = props;
  const t = dashboardPageTexts(locale);
  const values = data.series[0]?.data ?? [];
  return (
    <div class="chart">
      <div class="chart-box">
        <canvas role="img" aria-label={props.label} data-chart={JSON.stringify(data)} />
      </div>
      <TableWrap name={t.chartTable(props.name)} locale={locale}>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.head[0]}</th>
              <th scope="col" class="n">
                {props.head[1]}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td class="n">{num(values[i] ?? 0, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}

/** A line chart of a running total by day, with its table. */
export function DayChart(props: { label: string; name: string; days: DayCount[]; series: string; locale: Locale }) {
  const { locale } = props;
  const { zone } = useCalendar();
  const t = dashboardPageTexts(locale);
  if (props.days.length === 0) return <p class="empty">{t.none}</p>;
  const data: ChartData = {
    type: "line",
    labels: props.days.map((d) => dayOf(d.day, zone, locale)),
    series: [{ label: props.series, data: props.days.map((d) => d.count) }],
  };
  return <Chart label={props.label} name={props.name} data={data} locale={locale} head={[t.day, t.total]} />;
}

/** Label and value pairs (totals, a session's facts). */
export function Facts(props: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
