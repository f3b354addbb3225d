// The candidate card: everything about one person — outcomes with reasons, feedback asked for and
// given, flags, touchpoints, follow-ups, and the timeline of events (undone ones struck through).
// Opens from any name; "Back" returns to the view it came from.
import './privacy-panel.js';
import { css, html, nothing } from 'lit';
import { followUpActions } from './follow-ups.js';
import { dayToInstant, describeEvent, dncBadge, field, flagBadges, formError, formValues, formatDay } from './fields.js';
import { flagFields, flagsFromValues, followUpFromValues } from './outcome-form.js';

export const candidateCardStyles = css`
  .card-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .card-head h3 {
    margin: 0;
    font-size: 1.2em;
  }
  .card-head .badge.dnc {
    font-size: 1em;
    padding: 0.15rem 0.7rem;
  }
  .card-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
    gap: 0 1.5rem;
  }
  .card-grid section {
    min-width: 0;
  }
  details {
    margin: 0.4rem 0;
  }
  details > summary {
    cursor: pointer;
    color: var(--_accent);
    font-weight: 600;
    width: fit-content;
  }
  details > summary:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .timeline time {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    margin-right: 0.4rem;
  }
  .quote {
    display: block;
    white-space: pre-wrap;
    margin: 0.15rem 0 0;
  }
`;

/** Submits a card form: the command from its values; resets and closes it on success. */
function submitter(ctx, source, build, status) {
  return async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    const ok = await ctx.run(build(formValues(form)), { source, status: status(formValues(form)), focus: `[data-source="${source}"] button[type=submit]` });
    if (ok) {
      form.reset();
      const details = form.closest('details');
      if (details) details.open = false;
    }
  };
}

/**
 * @param {import('./registry.js').ViewContext} ctx
 * @param {string} candidateId
 * @param {() => void} onBack
 */
