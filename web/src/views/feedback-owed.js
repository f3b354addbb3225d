// Feedback owed: people who asked for feedback and have not had it, oldest first, with their age
// in business days and an overdue badge past the threshold, which is a pool setting.
import { html, nothing } from 'lit';
import { dncBadge, field, formError, formValues, formatDay, nameButton } from './fields.js';

const SOURCE = 'owed-settings';

/** @param {import('./registry.js').ViewContext} ctx */
export function renderFeedbackOwed(ctx) {
  const owed = ctx.query({ type: 'feedbackOwed', today: ctx.today });
  if (!owed) return nothing;
  const save = (e) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const days = v.feedbackDueBusinessDays === '' ? NaN : Number(v.feedbackDueBusinessDays);
    ctx.run(
      { type: 'changeSettings', settings: { feedbackDueBusinessDays: Number.isFinite(days) ? days : v.feedbackDueBusinessDays } },
      { source: SOURCE, status: `Feedback is now overdue after ${v.feedbackDueBusinessDays} business days.` },
    );
  };
  return html`<div class="view">
    <h3>Feedback owed <span class="muted">(${ctx.number(owed.entries.length)}, ${ctx.number(owed.overdue)} overdue)</span></h3>
    <form class="inline-form" data-source=${SOURCE} aria-label="Feedback threshold" @submit=${save}>
      ${formError(ctx, SOURCE, ['/settings/feedbackDueBusinessDays'])}
      ${field(ctx, SOURCE, { name: 'feedbackDueBusinessDays', label: 'Overdue after (business days)', type: 'number',
        value: String(owed.dueAfterBusinessDays), path: '/settings/feedbackDueBusinessDays', attrs: { min: 1, step: 1 } })}
      <button type="submit" part="button">Save threshold</button>
    </form>
    ${owed.entries.length === 0
      ? html`<p class="empty">No feedback owed. Log a request for feedback on a candidate’s card.</p>`
      : html`<div class="scroll"><table part="table" aria-label="Feedback owed, oldest first">
          <thead><tr>
            <th scope="col">Name</th><th scope="col">Requisition</th><th scope="col">Asked on</th>
            <th scope="col">Waiting</th><th scope="col">Status</th>
          </tr></thead>
          <tbody>
            ${owed.entries.map(
              (e) => html`<tr data-candidate=${e.candidate.id}>
                <td class="name">${nameButton(ctx, e.candidate)} ${dncBadge(e.candidate.doNotContact)}</td>
                <td>${e.requisition?.title || ''}</td>
                <td>${formatDay(e.request.requestedAt, ctx.locale)}</td>
                <td>${ctx.number(e.businessDays)} business day${e.businessDays === 1 ? '' : 's'}</td>
                <td>${e.overdue ? html`<span class="badge overdue">Overdue</span>` : html`<span class="badge">Due</span>`}</td>
              </tr>`,
            )}
          </tbody>
        </table></div>`}
  </div>`;
}
