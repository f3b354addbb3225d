// Next in line: for one requisition, its runner-ups in rank order (reorder with the buttons or
// Alt+ArrowUp/Down on a focused row), the reason each was not hired and the feedback they got,
// who is skipped and why, "Hire backed out", and one action that reopens it for the first.
import { css, html, nothing } from 'lit';
import { dncBadge, field, flagBadges, formError, formValues, nameButton } from './fields.js';

const SOURCE = 'nil';

export const nextInLineStyles = css`
  ol.ranking {
    list-style: none;
    margin: 0.5rem 0;
    padding: 0;
  }
  ol.ranking > li {
    display: grid;
    grid-template-columns: 2.5rem 1fr auto;
    gap: 0.25rem 0.75rem;
    align-items: start;
    padding: 0.6rem 0.5rem;
    border-bottom: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  ol.ranking > li:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: -2px;
  }
  ol.ranking > li.skipped {
    /* not opacity: faded text would fall below WCAG AA contrast */
    background: var(--_subtle);
    border-left: 3px solid var(--_border);
  }
  .rank-no {
    font-size: 1.3em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .first .rank-no {
    color: var(--_accent);
  }
  .detail {
    display: block;
    font-size: 0.92em;
  }
`;

/** The requisition shown: the recruiter's pick, else the element's `requisition`, else the first with runner-ups. */
function scope(ctx) {
  const chosen = ctx.state('next').requisitionId;
  if (chosen) return chosen;
  if (ctx.requisitionId) return ctx.requisitionId;
  return ctx.entries.find((e) => e.outcome.outcome === 'runner_up')?.outcome.requisitionId || ctx.requisitions[0]?.id || '';
}

/** Every runner-up of the requisition, eligible or skipped, in rank order. */
export function rankedRunnerUps(nil) {
  const rows = [
    ...nil.entries.map((e) => ({ ...e, why: '' })),
    ...nil.skipped.map((s) => ({ candidate: s.candidate, outcome: s.outcome, flags: s.flags, feedbackGiven: s.feedbackGiven, why: s.why })),
  ];
  return rows.sort((a, b) => (a.outcome.rank || 0) - (b.outcome.rank || 0));
}

/** The order after moving `candidateId` by `delta` places, or null when it cannot move. */
export function moveInOrder(order, candidateId, delta) {
  const i = order.indexOf(candidateId);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= order.length) return null;
  const next = [...order];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/** Why a runner-up is skipped: the core's code -> catalogue key. */
const WHY = { do_not_contact: 'nil.why.do_not_contact', hired_elsewhere: 'nil.why.hired_elsewhere' };

