// Follow-ups due: overdue, today, upcoming; each with done, snooze until a date, and dismiss.
// A follow-up with a person outreach is blocked for (the core's answer: do not contact, consent
// withdrawn, retention ended) says why and only allows dismiss.
import { html, nothing } from 'lit';
import { controlIdFor, dncBadge, errorText, nameButton, pathMatches } from './fields.js';

const SOURCE = 'fu';

/**
 * The actions on one open follow-up, shared with the candidate card.
 * @param {object} ctx
 * @param {{id: string, candidateId: string}} followUp
 * @param {{name: string}} candidate
 * @param {string} blocked why outreach is blocked (the core's `why` / `outreachBlocked`), '' when it is not: only dismiss
 * @param {string} source the error scope
 * @param {string} snoozeDefault the date the snooze field offers (the core's `snoozeDefault`)
 */
export function followUpActions(ctx, followUp, candidate, blocked, source, snoozeDefault) {
  const { t } = ctx;
  const id = controlIdFor(source, `snooze-${followUp.id}`);
  const who = candidate?.name || '';
  const errorHere = ctx.error?.source === source && ctx.error.followUpId === followUp.id;
  const run = (command, status) =>
    ctx.run(command, { source, status, followUpId: followUp.id, focus: `#${controlIdFor(source, 'heading')}` });
  const snooze = (e) => {
    e.preventDefault();
    const until = e.currentTarget.elements.until.value;
    run({ type: 'snoozeFollowUp', followUpId: followUp.id, until }, t('followUps.status.snoozed', { name: who, date: ctx.day(until) }));
  };
  return html`<div class="row-actions">
    ${blocked
      ? html`<span class="badge dnc" title=${blocked}>${t('followUps.blocked')}</span>`
      : html`<button type="button" part="button" aria-label=${t('followUps.doneLabel', { name: who })}
            @click=${() => run({ type: 'completeFollowUp', followUpId: followUp.id }, t('followUps.status.done', { name: who }))}>${t('followUps.done')}</button>
          <form class="row-actions" data-source=${source} @submit=${snooze}>
            <label class="visually-hidden" for=${id}>${t('followUps.snoozeUntilLabel', { name: who })}</label>
            <input type="date" id=${id} name="until" data-path="/until" required .defaultValue=${snoozeDefault}
              aria-invalid=${errorHere && pathMatches(ctx.error, source, '/until') ? 'true' : 'false'} />
            <button type="submit" part="button" aria-label=${t('followUps.snoozeLabel', { name: who })}>${t('followUps.snooze')}</button>
          </form>`}
    <button type="button" part="button" aria-label=${t('followUps.dismissLabel', { name: who })}
      @click=${() => run({ type: 'dismissFollowUp', followUpId: followUp.id }, t('followUps.status.dismissed', { name: who }))}>${t('followUps.dismiss')}</button>
    ${errorHere ? html`<p class="field-error">${errorText(ctx.i, ctx.error)}</p>` : nothing}
  </div>`;
}

function group(ctx, title, items, key) {
  const { t } = ctx;
  return html`<section aria-labelledby="ru-fu-${key}">
    <h4 id="ru-fu-${key}">${title} <span class="muted">(${ctx.number(items.length)})</span></h4>
    ${items.length === 0
      ? html`<p class="empty">${t('followUps.none')}</p>`
      : html`<ul class="items">
          ${items.map(
            (item) => html`<li data-followup=${item.followUp.id}>
              <div>
                <strong>${ctx.day(item.due)}</strong>
                <span class="muted">(${ctx.i.fromToday(item.due, ctx.today)})</span>
                ${item.followUp.status === 'snoozed' ? html`<span class="badge">${t('followUps.snoozedBadge')}</span>` : nothing}
                ${key === 'overdue' ? html`<span class="badge overdue">${t('followUps.overdueBadge')}</span>` : nothing}
                · ${nameButton(ctx, item.candidate)} ${dncBadge(item.candidate.doNotContact, '', ctx.i)}
                ${item.followUp.note ? html`· <bdi>${item.followUp.note}</bdi>` : nothing}
                <span class="muted">· <bdi>${ctx.personName(item.followUp.owner)}</bdi>${item.followUp.cadence
                  ? ` · ${t(`cadence.every.${item.followUp.cadence.unit}`, { count: item.followUp.cadence.every })}`
                  : ''}</span>
              </div>
              ${followUpActions(ctx, item.followUp, item.candidate, item.blocked ? item.why : '', SOURCE, item.snoozeDefault)}
            </li>`,
          )}
        </ul>`}
  </section>`;
}

/** @param {import('./registry.js').ViewContext} ctx */
export function renderFollowUps(ctx) {
  const { t } = ctx;
  const due = ctx.query({ type: 'followUps', today: ctx.today });
  if (!due) return nothing;
  return html`<div class="view">
    <h3 id=${controlIdFor(SOURCE, 'heading')} tabindex="-1">${t('followUps.title')}</h3>
    ${group(ctx, t('followUps.overdue'), due.overdue, 'overdue')}
    ${group(ctx, t('followUps.today'), due.today, 'today')}
    ${group(ctx, t('followUps.upcoming'), due.upcoming, 'upcoming')}
  </div>`;
}
