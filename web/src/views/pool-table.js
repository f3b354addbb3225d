// The Pool view: one row per (person, requisition) outcome the ATS did not hire (name with
// flags and "hired elsewhere", requisition, stage reached, reason, initiator, future fit, rank or
// outcome, note), filtered by requisition, outcome and "not a fit" (the recruiter's filters; the
// core counts what they leave out). Names open the candidate card.
import { css, html, nothing, unsafeCSS } from 'lit';
import { visuallyHidden } from '../element.styles.js';
import { dncBadge, flagBadges, nameButton } from './fields.js';

/**
 * A table narrower than its columns fit (a side panel, a phone) as a list: each row a block, its
 * first cell (the name) first, then each other cell as "Label: value" from its `data-label` (the
 * column headers stay, visually hidden, for screen readers; the label is not read twice). The
 * widget's width decides (its frame is the container, element.styles.js), not the window's.
 * @param {string} table a selector of the table
 * @param {number} below the widget's width in px below which it stacks
 */
export function stackedTable(table, below) {
  const t = unsafeCSS(table);
  return css`
    @container (max-width: ${below}px) {
      ${t}, ${t} tbody, ${t} tr, ${t} td {
        display: block;
        width: auto;
      }
      ${t} thead {
        ${visuallyHidden}
      }
      ${t} tr {
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--_border);
      }
      ${t} tbody tr:last-child {
        border-bottom: none;
      }
      ${t} td {
        padding: 0.1rem 0;
        border: none;
        overflow-wrap: anywhere;
      }
      ${t} td:empty {
        display: none;
      }
      ${t} td[data-label]::before {
        content: attr(data-label) ': ';
        content: attr(data-label) ': ' / '';
        color: var(--_muted);
        font-size: 0.85em;
        font-weight: 600;
      }
      ${t} .sub.inline {
        display: inline;
        margin-inline-start: 0.4rem;
      }
    }
  `;
}

const baseStyles = css`
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.55rem 0.75rem;
    border-bottom: 1px solid var(--_border);
  }
  th {
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_muted);
    white-space: nowrap;
  }
  tbody tr:last-child td {
    border-bottom: none;
  }
  tbody tr:hover {
    background: var(--_subtle);
  }
  .name {
    font-weight: 600;
  }
  .sub {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
    font-weight: 400;
  }
  .rank {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .view-toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    margin-bottom: 0.5rem;
  }
  .view-toolbar label {
    display: flex;
    align-items: center;
    gap: 0.4rem;
    color: var(--_muted);
  }
  /* a long note shows three lines; the whole of it is in the title, read aloud, and on the card */
  .clamp {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
    overflow-wrap: anywhere;
  }
`;

/** Nine columns need about 820 px; the Feedback owed table's five about 480. */
export const poolTableStyles = [baseStyles, stackedTable('table.pool', 820), stackedTable('table.owed', 480)];

/** The requisition the pool shows: the recruiter's choice, else the element's `requisition`, else all ("*"). */
export function poolScope(ctx) {
  return ctx.state('pool').filter ?? (ctx.requisitionId || '*');
}

/** The table shows at most this many rows; the Search tab's virtual list takes any number. */
export const POOL_TABLE_LIMIT = 500;

