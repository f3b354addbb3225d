// Insights, drawn as inline SVG: why runner-ups were not hired (by reason, split by initiator),
// how fast feedback is given, and what the pool holds (by flag, stage reached, future fit).
// Every chart has a title, labels with counts on its bars, and an aria-label that says it all.
import { css, html, nothing, svg } from 'lit';

export const insightsStyles = css`
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(24rem, 100%), 1fr));
    gap: 1rem 1.5rem;
  }
  figure {
    margin: 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: 0.35rem;
  }
  svg.chart {
    width: 100%;
    height: auto;
    font: inherit;
    font-size: 12px;
  }
  svg.chart text {
    fill: currentColor;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.9rem;
    font-size: 0.85em;
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
  }
  .swatch {
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    border-radius: 2px;
    margin-right: 0.3em;
    vertical-align: -0.05em;
  }
  .tiles {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .tile {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem 0.75rem;
    min-width: 7rem;
  }
  .tile strong {
    display: block;
    font-size: 1.4em;
  }
`;

const COLORS = ['#1d5fd1', '#e07b00', '#6b7280', '#0b6b3a', '#b42318', '#7c3aed'];

/**
 * A horizontal bar chart, bars optionally stacked.
 * @param {object} p
 * @param {string} p.id
 * @param {string} p.title
 * @param {{label: string, parts: number[]}[]} p.bars
 * @param {string[]} [p.series] names of the stacked parts (legend); one part: no legend
 * @param {(n: number) => string} p.number
 * @param {string} p.empty what shows when there are no bars
 */
export function barChart({ id, title, bars, series = [''], number, empty }) {
  const rowH = 26;
  const labelW = 190;
  const width = 520;
  const barW = width - labelW - 50;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((a, x) => a + x, 0)));
  const height = Math.max(1, bars.length) * rowH + 6;
  const summary = `${title}: ${bars
    .map((b) => {
      const total = b.parts.reduce((a, x) => a + x, 0);
      const split = series.length > 1 && total ? ` (${series.map((s, i) => (b.parts[i] ? `${s} ${number(b.parts[i])}` : '')).filter(Boolean).join(', ')})` : '';
      return `${b.label} ${number(total)}${split}`;
    })
    .join('; ')}.`;
  return html`<figure data-chart=${id}>
    <figcaption id="ru-chart-${id}">${title}</figcaption>
    ${bars.length === 0
      ? html`<p class="empty">${empty}</p>`
      : html`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label=${summary}>
          ${bars.map((b, row) => {
            const y = row * rowH + 3;
            const total = b.parts.reduce((a, x) => a + x, 0);
            let x = labelW;
            return svg`<g>
              <text x=${labelW - 8} y=${y + rowH / 2 + 1} text-anchor="end" dominant-baseline="middle">${b.label}</text>
              <rect x=${labelW} y=${y + 3} width=${barW} height=${rowH - 8} fill="#eef1f5" />
              ${b.parts.map((v, i) => {
                const w = (v / max) * barW;
                const r = svg`<rect x=${x} y=${y + 3} width=${w} height=${rowH - 8} fill=${COLORS[i % COLORS.length]}><title>${series[i] ? `${series[i]}: ` : ''}${number(v)}</title></rect>`;
                x += w;
                return r;
              })}
              <text x=${x + 6} y=${y + rowH / 2 + 1} dominant-baseline="middle" font-weight="600">${number(total)}</text>
            </g>`;
          })}
        </svg>`}
    ${series.length > 1
      ? html`<ul class="legend" aria-hidden="true">${series.map(
          (s, i) => html`<li><svg class="swatch" viewBox="0 0 10 10"><rect width="10" height="10" rx="2" fill=${COLORS[i % COLORS.length]} /></svg>${s}</li>`,
        )}</ul>`
      : nothing}
  </figure>`;
}

/** @param {import('./registry.js').ViewContext} ctx */
export function renderInsights(ctx) {
  const { t } = ctx;
  const ins = ctx.query({ type: 'insights', today: ctx.today });
  if (!ins) return nothing;
  const tax = ctx.taxonomy;
  const number = ctx.number;
  const empty = t('insights.empty');
  const initiators = tax.initiators.map((i) => i.code);
  const reasons = ins.reasons
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((r) => ({ label: ctx.label('reasons', r.code, r.label), parts: initiators.map((code) => r.byInitiator?.[code] || 0) }));
  const fb = ins.feedback;
  const pool = ins.pool;
  const fromCounts = (list, kind, counts) => list.map((x) => ({ label: ctx.label(kind, x.code, x.label), parts: [counts?.[x.code] || 0] }));
  const flagLabels = [
    ['openToContract', t('flags.openToContract')],
    ['openToPartTime', t('flags.openToPartTime')],
    ['futureRoles', t('flags.futureRoles')],
    ['doNotContact', t('flags.doNotContact')],
  ];
  const days = (d) => (d === null || d === undefined ? '—' : t('insights.days', { days: Math.round(d * 10) / 10 }));
  return html`<div class="view">
    <h3>${t('insights.title')} <span class="muted">(${t('pool.count', { count: pool.total })})</span></h3>
    <div class="charts">
      ${barChart({ id: 'reasons', title: t('insights.reasons'), bars: reasons, series: tax.initiators.map((i) => ctx.label('initiators', i.code, i.label)), number, empty })}
      <figure data-chart="feedback">
        <figcaption>${t('insights.feedbackSpeed')}</figcaption>
        <div class="tiles" role="list">
          <div class="tile" role="listitem"><strong>${days(fb.medianDays)}</strong>${t('insights.median')}</div>
          <div class="tile" role="listitem"><strong>${days(fb.averageDays)}</strong>${t('insights.average')}</div>
          <div class="tile" role="listitem"><strong>${number(fb.given)}</strong>${t('insights.given')}</div>
          <div class="tile" role="listitem"><strong>${number(fb.owed)}</strong>${t('insights.owed')}</div>
          <div class="tile" role="listitem"><strong>${number(fb.overdue)}</strong>${t('insights.overdue')}</div>
        </div>
        ${barChart({ id: 'feedback-bars', title: t('insights.feedbackBars'), number, empty,
          bars: [
            { label: t('insights.bar.given'), parts: [fb.given] },
            { label: t('insights.bar.owedOnTime'), parts: [Math.max(0, fb.owed - fb.overdue)] },
            { label: t('insights.bar.overdue'), parts: [fb.overdue] },
          ] })}
      </figure>
      ${barChart({ id: 'flags', title: t('insights.byFlag'), bars: flagLabels.map(([k, label]) => ({ label, parts: [pool.byFlag?.[k] || 0] })), number, empty })}
      ${barChart({ id: 'stages', title: t('insights.byStage'), bars: fromCounts(tax.stages, 'stages', pool.byStage), number, empty })}
      ${barChart({ id: 'fit', title: t('insights.byFit'), bars: fromCounts(tax.futureFits, 'futureFits', pool.byFutureFit), number, empty })}
    </div>
  </div>`;
}