/** @param {import('./registry.js').ViewContext} ctx */
export function renderNextInLine(ctx) {
  const { t, h } = ctx;
  const why = (code) => t(WHY[code] || 'nil.why.other');
  const requisitionId = scope(ctx);
  const picker = html`<label for="ru-nil-req">${t('nil.requisition')}
      <select id="ru-nil-req" @change=${(e) => ctx.setState('next', { requisitionId: e.target.value, backOutOpen: false })}>
        ${ctx.requisitions.map((r) => html`<option value=${r.id} ?selected=${r.id === requisitionId}>${r.title}</option>`)}
      </select></label>`;
  if (!requisitionId) return html`<div class="view"><p class="empty">${t('nil.noRequisitions')}</p></div>`;
  const nil = ctx.query({ type: 'nextInLine', requisitionId, today: ctx.today });
  if (!nil) return html`<div class="view">${picker}</div>`;
  const rows = rankedRunnerUps(nil);
  const order = rows.map((r) => r.candidate.id);
  const first = nil.entries[0];
  const st = ctx.state('next');
  const req = nil.requisition;

  const move = (candidate, delta) => {
    const next = moveInOrder(order, candidate.id, delta);
    if (!next) return;
    const rank = next.indexOf(candidate.id) + 1;
    ctx.run(
      { type: 'rankRunnerUps', requisitionId, order: next },
      {
        source: SOURCE,
        status: t('nil.status.moved', { name: candidate.name, rank, count: next.length }),
        focus: `li[data-candidate="${CSS.escape(candidate.id)}"]`,
      },
    );
  };
  const onKey = (e, candidate) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    if (e.target !== e.currentTarget) return;
    e.preventDefault();
    move(candidate, e.key === 'ArrowUp' ? -1 : 1);
  };
  const submitBackOut = async (e) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const ok = await ctx.run(
      { type: 'markHireBackedOut', backOut: { requisitionId, reason: v.reason, note: v.note.trim() } },
      { source: `${SOURCE}-backout`, status: t('nil.status.backedOut', { title: req.title }), focus: '#ru-nil-reopen, #ru-nil-backout' },
    );
    if (ok) ctx.setState('next', { backOutOpen: false });
  };

  return html`
    <div class="view">
      <div class="view-toolbar">
        ${picker}
        <span class="badge">${ctx.label('requisitionStatuses', req.status)}</span>
        ${nil.reopenedFor
          ? html`<span class="badge strong">${h('nil.reopenedFor', { name: rows.find((r) => r.candidate.id === nil.reopenedFor)?.candidate.name || nil.reopenedFor })}</span>`
          : nothing}
      </div>
      ${nil.backOuts.length
        ? html`<ul class="items" aria-label=${t('nil.backOuts')}>${nil.backOuts.map(
            (b) => html`<li>${t('nil.backOut')} <strong>${ctx.label('backOutReasons', b.reason)}</strong>
              ${b.candidateId ? html`(<bdi>${ctx.candidateName(b.candidateId)}</bdi>)` : nothing} ${t('nil.backOutOn', { date: ctx.day(b.at) })}${b.note ? html` — <bdi>${b.note}</bdi>` : nothing}</li>`,
          )}</ul>`
        : nothing}
      <div class="row-actions">
        <button type="button" part="button" id="ru-nil-backout" aria-expanded=${st.backOutOpen ? 'true' : 'false'}
          @click=${() => ctx.setState('next', { backOutOpen: !st.backOutOpen }, st.backOutOpen ? '' : '#nil-backout-reason')}>${t('nil.hireBackedOut')}</button>
        ${first && nil.backOuts.length && !nil.reopenedFor
          ? html`<button type="button" class="primary" part="button" id="ru-nil-reopen"
              @click=${() =>
                ctx.run(
                  { type: 'reopenForNextInLine', requisitionId, candidateId: first.candidate.id },
                  { source: SOURCE, status: t('nil.status.reopened', { title: req.title, name: first.candidate.name }), focus: '#ru-nil-reopen' },
                )}>${h('nil.reopenFor', { name: first.candidate.name })}</button>`
          : nothing}
      </div>
      ${st.backOutOpen
        ? html`<form class="inline-form" data-source="${SOURCE}-backout" aria-label=${t('nil.backOutForm')} @submit=${submitBackOut}>
            ${formError(ctx, `${SOURCE}-backout`, ['/backOut/reason', '/backOut/note'])}
            ${field(ctx, `${SOURCE}-backout`, { name: 'reason', label: t('nil.backOutReason'), type: 'select', path: '/backOut/reason',
              options: (ctx.taxonomy.backOutReasons || []).map((x) => ({ value: x.code, label: ctx.label('backOutReasons', x.code, x.label) })) })}
            ${field(ctx, `${SOURCE}-backout`, { name: 'note', label: t('nil.backOutNote'), path: '/backOut/note', className: 'grow' })}
            <button type="submit" class="primary" part="button">${t('nil.markBackedOut')}</button>
          </form>`
        : nothing}
      ${formError(ctx, SOURCE)}
      <h3 id="ru-nil-title">${h('nil.title', { title: req.title })}</h3>
      ${rows.length === 0
        ? html`<p class="empty">${t('nil.empty')}</p>`
        : html`<p class="muted" id="ru-nil-help">${t('nil.help')}</p>
          <ol class="ranking" aria-labelledby="ru-nil-title" aria-describedby="ru-nil-help">
            ${rows.map((r, i) => {
              const fb = r.feedbackGiven;
              const isFirst = first && r.candidate.id === first.candidate.id;
              const rowLabel = [t('nil.rowLabel', { rank: r.outcome.rank, name: r.candidate.name }), r.why ? why(r.why) : '', isFirst ? t('pool.nextInLine') : '']
                .filter(Boolean)
                .join(', ');
              return html`<li tabindex="0" data-candidate=${r.candidate.id} class="${r.why ? 'skipped' : ''} ${isFirst ? 'first' : ''}"
                  aria-label=${rowLabel}
                  @keydown=${(e) => onKey(e, r.candidate)}>
                <span class="rank-no" aria-hidden="true">${ctx.number(r.outcome.rank)}</span>
                <div>
                  ${nameButton(ctx, r.candidate)} ${dncBadge(r.why === 'do_not_contact' || r.flags?.doNotContact, '', ctx.i)}
                  ${isFirst ? html`<span class="badge strong">${t('nil.nextInLineBadge')}</span>` : nothing}
                  ${r.why ? html`<span class="badge overdue">${why(r.why)}</span>` : nothing}
                  ${flagBadges(r.flags, ctx)}
                  <span class="detail">${t('nil.notHired', { reason: ctx.label('reasons', r.outcome.reason?.code, r.outcome.reasonLabel) })}${r.outcome.reason?.note
                    ? html` — <bdi>${r.outcome.reason.note}</bdi>`
                    : ''}
                    <span class="muted">(${ctx.label('initiators', r.outcome.initiator)}, ${ctx.label('futureFits', r.outcome.futureFit)})</span></span>
                  <span class="detail">${fb
                    ? html`${t('nil.feedbackGiven', { date: ctx.day(fb.givenAt), channel: ctx.label('channels', fb.channel) })} <bdi>${fb.summary || fb.improvements || fb.strengths}</bdi>`
                    : html`<span class="muted">${t('nil.noFeedback')}</span>`}</span>
                </div>
                <div class="row-actions">
                  <button type="button" part="button" aria-label=${t('nil.moveUpLabel', { name: r.candidate.name })} ?disabled=${i === 0} @click=${() => move(r.candidate, -1)}>${t('nil.up')}</button>
                  <button type="button" part="button" aria-label=${t('nil.moveDownLabel', { name: r.candidate.name })} ?disabled=${i === rows.length - 1} @click=${() => move(r.candidate, 1)}>${t('nil.down')}</button>
                </div>
              </li>`;
            })}
          </ol>`}
    </div>
  `;
}
