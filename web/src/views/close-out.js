// Close out: one requisition's finalists in one view, each with an outcome (hired, runner-up,
// not selected, not a fit), reason, stage, rank and whether feedback is owed, saved as one
// closeOutRequisition command (one action: one Undo takes all of it back). The core answers the
// form (the closeOut query: who is listed, what each starts from, what each choice needs) and
// decides everything on save; this file presents it and collects the choices.
import { css, html, nothing } from 'lit';
import { field, formError, formValues } from './fields.js';

const SOURCE = 'closeout';

export const closeOutStyles = css`
  fieldset.finalist {
    margin: 0 0 0.6rem;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.5rem 0.75rem;
    align-items: start;
  }
  fieldset.finalist legend {
    font-weight: 600;
  }
  fieldset.finalist .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
  }
  fieldset.finalist .field.wide {
    grid-column: 1 / -1;
  }
  fieldset.finalist.left-out {
    background: var(--_subtle);
  }
  .closeout-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
`;

/** The requisition shown: the recruiter's pick, else the element's `requisition`, else the first one. */
function scope(ctx) {
  return ctx.state('closeout').requisitionId || ctx.requisitionId || ctx.requisitions[0]?.id || '';
}

/**
 * The closeOutRequisition command for the form's values: the finalists with a choice, in the
 * order shown, their fields named `<field>.<row>`.
 */
export function closeOutCommand(requisitionId, rows, choices, v) {
  const finalists = [];
  rows.forEach((row, n) => {
    const choice = choices[n];
    if (!choice) return;
    const f = { candidateId: row.candidate.id, outcome: choice, stage: v[`stage.${n}`] };
    if (choice !== 'hired') {
      f.reason = { code: v[`reason.${n}`] || '', note: (v[`reasonNote.${n}`] || '').trim() };
      if (v[`feedbackOwed.${n}`]) f.feedbackOwed = true;
    }
    if (choice === 'runner_up' && v[`rank.${n}`]) f.rank = Number(v[`rank.${n}`]);
    finalists.push(f);
  });
  return { type: 'closeOutRequisition', requisitionId, finalists };
}

