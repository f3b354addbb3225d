// Insights, drawn as inline SVG: why runner-ups were not hired (by reason, split by initiator),
// how fast feedback is given, and what the pool holds (by flag, stage reached, future fit).
// Every chart has a title, labels with counts on its bars, and an aria-label that says it all.
import { css, html, nothing, svg } from 'lit';

export const insightsStyles = css`
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr));
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
 */
export function barChart({ id, title, bars, series = [''], number }) {
  const rowH = 26;
  const labelW = 190;
  const width = 520;
  const barW = width - labelW - 50;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((a, x) => a + x, 0)));
  const height = Math.max(1, bars.length) * rowH + 6;
  const summary = `${title}: ${bars
    .map((b) => {
      const total = b.parts.reduce((a, x) => a + x, 0);
      const split = series.length > 1 && total ? ` (${series.map((s, i) => (b.parts[i] ? `${s} ${b.parts[i]}` : '')).filter(Boolean).join(', ')})` : '';
      return `${b.label} ${total}${split}`;
    })
    .join('; ')}.`;
  return html`<figure data-chart=${id}>
    <figcaption id="ru-chart-${id}">${title}</figcaption>
    ${bars.length === 0
      ? html`<p class="empty">Nothing to show yet.</p>`
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
                const r = svg`<rect x=${x} y=${y + 3} width=${w} height=${rowH - 8} fill=${COLORS[i % COLORS.length]}><title>${series[i] ? `${series[i]}: ` : ''}${v}</title></rect>`;
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
  const ins = ctx.query({ type: 'insights', today: ctx.today });
  if (!ins) return nothing;
  const t = ctx.taxonomy;
  const number = ctx.number;
  const initiators = t.initiators.map((i) => i.code);
  const reasons = ins.reasons
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((r) => ({ label: r.label, parts: initiators.map((code) => r.byInitiator?.[code] || 0) }));
  const fb = ins.feedback;
  const pool = ins.pool;
  const fromCounts = (list, counts) => list.map((x) => ({ label: x.label, parts: [counts?.[x.code] || 0] }));
  const flagLabels = [
    ['openToContract', 'Open to contract'],
    ['openToPartTime', 'Open to part-time'],
    ['futureRoles', 'Future roles'],
    ['doNotContact', 'Do not contact'],
  ];
  const days = (d) => (d === null || d === undefined ? '—' : `${number(Math.round(d * 10) / 10)} d`);
  return html`<div class="view">
    <h3>Insights <span class="muted">(${number(pool.total)} in the pool)</span></h3>
    <div class="charts">
      ${barChart({ id: 'reasons', title: 'Why runner-ups were not hired, by who initiated it', bars: reasons, series: t.initiators.map((i) => i.label), number })}
      <figure data-chart="feedback">
        <figcaption>How fast feedback is given</figcaption>
        <div class="tiles" role="list">
          <div class="tile" role="listitem"><strong>${days(fb.medianDays)}</strong>median time to feedback</div>
          <div class="tile" role="listitem"><strong>${days(fb.averageDays)}</strong>average</div>
          <div class="tile" role="listitem"><strong>${number(fb.given)}</strong>given</div>
          <div class="tile" role="listitem"><strong>${number(fb.owed)}</strong>owed</div>
          <div class="tile" role="listitem"><strong>${number(fb.overdue)}</strong>overdue</div>
        </div>
        ${barChart({ id: 'feedback-bars', title: 'Feedback given, owed and overdue', number,
          bars: [{ label: 'Given', parts: [fb.given] }, { label: 'Owed, on time', parts: [Math.max(0, fb.owed - fb.overdue)] }, { label: 'Overdue', parts: [fb.overdue] }] })}
      </figure>
      ${barChart({ id: 'flags', title: 'The pool by flag', bars: flagLabels.map(([k, label]) => ({ label, parts: [pool.byFlag?.[k] || 0] })), number })}
      ${barChart({ id: 'stages', title: 'The pool by stage reached', bars: fromCounts(t.stages, pool.byStage), number })}
      ${barChart({ id: 'fit', title: 'The pool by future fit', bars: fromCounts(t.futureFits, pool.byFutureFit), number })}
    </div>
  </div>`;
}