export function renderCandidateCard(ctx, candidateId, onBack) {
  const c = ctx.query({ type: 'candidate', id: candidateId });
  if (!c) return html`<div class="view"><button type="button" part="button" @click=${onBack}>← Back</button></div>`;
  const who = c.candidate;
  const name = who.name;
  const flags = c.flags || {};
  const st = ctx.state('card');
  const flagsUi = st.flagsFor === candidateId ? st.flagsUi : { openToPartTime: flags.openToPartTime, doNotContact: flags.doNotContact };
  const reqOptions = [
    { value: '', label: 'Not about one requisition' },
    ...c.outcomes.map((o) => ({ value: o.requisitionId, label: o.requisition?.title || o.requisitionId })),
  ];
  const defaultReq = c.outcomes[0]?.requisitionId || '';
  const codes = (list) => (list || []).map((x) => ({ value: x.code, label: x.label }));
  const names = { candidateName: ctx.candidateName, requisitionTitle: ctx.requisitionTitle, label: ctx.label };
  const openFollowUps = c.followUps.filter((f) => f.status === 'open' || f.status === 'snoozed');
  const closedFollowUps = c.followUps.filter((f) => !(f.status === 'open' || f.status === 'snoozed'));
  const feedbackItems = [
    ...c.feedbackRequests.map((r) => ({ at: r.requestedAt, kind: 'request', r })),
    ...c.feedback.map((f) => ({ at: f.givenAt, kind: 'given', f })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  return html`<div class="view card" data-card-of=${candidateId}>
    <div class="card-head">
      <button type="button" part="button" id="ru-card-back" @click=${onBack}>← Back</button>
      <h3 id="ru-card-title" tabindex="-1">${name}</h3>
      ${dncBadge(c.doNotContact, flags.doNotContactReason)}
      ${c.doNotContact && flags.doNotContactReason ? html`<span class="muted">(${flags.doNotContactReason})</span>` : nothing}
      <span class="muted">${who.title}</span>
      <span class="muted">Last contact: ${c.lastContact ? formatDay(c.lastContact, ctx.locale) : 'never'}</span>
      <button type="button" part="button" @click=${() => ctx.openOutcome({ candidateId })}>Record outcome for ${name}</button>
    </div>
    <div>${flagBadges(flags, ctx.locale)}</div>
    ${formError(ctx, 'card')}

    <div class="card-grid">
      <section aria-labelledby="ru-card-outcomes">
        <h4 id="ru-card-outcomes">Outcomes</h4>
        ${c.outcomes.length === 0
          ? html`<p class="empty">No outcome recorded.</p>`
          : html`<ul class="items">${c.outcomes.map(
              (o) => html`<li>
                <strong>${o.requisition?.title || o.requisitionId}</strong>: ${ctx.label('outcomes', o.outcome)}${o.outcome === 'runner_up' && o.rank
                  ? ` #${o.rank}`
                  : ''} at ${ctx.label('stages', o.stage).toLowerCase()}
                <span class="quote">Reason: ${o.reasonLabel || ctx.label('reasons', o.reason?.code)}${o.reason?.note ? ` — ${o.reason.note}` : ''}
                  <span class="muted">(${ctx.label('initiators', o.initiator)}; ${ctx.label('futureFits', o.futureFit)})</span></span>
                ${o.scores?.length
                  ? html`<span class="quote">Scores: ${o.scores.map((s) => `${s.by}: ${ctx.label('scores', s.score)}`).join('; ')}</span>`
                  : nothing}
                ${o.skillGaps?.length ? html`<span class="quote">Skill gaps: ${o.skillGaps.join(', ')}</span>` : nothing}
                ${o.note ? html`<span class="quote muted">${o.note}</span>` : nothing}
                <span class="quote muted">Decided ${formatDay(o.decidedAt, ctx.locale)} by ${o.decidedBy}</span>
              </li>`,
            )}</ul>`}
      </section>

      <section aria-labelledby="ru-card-feedback">
        <h4 id="ru-card-feedback">Feedback</h4>
        ${feedbackItems.length === 0
          ? html`<p class="empty">No feedback asked for or given.</p>`
          : html`<ul class="items timeline">${feedbackItems.map((x) =>
              x.kind === 'request'
                ? html`<li><time>${formatDay(x.at, ctx.locale)}</time>Asked for feedback${x.r.requisitionId ? ` (${ctx.requisitionTitle(x.r.requisitionId)})` : ''}</li>`
                : html`<li><time>${formatDay(x.at, ctx.locale)}</time>Feedback given by ${x.f.by}, ${ctx.label('channels', x.f.channel).toLowerCase()}
                    ${x.f.strengths ? html`<span class="quote">Strengths: ${x.f.strengths}</span>` : nothing}
                    ${x.f.improvements ? html`<span class="quote">To improve: ${x.f.improvements}</span>` : nothing}
                    ${x.f.summary ? html`<span class="quote">Summary: ${x.f.summary}</span>` : nothing}</li>`,
            )}</ul>`}
        <details>
          <summary>Log a feedback request</summary>
          <form class="inline-form" data-source="card-request" aria-label="Log a feedback request"
            @submit=${submitter(ctx, 'card-request', (v) => ({
              type: 'requestFeedback',
              request: { candidateId, requisitionId: v.requisitionId || undefined, requestedAt: dayToInstant(v.requestedAt) || undefined },
            }), () => `Logged that ${name} asked for feedback.`)}>
            ${formError(ctx, 'card-request', ['/request/requestedAt', '/request/requisitionId'])}
            ${field(ctx, 'card-request', { name: 'requestedAt', label: 'Asked on', type: 'date', value: ctx.today, path: '/request/requestedAt' })}
            ${field(ctx, 'card-request', { name: 'requisitionId', label: 'For requisition', type: 'select', value: defaultReq, options: reqOptions, path: '/request/requisitionId' })}
            <button type="submit" part="button">Log request</button>
          </form>
        </details>
        <details>
          <summary>Log feedback given</summary>
          <form class="inline-form" data-source="card-feedback" aria-label="Log feedback given"
            @submit=${submitter(ctx, 'card-feedback', (v) => ({
              type: 'giveFeedback',
              feedback: {
                candidateId,
                requisitionId: v.requisitionId || undefined,
                givenAt: dayToInstant(v.givenAt),
                by: v.by.trim() || undefined,
                channel: v.channel,
                strengths: v.strengths.trim(),
                improvements: v.improvements.trim(),
                summary: v.summary.trim(),
              },
            }), () => `Logged feedback given to ${name}.`)}>
            ${formError(ctx, 'card-feedback', ['/feedback/givenAt', '/feedback/by', '/feedback/channel', '/feedback/strengths', '/feedback/improvements', '/feedback/summary', '/feedback/requisitionId'])}
            ${field(ctx, 'card-feedback', { name: 'givenAt', label: 'Given on', type: 'date', value: ctx.today, path: '/feedback/givenAt' })}
            ${field(ctx, 'card-feedback', { name: 'by', label: 'Given by', path: '/feedback/by', hint: 'Empty: you' })}
            ${field(ctx, 'card-feedback', { name: 'channel', label: 'Channel', type: 'select', value: 'email', options: codes(ctx.taxonomy.channels), path: '/feedback/channel' })}
            ${field(ctx, 'card-feedback', { name: 'requisitionId', label: 'About requisition', type: 'select', value: defaultReq, options: reqOptions, path: '/feedback/requisitionId' })}
            ${field(ctx, 'card-feedback', { name: 'strengths', label: 'Strengths', type: 'textarea', path: '/feedback/strengths', className: 'grow' })}
            ${field(ctx, 'card-feedback', { name: 'improvements', label: 'Improvements', type: 'textarea', path: '/feedback/improvements', className: 'grow' })}
            ${field(ctx, 'card-feedback', { name: 'summary', label: 'Summary', type: 'textarea', path: '/feedback/summary', className: 'grow' })}
            <button type="submit" part="button">Log feedback</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-flags">
        <h4 id="ru-card-flags">Flags</h4>
        ${flagBadges(flags, ctx.locale)}
        ${!flags.openToContract && !flags.openToPartTime && !flags.doNotContact ? html`<p class="empty">No flags.</p>` : nothing}
        <details>
          <summary>Edit flags</summary>
          <form class="inline-form" data-source="card-flags" aria-label="Edit flags"
            @change=${(e) => {
              if (e.target.name === 'openToPartTime' || e.target.name === 'doNotContact') {
                ctx.setState('card', { flagsFor: candidateId, flagsUi: { ...flagsUi, [e.target.name]: e.target.checked } });
              }
            }}
            @submit=${submitter(ctx, 'card-flags', (v) => ({ type: 'setFlags', candidateId, flags: flagsFromValues(v, { always: true }) }),
              () => `Saved the flags of ${name}.`)}>
            ${formError(ctx, 'card-flags', ['/flags'])}
            ${flagFields(ctx, 'card-flags', '/flags', flags, flagsUi)}
            <button type="submit" part="button">Save flags</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-touchpoints">
        <h4 id="ru-card-touchpoints">Touchpoints</h4>
        ${c.touchpoints.length === 0
          ? html`<p class="empty">No touchpoints yet.</p>`
          : html`<ul class="items timeline">${[...c.touchpoints].reverse().map(
              (t) => html`<li><time>${formatDay(t.at, ctx.locale)}</time>${ctx.label('channels', t.channel)}, ${ctx.label('directions', t.direction).toLowerCase()}
                <span class="muted">by ${t.by}</span>${t.note ? html`<span class="quote">${t.note}</span>` : nothing}</li>`,
            )}</ul>`}
        <details>
          <summary>Log a touchpoint</summary>
          <form class="inline-form" data-source="card-touchpoint" aria-label="Log a touchpoint"
            @submit=${submitter(ctx, 'card-touchpoint', (v) => ({
              type: 'logTouchpoint',
              touchpoint: { candidateId, at: dayToInstant(v.at), channel: v.channel, direction: v.direction, note: v.note.trim() },
            }), () => `Logged a touchpoint with ${name}.`)}>
            ${formError(ctx, 'card-touchpoint', ['/touchpoint/at', '/touchpoint/channel', '/touchpoint/direction', '/touchpoint/note'])}
            ${field(ctx, 'card-touchpoint', { name: 'at', label: 'When', type: 'date', value: ctx.today, path: '/touchpoint/at' })}
            ${field(ctx, 'card-touchpoint', { name: 'channel', label: 'Touchpoint channel', type: 'select', value: 'email', options: codes(ctx.taxonomy.channels), path: '/touchpoint/channel' })}
            ${field(ctx, 'card-touchpoint', { name: 'direction', label: 'Direction', type: 'select', value: 'outbound', options: codes(ctx.taxonomy.directions), path: '/touchpoint/direction' })}
            ${field(ctx, 'card-touchpoint', { name: 'note', label: 'Touchpoint note', path: '/touchpoint/note', className: 'grow' })}
            <button type="submit" part="button">Log touchpoint</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-followups">
        <h4 id="ru-card-followups">Follow-ups</h4>
        ${openFollowUps.length === 0 ? html`<p class="empty">No open follow-up.</p>` : nothing}
        <ul class="items">
          ${openFollowUps.map(
            (f) => html`<li data-followup=${f.id}>
              Due <strong>${formatDay(f.snoozedUntil || f.due, ctx.locale)}</strong>${f.snoozedUntil ? ' (snoozed)' : ''}
              ${f.note ? html`· ${f.note}` : nothing} <span class="muted">· ${f.owner}${f.cadence ? ` · every ${f.cadence.every} ${f.cadence.unit}` : ''}</span>
              ${followUpActions(ctx, f, who, c.doNotContact, 'card-fu')}
            </li>`,
          )}
          ${closedFollowUps.map(
            (f) => html`<li class="muted">${formatDay(f.due, ctx.locale)}: ${f.status}${f.note ? ` · ${f.note}` : ''}</li>`,
          )}
        </ul>
        <details>
          <summary>Schedule a follow-up</summary>
          <form class="inline-form" data-source="card-schedule" aria-label="Schedule a follow-up"
            @submit=${submitter(ctx, 'card-schedule', (v) => ({ type: 'scheduleFollowUp', followUp: { candidateId, ...followUpFromValues(v) } }),
              (v) => `Scheduled a follow-up with ${name} for ${formatDay(v.followUpDue, ctx.locale)}.`)}>
            ${formError(ctx, 'card-schedule', ['/followUp/due', '/followUp/owner', '/followUp/note', '/followUp/cadence'])}
            ${field(ctx, 'card-schedule', { name: 'followUpDue', label: 'Due', type: 'date', value: ctx.addDays(ctx.today, 14), path: '/followUp/due' })}
            ${field(ctx, 'card-schedule', { name: 'followUpOwner', label: 'Owner', path: '/followUp/owner', hint: 'Empty: you' })}
            ${field(ctx, 'card-schedule', { name: 'followUpNote', label: 'Follow-up note', path: '/followUp/note', className: 'grow' })}
            ${field(ctx, 'card-schedule', { name: 'cadenceEvery', label: 'Repeat every', type: 'number', path: '/followUp/cadence/every', hint: 'Empty: once', attrs: { min: 1, step: 1 } })}
            ${field(ctx, 'card-schedule', { name: 'cadenceUnit', label: 'Repeat unit', type: 'select', value: 'months', options: codes(ctx.taxonomy.cadenceUnits), path: '/followUp/cadence/unit' })}
            <button type="submit" part="button">Schedule</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-privacy">
        <h4 id="ru-card-privacy">Consent, retention and rights</h4>
        <runnerup-privacy-panel .pool=${ctx.pool} candidate-id=${candidateId} today=${ctx.today}
          locale=${ctx.locale || ''}></runnerup-privacy-panel>
      </section>

      <section aria-labelledby="ru-card-timeline">
        <h4 id="ru-card-timeline">Timeline</h4>
        <ol class="items timeline" reversed>
          ${[...c.history].reverse().map(
            (e) => html`<li class=${e.undone ? 'undone' : ''}>
              <time datetime=${e.at}>${formatDay(e.at, ctx.locale)}</time>${describeEvent(e, names)}
              <span class="muted">· ${e.actor}</span>${e.undone ? html`<span class="visually-hidden"> (undone)</span>` : nothing}
            </li>`,
          )}
        </ol>
      </section>
    </div>
  </div>`;
}