/** @param {import('./registry.js').ViewContext} ctx */
export function renderCloseOut(ctx) {
  const { t, h } = ctx;
  const requisitionId = scope(ctx);
  const st = ctx.state('closeout');
  const picker = html`<label for="ru-co-req">${t('closeOut.requisition')}
      <select id="ru-co-req" @change=${(e) => ctx.setState('closeout', { requisitionId: e.target.value, choices: null })}>
        ${ctx.requisitions.map((r) => html`<option value=${r.id} ?selected=${r.id === requisitionId}>${r.title}</option>`)}
      </select></label>`;
  if (!requisitionId) return html`<div class="view"><p class="empty">${t('closeOut.noRequisitions')}</p></div>`;
  const form = ctx.query({ type: 'closeOut', requisitionId, candidateIds: ctx.candidates.map((c) => c.id), today: ctx.today });
  if (!form) return html`<div class="view">${picker}</div>`;
  const rows = form.finalists;
  // the recruiter's choices, by candidate; a row not chosen yet starts from what the core answered
  const chosen = (st.requisitionId === requisitionId || !st.requisitionId) && st.choices ? st.choices : {};
  const choices = rows.map((r) => (r.candidate.id in chosen ? chosen[r.candidate.id] : r.choice || ''));
  const choiceInfo = new Map(form.choices.map((c) => [c.code, c]));
  const choiceLabel = (code) => t(`closeOut.choice.${code}`);
  const stages = (ctx.taxonomy.stages || []).filter((s) => s.code !== 'unknown');
  const reasons = [{ value: '', label: t('form.chooseReason') }, ...(ctx.taxonomy.reasons || []).map((r) => ({ value: r.code, label: ctx.label('reasons', r.code, r.label) }))];
  let runnerUps = 0;
  let index = -1; // the finalist's place in the command, for the core's error paths
  // the fields that show the core's error beside them; any other error shows above the form
  const fieldPaths = [];
  choices.filter(Boolean).forEach((choice, k) => {
    const info = choiceInfo.get(choice) || {};
    fieldPaths.push(`/finalists/${k}/stage`);
    if (info.ranked) fieldPaths.push(`/finalists/${k}/rank`);
    if (info.reasonRequired) fieldPaths.push(`/finalists/${k}/reason/code`, `/finalists/${k}/reason/note`);
    if (info.feedbackOwed) fieldPaths.push(`/finalists/${k}/feedbackOwed`);
  });
  const choose = (row, value) =>
    ctx.setState('closeout', { requisitionId, choices: { ...chosen, [row.candidate.id]: value } });

  const submit = async (e) => {
    e.preventDefault();
    const command = closeOutCommand(requisitionId, rows, choices, formValues(e.currentTarget));
    if (!command.finalists.length) return;
    const ok = await ctx.run(command, {
      source: SOURCE,
      status: t('closeOut.status.saved', { title: form.requisition.title, count: command.finalists.length }),
      focus: '#ru-co-save',
    });
    if (ok) ctx.setState('closeout', { requisitionId, choices: null });
  };

  return html`
    <div class="view">
      <div class="view-toolbar">
        ${picker}
        <span class="badge" id="ru-co-status">${t(`closeOut.requisitionStatus.${form.requisition.status}`)}</span>
      </div>
      <h3 id="ru-co-title">${h('closeOut.title', { title: form.requisition.title })}</h3>
      <p class="muted" id="ru-co-help">${t('closeOut.help')}</p>
      ${rows.length === 0
        ? html`<p class="empty">${t('closeOut.empty')}</p>`
        : html`<form data-source=${SOURCE} aria-labelledby="ru-co-title" aria-describedby="ru-co-help" @submit=${submit}>
            ${formError(ctx, SOURCE, fieldPaths)}
            ${rows.map((row, n) => {
              const choice = choices[n];
              const info = choiceInfo.get(choice);
              if (choice) index++;
              const at = `/finalists/${index}`;
              const name = row.candidate.name;
              const keep = row.recorded && !row.choice ? t('closeOut.keep', { outcome: ctx.label('outcomes', row.recorded) }) : t('closeOut.leaveOut');
              const options = [{ value: '', label: keep }, ...form.choices.map((c) => ({ value: c.code, label: choiceLabel(c.code) }))];
              // runner-ups are offered 1..n in the order shown (the core lists them by rank)
              const rank = choice === 'runner_up' ? ++runnerUps : 0;
              return html`<fieldset class="finalist ${choice ? '' : 'left-out'}" data-finalist=${row.candidate.id}>
                <legend><bdi>${name}</bdi></legend>
                <div class="field">
                  <label for="closeout-choice-${n}">${t('closeOut.outcome')}</label>
                  <select id="closeout-choice-${n}" name="choice.${n}" data-path=${choice ? `${at}/outcome` : nothing}
                    @change=${(e) => choose(row, e.target.value)}>
                    ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === choice}>${o.label}</option>`)}
                  </select>
                </div>
                ${choice
                  ? html`${field(ctx, SOURCE, { name: `stage.${n}`, idSuffix: `stage-${n}`, label: t('form.stage'), type: 'select', path: `${at}/stage`, value: row.stage,
                      options: stages.map((s) => ({ value: s.code, label: ctx.label('stages', s.code, s.label) })) })}
                    ${info?.ranked
                      ? field(ctx, SOURCE, { name: `rank.${n}`, idSuffix: `rank-${n}`, label: t('form.rank'), type: 'number', path: `${at}/rank`, value: String(rank),
                          attrs: { min: 1, step: 1 }, required: true })
                      : nothing}
                    ${info?.reasonRequired
                      ? html`${field(ctx, SOURCE, { name: `reason.${n}`, idSuffix: `reason-${n}`, label: t('form.reason'), type: 'select', path: `${at}/reason/code`,
                          value: row.reason?.code || '', options: reasons, required: true })}
                        ${field(ctx, SOURCE, { name: `reasonNote.${n}`, idSuffix: `note-${n}`, label: t('closeOut.reasonNote'), path: `${at}/reason/note`, value: row.reason?.note || '' })}`
                      : nothing}
                    ${info?.feedbackOwed
                      ? field(ctx, SOURCE, { name: `feedbackOwed.${n}`, idSuffix: `owed-${n}`, label: t('closeOut.feedbackOwed'), type: 'checkbox', path: `${at}/feedbackOwed`,
                          value: row.feedbackOwed, attrs: { disabled: row.feedbackOwed },
                          hint: row.owedSince ? t('closeOut.owedSince', { date: ctx.day(row.owedSince) }) : '' })
                      : nothing}`
                  : nothing}
              </fieldset>`;
            })}
            <div class="closeout-actions">
              <button type="submit" class="primary" part="button" id="ru-co-save" ?disabled=${!choices.some(Boolean)}>${t('closeOut.save')}</button>
            </div>
          </form>`}
    </div>
  `;
}
