// The candidate card: everything about one person — outcomes with reasons, feedback asked for and
// given, flags, touchpoints, follow-ups, and the timeline of events (undone ones struck through).
// Opens from any name; "Back" returns to the view it came from.
import './privacy-panel.js';
import { css, html, nothing } from 'lit';
import { followUpActions } from './follow-ups.js';
import { dayToInstant, describeEvent, dncBadge, field, flagBadges, formError, formValues } from './fields.js';
import { FLAG_TOGGLES, flagFields, flagsFromValues, flagsUi, followUpFromValues } from './outcome-form.js';

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
    grid-template-columns: repeat(auto-fit, minmax(min(22rem, 100%), 1fr));
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
  const { t, h } = ctx;
  const c = ctx.query({ type: 'candidate', id: candidateId, today: ctx.today });
  if (!c) return html`<div class="view"><button type="button" part="button" @click=${onBack}>${t('card.back')}</button></div>`;
  const who = c.candidate;
  const name = who.name;
  const flags = c.flags || {};
  const st = ctx.state('card');
  const editorUi = st.flagsFor === candidateId ? st.flagsUi : flagsUi(flags);
  const reqOptions = [
    { value: '', label: t('card.noRequisition') },
    ...c.outcomes.map((o) => ({ value: o.requisitionId, label: o.requisition?.title || o.requisitionId })),
  ];
  const defaultReq = c.outcomes[0]?.requisitionId || '';
  const codes = (list, kind) => (list || []).map((x) => ({ value: x.code, label: ctx.label(kind, x.code, x.label) }));
  const names = { candidateName: ctx.candidateName, requisitionTitle: ctx.requisitionTitle, label: ctx.label, i: ctx.i, day: ctx.day, rich: true };
  const openFollowUps = c.followUps.filter((f) => f.status === 'open' || f.status === 'snoozed');
  const closedFollowUps = c.followUps.filter((f) => !(f.status === 'open' || f.status === 'snoozed'));
  const feedbackItems = [
    ...c.feedbackRequests.map((r) => ({ at: r.requestedAt, kind: 'request', r })),
    ...c.feedback.map((f) => ({ at: f.givenAt, kind: 'given', f })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const cadence = (f) => (f.cadence ? ` · ${t(`cadence.every.${f.cadence.unit}`, { count: f.cadence.every })}` : '');

  return html`<div class="view card" data-card-of=${candidateId}>
    <div class="card-head">
      <button type="button" part="button" id="ru-card-back" @click=${onBack}>${t('card.back')}</button>
      <h3 id="ru-card-title" tabindex="-1" dir="auto">${name}</h3>
      ${dncBadge(c.doNotContact, flags.doNotContactReason, ctx.i)}
      ${c.doNotContact && flags.doNotContactReason ? html`<span class="muted">(<bdi>${flags.doNotContactReason}</bdi>)</span>` : nothing}
      <span class="muted" dir="auto">${who.title}</span>
      <span class="muted">${c.lastContact ? t('card.lastContact', { date: ctx.day(c.lastContact) }) : t('card.lastContactNever')}</span>
      <button type="button" part="button" @click=${() => ctx.openOutcome({ candidateId })}>${h('card.recordFor', { name })}</button>
    </div>
    <div>${flagBadges(flags, ctx)}</div>
    ${formError(ctx, 'card')}

    <div class="card-grid">
      <section aria-labelledby="ru-card-outcomes">
        <h4 id="ru-card-outcomes">${t('card.outcomes')}</h4>
        ${c.outcomes.length === 0
          ? html`<p class="empty">${t('card.noOutcome')}</p>`
          : html`<ul class="items">${c.outcomes.map(
              (o) => html`<li>
                <strong dir="auto">${o.requisition?.title || o.requisitionId}</strong>: ${h(o.outcome === 'runner_up' && o.rank ? 'card.outcomeRank' : 'card.outcome', {
                  outcome: ctx.label('outcomes', o.outcome),
                  rank: o.rank,
                  stage: ctx.label('stages', o.stage),
                })}
                <span class="quote">${t('card.reason', { reason: ctx.label('reasons', o.reason?.code, o.reasonLabel) })}${o.reason?.note ? html` — <bdi>${o.reason.note}</bdi>` : ''}
                  <span class="muted">(${ctx.label('initiators', o.initiator)}; ${ctx.label('futureFits', o.futureFit)})</span></span>
                ${o.scores?.length
                  ? html`<span class="quote">${t('card.scores')} ${o.scores.map((s, n) => html`${n ? '; ' : ''}<bdi>${ctx.personName(s.by)}</bdi>: ${ctx.label('scores', s.score)}`)}</span>`
                  : nothing}
                ${o.skillGaps?.length ? html`<span class="quote">${h('card.skillGaps', { gaps: o.skillGaps.join(', ') })}</span>` : nothing}
                ${o.note ? html`<span class="quote muted" dir="auto">${o.note}</span>` : nothing}
                <span class="quote muted">${h('card.decided', { date: ctx.day(o.decidedAt), by: ctx.personName(o.decidedBy, 'by') })}</span>
              </li>`,
            )}</ul>`}
      </section>

      <section aria-labelledby="ru-card-feedback">
        <h4 id="ru-card-feedback">${t('card.feedback')}</h4>
        ${feedbackItems.length === 0
          ? html`<p class="empty">${t('card.noFeedback')}</p>`
          : html`<ul class="items timeline">${feedbackItems.map((x) =>
              x.kind === 'request'
                ? html`<li><time datetime=${x.at}>${ctx.day(x.at)}</time>${x.r.requisitionId
                    ? h('card.askedForFeedbackOn', { title: ctx.requisitionTitle(x.r.requisitionId) })
                    : t('card.askedForFeedback')}</li>`
                : html`<li><time datetime=${x.at}>${ctx.day(x.at)}</time>${h('card.feedbackGivenBy', { by: ctx.personName(x.f.by, 'by'), channel: ctx.label('channels', x.f.channel) })}
                    ${x.f.strengths ? html`<span class="quote">${h('card.strengths', { text: x.f.strengths })}</span>` : nothing}
                    ${x.f.improvements ? html`<span class="quote">${h('card.improvements', { text: x.f.improvements })}</span>` : nothing}
                    ${x.f.summary ? html`<span class="quote">${h('card.summary', { text: x.f.summary })}</span>` : nothing}</li>`,
            )}</ul>`}
        <p><button type="button" part="button" id="ru-card-draft"
          @click=${(e) => ctx.openDraft(candidateId, c.outcomes.find((o) => o.outcome !== 'hired')?.requisitionId || '', e.currentTarget)}>${t('draft.open')}</button></p>
        <details>
          <summary>${t('card.logRequest')}</summary>
          <form class="inline-form" data-source="card-request" aria-label=${t('card.logRequest')}
            @submit=${submitter(ctx, 'card-request', (v) => ({
              type: 'requestFeedback',
              request: { candidateId, requisitionId: v.requisitionId || undefined, requestedAt: dayToInstant(v.requestedAt, ctx.today) || undefined },
            }), () => t('card.status.requestLogged', { name }))}>
            ${formError(ctx, 'card-request', ['/request/requestedAt', '/request/requisitionId'])}
            ${field(ctx, 'card-request', { name: 'requestedAt', label: t('card.askedOn'), type: 'date', value: ctx.today, path: '/request/requestedAt' })}
            ${field(ctx, 'card-request', { name: 'requisitionId', label: t('card.forRequisition'), type: 'select', value: defaultReq, options: reqOptions, path: '/request/requisitionId' })}
            <button type="submit" part="button">${t('card.logRequestButton')}</button>
          </form>
        </details>
        <details>
          <summary>${t('card.logFeedback')}</summary>
          <form class="inline-form" data-source="card-feedback" aria-label=${t('card.logFeedback')}
            @submit=${submitter(ctx, 'card-feedback', (v) => ({
              type: 'giveFeedback',
              feedback: {
                candidateId,
                requisitionId: v.requisitionId || undefined,
                givenAt: dayToInstant(v.givenAt, ctx.today),
                by: v.by.trim() || undefined,
                channel: v.channel,
                strengths: v.strengths.trim(),
                improvements: v.improvements.trim(),
                summary: v.summary.trim(),
              },
            }), () => t('card.status.feedbackLogged', { name }))}>
            ${formError(ctx, 'card-feedback', ['/feedback/givenAt', '/feedback/by', '/feedback/channel', '/feedback/strengths', '/feedback/improvements', '/feedback/summary', '/feedback/requisitionId'])}
            ${field(ctx, 'card-feedback', { name: 'givenAt', label: t('card.givenOn'), type: 'date', value: ctx.today, path: '/feedback/givenAt' })}
            ${field(ctx, 'card-feedback', { name: 'by', label: t('card.givenBy'), path: '/feedback/by', hint: t('form.emptyYou') })}
            ${field(ctx, 'card-feedback', { name: 'channel', label: t('card.channel'), type: 'select', value: 'email', options: codes(ctx.taxonomy.channels, 'channels'), path: '/feedback/channel' })}
            ${field(ctx, 'card-feedback', { name: 'requisitionId', label: t('card.aboutRequisition'), type: 'select', value: defaultReq, options: reqOptions, path: '/feedback/requisitionId' })}
            ${field(ctx, 'card-feedback', { name: 'strengths', label: t('card.strengthsLabel'), type: 'textarea', path: '/feedback/strengths', className: 'grow' })}
            ${field(ctx, 'card-feedback', { name: 'improvements', label: t('card.improvementsLabel'), type: 'textarea', path: '/feedback/improvements', className: 'grow' })}
            ${field(ctx, 'card-feedback', { name: 'summary', label: t('card.summaryLabel'), type: 'textarea', path: '/feedback/summary', className: 'grow' })}
            <button type="submit" part="button">${t('card.logFeedbackButton')}</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-flags">
        <h4 id="ru-card-flags">${t('card.flags')}</h4>
        ${flagBadges(flags, ctx)}
        ${!flags.openToContract && !flags.openToPartTime && !flags.doNotContact && !flags.futureRoleNames?.length ? html`<p class="empty">${t('card.noFlags')}</p>` : nothing}
        <details>
          <summary>${t('card.editFlags')}</summary>
          <form class="inline-form" data-source="card-flags" aria-label=${t('card.editFlags')}
            @change=${(e) => {
              if (FLAG_TOGGLES.includes(e.target.name)) {
                ctx.setState('card', { flagsFor: candidateId, flagsUi: { ...editorUi, [e.target.name]: e.target.checked } });
              }
            }}
            @submit=${submitter(ctx, 'card-flags', (v) => ({ type: 'setFlags', candidateId, flags: flagsFromValues(v, { always: true }) }),
              () => t('card.status.flagsSaved', { name }))}>
            ${formError(ctx, 'card-flags', ['/flags'])}
            ${flagFields(ctx, 'card-flags', '/flags', c.flagsSet ? flags : null, editorUi)}
            <button type="submit" part="button">${t('card.saveFlags')}</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-touchpoints">
        <h4 id="ru-card-touchpoints">${t('card.touchpoints')}</h4>
        ${c.touchpoints.length === 0
          ? html`<p class="empty">${t('card.noTouchpoints')}</p>`
          : html`<ul class="items timeline">${[...c.touchpoints].reverse().map(
              (tp) => html`<li><time datetime=${tp.at}>${ctx.day(tp.at)}</time>${t('card.touchpoint', {
                  channel: ctx.label('channels', tp.channel),
                  direction: ctx.label('directions', tp.direction),
                })}
                <span class="muted">${h('card.by', { by: ctx.personName(tp.by, 'by') })}</span>${tp.note ? html`<span class="quote" dir="auto">${tp.note}</span>` : nothing}</li>`,
            )}</ul>`}
        <details>
          <summary>${t('card.logTouchpoint')}</summary>
          <form class="inline-form" data-source="card-touchpoint" aria-label=${t('card.logTouchpoint')}
            @submit=${submitter(ctx, 'card-touchpoint', (v) => ({
              type: 'logTouchpoint',
              touchpoint: { candidateId, at: dayToInstant(v.at, ctx.today), channel: v.channel, direction: v.direction, note: v.note.trim() },
            }), () => t('card.status.touchpointLogged', { name }))}>
            ${formError(ctx, 'card-touchpoint', ['/touchpoint/at', '/touchpoint/channel', '/touchpoint/direction', '/touchpoint/note'])}
            ${field(ctx, 'card-touchpoint', { name: 'at', label: t('card.when'), type: 'date', value: ctx.today, path: '/touchpoint/at' })}
            ${field(ctx, 'card-touchpoint', { name: 'channel', label: t('card.touchpointChannel'), type: 'select', value: 'email', options: codes(ctx.taxonomy.channels, 'channels'), path: '/touchpoint/channel' })}
            ${field(ctx, 'card-touchpoint', { name: 'direction', label: t('card.direction'), type: 'select', value: 'outbound', options: codes(ctx.taxonomy.directions, 'directions'), path: '/touchpoint/direction' })}
            ${field(ctx, 'card-touchpoint', { name: 'note', label: t('card.touchpointNote'), path: '/touchpoint/note', className: 'grow' })}
            <button type="submit" part="button">${t('card.logTouchpointButton')}</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-followups">
        <h4 id="ru-card-followups">${t('card.followUps')}</h4>
        ${openFollowUps.length === 0 ? html`<p class="empty">${t('card.noOpenFollowUp')}</p>` : nothing}
        <ul class="items">
          ${openFollowUps.map(
            (f) => html`<li data-followup=${f.id}>
              ${t('card.due')} <strong>${ctx.day(f.snoozedUntil || f.due)}</strong>${f.snoozedUntil ? ` ${t('card.snoozed')}` : ''}
              <span class="muted">(${ctx.i.fromToday(f.snoozedUntil || f.due, ctx.today)})</span>
              ${f.note ? html`· <bdi>${f.note}</bdi>` : nothing} <span class="muted">· <bdi>${ctx.personName(f.owner)}</bdi>${cadence(f)}</span>
              ${followUpActions(ctx, f, who, c.outreachBlocked, 'card-fu', f.snoozeDefault)}
            </li>`,
          )}
          ${closedFollowUps.map(
            (f) => html`<li class="muted">${ctx.day(f.due)}: ${t(`followUpStatus.${f.status}`)}${f.note ? html` · <bdi>${f.note}</bdi>` : ''}</li>`,
          )}
        </ul>
        <details>
          <summary>${t('form.scheduleFollowUp')}</summary>
          <form class="inline-form" data-source="card-schedule" aria-label=${t('form.scheduleFollowUp')}
            @submit=${submitter(ctx, 'card-schedule', (v) => ({ type: 'scheduleFollowUp', followUp: { candidateId, ...followUpFromValues(v) } }),
              (v) => t('card.status.followUpScheduled', { name, date: ctx.day(v.followUpDue) }))}>
            ${formError(ctx, 'card-schedule', ['/followUp/due', '/followUp/owner', '/followUp/note', '/followUp/cadence'])}
            ${field(ctx, 'card-schedule', { name: 'followUpDue', label: t('card.dueLabel'), type: 'date', value: ctx.addDays(ctx.today, 14), path: '/followUp/due' })}
            ${field(ctx, 'card-schedule', { name: 'followUpOwner', label: t('card.owner'), path: '/followUp/owner', hint: t('form.emptyYou') })}
            ${field(ctx, 'card-schedule', { name: 'followUpNote', label: t('form.followUpNote'), path: '/followUp/note', className: 'grow' })}
            ${field(ctx, 'card-schedule', { name: 'cadenceEvery', label: t('form.repeatEvery'), type: 'number', path: '/followUp/cadence/every', hint: t('form.emptyOnce'), attrs: { min: 1, step: 1 } })}
            ${field(ctx, 'card-schedule', { name: 'cadenceUnit', label: t('form.repeatUnit'), type: 'select', value: 'months', options: codes(ctx.taxonomy.cadenceUnits, 'cadenceUnits'), path: '/followUp/cadence/unit' })}
            <button type="submit" part="button">${t('card.schedule')}</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="ru-card-privacy">
        <h4 id="ru-card-privacy">${t('card.privacy')}</h4>
        <runnerup-privacy-panel .pool=${ctx.pool} candidate-id=${candidateId} today=${ctx.today}
          locale=${ctx.locale || ''} .who=${ctx.personName}></runnerup-privacy-panel>
      </section>

      <section aria-labelledby="ru-card-timeline">
        <h4 id="ru-card-timeline">${t('card.timeline')}</h4>
        <ol class="items timeline" reversed>
          ${[...c.history].reverse().map(
            (e) => html`<li class=${e.undone ? 'undone' : ''}>
              <time datetime=${e.at}>${ctx.day(e.at)}</time>${describeEvent(e, names)}
              <span class="muted">· <bdi>${ctx.actorName(e.actor)}</bdi></span>${e.undone ? html`<span class="visually-hidden"> ${t('card.undone')}</span>` : nothing}
            </li>`,
          )}
        </ol>
      </section>
    </div>
  </div>`;
}
