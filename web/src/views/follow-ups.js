// Follow-ups due: overdue, today, upcoming; each with done, snooze until a date, and dismiss.
// A follow-up with a do-not-contact person is blocked: it says so and only allows dismiss.
import { html, nothing } from 'lit';
import { controlIdFor, dncBadge, formatDay, nameButton, pathMatches } from './fields.js';

const SOURCE = 'fu';

/**
 * The actions on one open follow-up, shared with the candidate card.
 * @param {object} ctx
 * @param {{id: string, candidateId: string}} followUp
 * @param {{name: string}} candidate
 * @param {boolean} blocked do-not-contact: only dismiss
 * @param {string} source the error scope
 */
export function followUpActions(ctx, followUp, candidate, blocked, source) {
  const id = controlIdFor(source, `snooze-${followUp.id}`);
  const who = candidate?.name || '';
  const errorHere = ctx.error?.source === source && ctx.error.followUpId === followUp.id;
  const run = (command, status) =>
    ctx.run(command, { source, status, followUpId: followUp.id, focus: `#${controlIdFor(source, 'heading')}` });
  const snooze = (e) => {
    e.preventDefault();
    const until = e.currentTarget.elements.until.value;
    run({ type: 'snoozeFollowUp', followUpId: followUp.id, until }, `Snoozed the follow-up with ${who} until ${formatDay(until, ctx.locale)}.`);
  };
  return html`<div class="row-actions">
    ${blocked
      ? html`<span class="badge dnc">Blocked: do not contact</span>`
      : html`<button type="button" part="button" aria-label="Done: follow-up with ${who}"
            @click=${() => run({ type: 'completeFollowUp', followUpId: followUp.id }, `Marked the follow-up with ${who} done.`)}>Done</button>
          <form class="row-actions" data-source=${source} @submit=${snooze}>
            <label class="visually-hidden" for=${id}>Snooze the follow-up with ${who} until</label>
            <input type="date" id=${id} name="until" data-path="/until" required .defaultValue=${ctx.addDays(ctx.today, 7)}
              aria-invalid=${errorHere && pathMatches(ctx.error, source, '/until') ? 'true' : 'false'} />
            <button type="submit" part="button" aria-label="Snooze: follow-up with ${who}">Snooze</button>
          </form>`}
    <button type="button" part="button" aria-label="Dismiss: follow-up with ${who}"
      @click=${() => run({ type: 'dismissFollowUp', followUpId: followUp.id }, `Dismissed the follow-up with ${who}.`)}>Dismiss</button>
    ${errorHere ? html`<p class="field-error">${ctx.error.message}</p>` : nothing}
  </div>`;
}

function group(ctx, title, items, key) {
  return html`<section aria-labelledby="ru-fu-${key}">
    <h4 id="ru-fu-${key}">${title} <span class="muted">(${ctx.number(items.length)})</span></h4>
    ${items.length === 0
      ? html`<p class="empty">None.</p>`
      : html`<ul class="items">
          ${items.map(
            (item) => html`<li data-followup=${item.followUp.id}>
              <div>
                <strong>${formatDay(item.due, ctx.locale)}</strong>
                ${item.followUp.status === 'snoozed' ? html`<span class="badge">Snoozed</span>` : nothing}
                ${key === 'overdue' ? html`<span class="badge overdue">Overdue</span>` : nothing}
                · ${nameButton(ctx, item.candidate)} ${dncBadge(item.candidate.doNotContact)}
                ${item.followUp.note ? html`· ${item.followUp.note}` : nothing}
                <span class="muted">· ${item.followUp.owner}${item.followUp.cadence
                  ? ` · every ${item.followUp.cadence.every} ${item.followUp.cadence.unit}`
                  : ''}</span>
              </div>
              ${followUpActions(ctx, item.followUp, item.candidate, item.blocked, SOURCE)}
            </li>`,
          )}
        </ul>`}
  </section>`;
}

/** @param {import('./registry.js').ViewContext} ctx */
export function renderFollowUps(ctx) {
  const due = ctx.query({ type: 'followUps', today: ctx.today });
  if (!due) return nothing;
  return html`<div class="view">
    <h3 id=${controlIdFor(SOURCE, 'heading')} tabindex="-1">Follow-ups due</h3>
    ${group(ctx, 'Overdue', due.overdue, 'overdue')}
    ${group(ctx, 'Today', due.today, 'today')}
    ${group(ctx, 'Upcoming', due.upcoming, 'upcoming')}
  </div>`;
}
