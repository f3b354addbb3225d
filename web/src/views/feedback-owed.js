// Feedback owed: people who asked for feedback and have not had it, oldest first, with their age
// in business days and an overdue badge past the threshold, which is a pool setting.
import { html, nothing } from 'lit';
import { dncBadge, field, formError, formValues, nameButton } from './fields.js';

const SOURCE = 'owed-settings';

/** @param {import('./registry.js').ViewContext} ctx */
export function renderFeedbackOwed(ctx) {
  const { t } = ctx;
  const owed = ctx.query({ type: 'feedbackOwed', today: ctx.today });
  if (!owed) return nothing;
  const save = (e) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const days = v.feedbackDueBusinessDays === '' ? NaN : Number(v.feedbackDueBusinessDays);
    ctx.run(
      { type: 'changeSettings', settings: { feedbackDueBusinessDays: Number.isFinite(days) ? days : v.feedbackDueBusinessDays } },
      { source: SOURCE, status: t('owed.status.saved', { count: Number.isFinite(days) ? days : v.feedbackDueBusinessDays }) },
    );
  };
  return html`<div class="view">
    <h3>${t('owed.title')} <span class="muted">(${t('owed.counts', { count: owed.entries.length, overdue: owed.overdue })})</span></h3>
    <form class="inline-form" data-source=${SOURCE} aria-label=${t('owed.thresholdForm')} @submit=${save}>
      ${formError(ctx, SOURCE, ['/settings/feedbackDueBusinessDays'])}
      ${field(ctx, SOURCE, { name: 'feedbackDueBusinessDays', label: t('owed.threshold'), type: 'number',
        value: String(owed.dueAfterBusinessDays), path: '/settings/feedbackDueBusinessDays', attrs: { min: 1, step: 1 } })}
      <button type="submit" part="button">${t('owed.saveThreshold')}</button>
    </form>
    ${owed.entries.length === 0
      ? html`<p class="empty">${t('owed.empty')}</p>`
      : html`<div class="scroll"><table part="table" class="owed" aria-label=${t('owed.table')}>
          <thead><tr>
            <th scope="col">${t('pool.col.name')}</th><th scope="col">${t('pool.col.requisition')}</th><th scope="col">${t('card.askedOn')}</th>
            <th scope="col">${t('owed.col.waiting')}</th><th scope="col">${t('owed.col.status')}</th><th scope="col">${t('draft.col')}</th>
          </tr></thead>
          <tbody>
            ${owed.entries.map(
              (e) => html`<tr data-candidate=${e.candidate.id}>
                <td class="name">${nameButton(ctx, e.candidate)} ${dncBadge(e.candidate.doNotContact, '', ctx.i)}</td>
                <td dir="auto" data-label=${t('pool.col.requisition')}>${e.requisition?.title || ''}</td>
                <td data-label=${t('card.askedOn')}>${ctx.day(e.request.requestedAt)}</td>
                <td data-label=${t('owed.col.waiting')}>${t('owed.businessDays', { count: e.businessDays })}</td>
                <td data-label=${t('owed.col.status')}>${e.overdue ? html`<span class="badge overdue">${t('owed.overdueBadge')}</span>` : html`<span class="badge">${t('owed.dueBadge')}</span>`}</td>
                <td data-label=${t('draft.col')}><button type="button" part="button" data-draft=${e.request.id}
                  @click=${(ev) => ctx.openDraft(e.candidate.id, e.request.requisitionId || '', ev.currentTarget)}>${t('draft.open')}</button></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`}
  </div>`;
}