/** @param {import('./registry.js').ViewContext} ctx */
export function renderPoolView(ctx) {
  const scope = poolScope(ctx);
  const { outcome = '', includeNotAFit = true } = ctx.state('pool');
  // the first POOL_TABLE_LIMIT of the scope that pass the filters, kept by the element until the pool changes
  const page = ctx.poolPage(scope, { outcome, includeNotAFit });
  const entries = page?.entries ?? [];
  const total = page?.total ?? 0;
  const leftOut = page?.leftOut ?? 0;
  const { t } = ctx;
  return html`
    <div class="view">
      <div class="view-toolbar">
        <label for="ru-filter">${t('pool.show')}
          <select id="ru-filter" @change=${(e) => ctx.setState('pool', { filter: e.target.value })}>
            <option value="*" ?selected=${scope === '*'}>${t('pool.allRequisitions')}</option>
            ${ctx.requisitions.map((r) => html`<option value=${r.id} ?selected=${scope === r.id}>${r.title}</option>`)}
          </select>
        </label>
        <label for="ru-pool-outcome">${t('pool.filter.outcome')}
          <select id="ru-pool-outcome" @change=${(e) => ctx.setState('pool', { outcome: e.target.value })}>
            <option value="" ?selected=${outcome === ''}>${t('pool.filter.anyOutcome')}</option>
            ${ctx.taxonomy.outcomes.filter((o) => o.inPool).map((o) => html`<option value=${o.code} ?selected=${outcome === o.code}>${ctx.label('outcomes', o.code, o.label)}</option>`)}
          </select>
        </label>
        <label><input type="checkbox" id="ru-pool-not-a-fit" .checked=${includeNotAFit}
          @change=${(e) => ctx.setState('pool', { includeNotAFit: e.target.checked })} />${t('filter.includeNotAFit')}</label>
        <span class="muted" id="ru-pool-count">${t('pool.count', { count: total })}${leftOut > 0
          ? html` · <span id="ru-pool-left-out">${t('pool.leftOut', { count: leftOut })}</span>`
          : nothing}</span>
      </div>
      ${total > entries.length
        ? html`<p class="message">${t('pool.truncated', { shown: ctx.number(entries.length), count: ctx.number(total) })}
            <button type="button" class="link" @click=${() => ctx.selectTab?.('search')}>${t('pool.openSearch')}</button></p>`
        : nothing}
      ${entries.length === 0
        ? html`<p class="message">${scope !== '*' ? t('pool.emptyRequisition') : t('pool.empty')}
            ${t('pool.emptyHint', { action: t('app.recordOutcome') })}</p>`
        : html`<div class="scroll">
            <table part="table" class="pool" aria-label=${t('app.title')}>
              <thead>
                <tr>
                  <th scope="col">${t('pool.col.name')}</th>
                  <th scope="col">${t('pool.col.requisition')}</th>
                  <th scope="col">${t('pool.col.stage')}</th>
                  <th scope="col">${t('pool.col.reason')}</th>
                  <th scope="col">${t('pool.col.initiator')}</th>
                  <th scope="col">${t('pool.col.futureFit')}</th>
                  <th scope="col">${t('pool.col.rank')}</th>
                  <th scope="col">${t('pool.col.note')}</th>
                  <th scope="col">${t('pool.col.nextFollowUp')}</th>
                </tr>
              </thead>
              <tbody>
                ${entries.map(({ candidate, outcome, requisition, flags, nextFollowUp, hiredElsewhere }) => {
                  const ranked = outcome.outcome === 'runner_up' && outcome.rank;
                  return html`
                    <tr part="row" data-candidate=${candidate.id} data-outcome=${outcome.outcome}>
                      <td class="name">${nameButton(ctx, candidate)} ${dncBadge(flags?.doNotContact, flags?.doNotContactReason, ctx.i)}
                        ${hiredElsewhere ? html`<span class="badge hired-elsewhere">${t('badge.hiredElsewhere')}</span>` : nothing}
                        ${candidate.title ? html`<span class="sub" dir="auto">${candidate.title}</span>` : nothing}
                        ${flags ? html`<span class="sub">${flagBadges(flags, ctx)}</span>` : nothing}</td>
                      <td dir="auto" data-label=${t('pool.col.requisition')}>${requisition?.title || outcome.requisitionId}</td>
                      <td data-label=${t('pool.col.stage')}>${ctx.label('stages', outcome.stage)}</td>
                      <td data-label=${t('pool.col.reason')}>${ctx.label('reasons', outcome.reason?.code, outcome.reasonLabel)}${outcome.reason?.note
                        ? html`<span class="sub clamp" dir="auto" title=${outcome.reason.note}>${outcome.reason.note}</span>`
                        : nothing}</td>
                      <td data-label=${t('pool.col.initiator')}>${ctx.label('initiators', outcome.initiator)}</td>
                      <td data-label=${t('pool.col.futureFit')}><span class="badge ${outcome.futureFit}">${ctx.label('futureFits', outcome.futureFit)}</span></td>
                      <td class="rank" data-label=${t('pool.col.rank')}>${ranked
                        ? html`${ctx.number(outcome.rank)}${outcome.rank === 1 ? html`<span class="sub inline">${t('pool.nextInLine')}</span>` : nothing}`
                        : html`<span class="badge">${ctx.label('outcomes', outcome.outcome)}</span>`}</td>
                      <td dir="auto" data-label=${t('pool.col.note')}>${outcome.note
                        ? html`<span class="clamp" title=${outcome.note}>${outcome.note}</span>`
                        : nothing}</td>
                      <td data-label=${t('pool.col.nextFollowUp')}>${nextFollowUp ? ctx.day(nextFollowUp) : nothing}</td>
                    </tr>
                  `;
                })}
              </tbody>
            </table>
          </div>`}
    </div>
  `;
}
