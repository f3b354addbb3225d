// The record-outcome dialog: a finalist who was not hired goes into the pool in one step, with
// flags and a first follow-up: one recordOutcome command. The form is uncontrolled (the browser
// keeps what was typed, also when the core refuses it); the element owns the few choices that
// change which fields show (`ui`), and turns the form's values into the command on submit.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { errorText, field, splitList } from './fields.js';

export const SOURCE = 'outcome';

export const outcomeFormStyles = css`
  dialog.outcome {
    width: min(52rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    color: inherit;
    background: var(--_surface);
  }
  dialog.outcome::backdrop {
    background: rgb(15 23 42 / 0.45);
  }
  dialog.outcome form {
    padding: 1rem 1.25rem;
  }
  dialog.outcome h3 {
    margin: 0 0 0.75rem;
    font-size: 1.05em;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
    gap: 0.75rem 1rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .field.wide,
  fieldset.wide {
    grid-column: 1 / -1;
  }
  .hint {
    font-size: 0.85em;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.6rem 0.75rem 0.75rem;
    margin: 0;
  }
  .score-row {
    display: flex;
    gap: 0.5rem;
    align-items: flex-end;
    margin-bottom: 0.4rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    margin-top: 1rem;
  }
  .dialog-alert {
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.7rem;
    border-radius: var(--_radius);
    color: var(--_danger);
    border: 1px solid color-mix(in srgb, var(--_danger) 40%, transparent);
    background: color-mix(in srgb, var(--_danger) 7%, var(--_surface));
  }
  .dialog-alert:empty {
    display: none;
  }
`;

/** What the dialog starts with. */
export function emptyOutcomeUi(preset = {}) {
  return {
    candidateId: preset.candidateId || '',
    requisitionId: preset.requisitionId || '',
    outcome: 'runner_up',
    reasonCode: '',
    rank: preset.rank || '',
    // the person's flags as the core holds them (null: none yet); the editor starts from them
    flags: preset.flags || null,
    ...flagsUi(preset.flags),
    withFollowUp: false,
    scoreRows: [],
    nextRow: 0,
  };
}

/**
 * The recordOutcome command for the form's values (see formValues in fields.js):
 * strings as typed, repeated fields (scoreBy, score) as arrays, checkboxes as booleans.
 */
export function outcomeCommand(v) {
  const outcome = {
    candidateId: v.candidateId || '',
    requisitionId: v.requisitionId || '',
    stage: v.stage,
    outcome: v.outcome,
    reason: { code: v.reasonCode || '', note: (v.reasonNote || '').trim() },
    futureFit: v.futureFit || 'unknown',
    note: (v.note || '').trim(),
  };
  if (v.initiator) outcome.initiator = v.initiator;
  if (v.outcome === 'runner_up') outcome.rank = v.rank === '' || v.rank === undefined ? 0 : Number(v.rank);
  const by = [].concat(v.scoreBy ?? []);
  const marks = [].concat(v.score ?? []);
  const scores = by
    .map((who, i) => ({ by: String(who).trim(), score: marks[i] }))
    .filter((s) => s.by !== '' || s.score);
  if (scores.length) outcome.scores = scores;
  const gaps = splitList(v.skillGaps);
  if (gaps.length) outcome.skillGaps = gaps;
  const command = { type: 'recordOutcome', outcome };
  // a person with flags (`hadFlags`: the dialog started from them) gets the whole set as edited:
  // unticking everything clears them
  const flags = flagsFromValues(v, { always: v.hadFlags === true });
  if (flags) command.flags = flags;
  if (v.withFollowUp) command.followUp = followUpFromValues(v);
  return command;
}

/** Which parts of the flag editor show, for a flag set (null: none). */
export function flagsUi(flags) {
  return {
    openToContract: Boolean(flags?.openToContract),
    openToPartTime: Boolean(flags?.openToPartTime),
    doNotContact: Boolean(flags?.doNotContact),
  };
}

/** The names of the flag editor's checkboxes that show or hide other fields. */
export const FLAG_TOGGLES = ['openToContract', 'openToPartTime', 'doNotContact'];

/**
 * The whole flag set from form values, or null when nothing is flagged (the core keeps flags as
 * they are). The core keeps "available from" only beside contract or part-time work.
 */
export function flagsFromValues(v, { always = false } = {}) {
  const flags = {
    openToContract: Boolean(v.openToContract),
    openToPartTime: Boolean(v.openToPartTime),
    availableFrom: v.availableFrom || null,
    futureRoles: {
      families: splitList(v.futureFamilies),
      departments: splitList(v.futureDepartments),
      requisitions: splitList(v.futureRequisitions),
    },
    doNotContact: Boolean(v.doNotContact),
    doNotContactReason: v.doNotContact ? (v.doNotContactReason || '').trim() : '',
  };
  const any =
    flags.openToContract ||
    flags.openToPartTime ||
    flags.doNotContact ||
    flags.futureRoles.families.length + flags.futureRoles.departments.length + flags.futureRoles.requisitions.length > 0;
  return always || any ? flags : null;
}

/** A follow-up from form values (fields followUpDue, followUpOwner, followUpNote, cadenceEvery, cadenceUnit). */
export function followUpFromValues(v) {
  const followUp = {
    due: v.followUpDue || '',
    owner: (v.followUpOwner || '').trim(),
    note: (v.followUpNote || '').trim(),
  };
  if (v.cadenceEvery) followUp.cadence = { every: Number(v.cadenceEvery), unit: v.cadenceUnit || 'months' };
  return followUp;
}

/**
 * The flag editor, the one the dialog and the candidate card share. `prefix` is the error path of
 * the flag set; `flags` the person's flags (null: none); `ui` which toggles are on (flagsUi).
 * "Available from" shows beside contract and part-time work alike.
 */
export function flagFields(ctx, source, prefix, flags, ui) {
  const { t } = ctx;
  const f = flags || {};
  const fr = f.futureRoles || {};
  return html`
    ${field(ctx, source, { name: 'openToContract', label: t('flags.openToContract'), type: 'checkbox', value: ui.openToContract, path: `${prefix}/openToContract` })}
    ${field(ctx, source, { name: 'openToPartTime', label: t('flags.openToPartTime'), type: 'checkbox', value: ui.openToPartTime, path: `${prefix}/openToPartTime` })}
    ${ui.openToContract || ui.openToPartTime
      ? field(ctx, source, { name: 'availableFrom', label: t('flags.availableFrom'), type: 'date', value: f.availableFrom || '', path: `${prefix}/availableFrom`, hint: t('flags.availableFromHint') })
      : nothing}
    ${field(ctx, source, { name: 'futureFamilies', label: t('flags.futureFamilies'), value: (fr.families || []).join(', '), hint: t('form.commaSeparated'), path: `${prefix}/futureRoles/families` })}
    ${field(ctx, source, { name: 'futureDepartments', label: t('flags.futureDepartments'), value: (fr.departments || []).join(', '), path: `${prefix}/futureRoles/departments` })}
    ${field(ctx, source, { name: 'futureRequisitions', label: t('flags.futureRequisitions'), value: (fr.requisitions || []).join(', '), path: `${prefix}/futureRoles/requisitions` })}
    ${field(ctx, source, { name: 'doNotContact', label: t('flags.doNotContact'), type: 'checkbox', value: ui.doNotContact, path: `${prefix}/doNotContact` })}
    ${ui.doNotContact
      ? field(ctx, source, { name: 'doNotContactReason', label: t('flags.doNotContactReason'), required: true, value: f.doNotContactReason || '', path: `${prefix}/doNotContactReason`, className: 'grow' })
      : nothing}
  `;
}

/**
 * The dialog. Rendered only while open; the element calls showModal() on it.
 * @param {object} ctx view context
 * @param {object} p
 * @param {ReturnType<typeof emptyOutcomeUi>} p.ui
 * @param {(patch: object) => void} p.onUi
 * @param {(event: SubmitEvent) => void} p.onSubmit
 * @param {() => void} p.onCancel
 * @param {boolean} p.saving
 */
export function renderOutcomeDialog(ctx, { ui, onUi, onSubmit, onCancel, saving }) {
  const tax = ctx.taxonomy;
  const { t } = ctx;
  const s = SOURCE;
  const reason = tax.reasons.find((r) => r.code === ui.reasonCode);
  const codes = (list, kind) => list.map((x) => ({ value: x.code, label: ctx.label(kind, x.code, x.label) }));
  const hired = ctx.requisitions.find((r) => r.id === ui.requisitionId)?.hiredCandidateId || '';
  const candidates = ctx.candidates.filter((c) => c.id !== hired || c.id === ui.candidateId);
  const onChange = (e) => {
    const el = e.target;
    const patch = {};
    if (['candidateId', 'requisitionId', 'outcome', 'reasonCode'].includes(el.name)) patch[el.name] = el.value;
    if ([...FLAG_TOGGLES, 'withFollowUp'].includes(el.name)) patch[el.name] = el.checked;
    if (Object.keys(patch).length) onUi(patch);
  };
  const errorInDialog = ctx.error?.source === s;
  return html`
    <dialog class="outcome" id="ru-outcome-dialog" aria-labelledby="ru-form-title" @cancel=${(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <form id="ru-form" part="form" data-source=${s} @submit=${onSubmit} @change=${onChange}>
        <h3 id="ru-form-title">${t('app.recordOutcome')}</h3>
        <div class="dialog-alert" role="alert" id="ru-dialog-alert">${errorInDialog ? errorText(ctx.i, ctx.error) : ''}</div>
        <div class="grid">
          ${field(ctx, s, { name: 'candidateId', label: t('form.candidate'), type: 'select', required: true, value: ui.candidateId, path: '/outcome/candidateId',
            options: [{ value: '', label: t('form.chooseCandidate') }, ...candidates.map((c) => ({ value: c.id, label: c.name }))] })}
          ${field(ctx, s, { name: 'requisitionId', label: t('form.requisition'), type: 'select', required: true, value: ui.requisitionId, path: '/outcome/requisitionId',
            options: [{ value: '', label: t('form.chooseRequisition') }, ...ctx.requisitions.map((r) => ({ value: r.id, label: r.title }))] })}
          ${field(ctx, s, { name: 'stage', label: t('form.stage'), type: 'select', required: true, value: 'final', path: '/outcome/stage', options: codes(tax.stages, 'stages') })}
          ${field(ctx, s, { name: 'outcome', label: t('form.outcome'), type: 'select', required: true, value: ui.outcome, path: '/outcome/outcome',
            // hiring is the ATS's job; the pool records the people who were not hired
            options: codes(tax.outcomes.filter((o) => o.code !== 'hired'), 'outcomes') })}
          ${field(ctx, s, { name: 'reasonCode', label: t('form.reason'), type: 'select', required: true, value: ui.reasonCode, path: '/outcome/reason/code',
            options: [{ value: '', label: t('form.chooseReason') }, ...codes(tax.reasons, 'reasons')] })}
          ${field(ctx, s, { name: 'initiator', label: t('form.initiator'), type: 'select', value: reason?.initiator || '', path: '/outcome/initiator',
            options: [{ value: '', label: t('form.initiatorFromReason') }, ...codes(tax.initiators, 'initiators')] })}
          ${field(ctx, s, { name: 'futureFit', label: t('form.futureFit'), type: 'select', value: 'unknown', path: '/outcome/futureFit', options: codes(tax.futureFits, 'futureFits') })}
          ${field(ctx, s, { name: 'rank', label: t('form.rank'), type: 'number', value: ui.rank, path: '/outcome/rank', hint: t('form.rankHint'),
            required: ui.outcome === 'runner_up', attrs: { min: 1, step: 1, disabled: ui.outcome !== 'runner_up' } })}
          ${field(ctx, s, { name: 'reasonNote', label: t(reason?.noteRequired ? 'form.reasonNoteRequired' : 'form.reasonNoteOptional'), required: Boolean(reason?.noteRequired),
            path: '/outcome/reason/note', className: 'wide', attrs: { maxlength: ctx.limits?.noteBytes } })}
          <fieldset class="wide">
            <legend>${t('form.scores')}</legend>
            ${repeat(
              ui.scoreRows,
              (key) => key,
              (key, i) => html`<div class="score-row">
                ${field(ctx, s, { name: 'scoreBy', idSuffix: `scoreBy-${key}`, label: t('form.scoreBy', { n: i + 1 }), path: `/outcome/scores/${i}/by` })}
                ${field(ctx, s, { name: 'score', idSuffix: `score-${key}`, label: t('form.score', { n: i + 1 }), type: 'select', value: 'mixed', path: `/outcome/scores/${i}/score`, options: codes(tax.scores || [], 'scores') })}
                <button type="button" part="button" aria-label=${t('form.removeScoreLabel', { n: i + 1 })}
                  @click=${() => onUi({ scoreRows: ui.scoreRows.filter((k) => k !== key), focus: '#ru-add-score' })}>${t('form.removeScore')}</button>
              </div>`,
            )}
            <button type="button" id="ru-add-score" part="button"
              @click=${() => onUi({ scoreRows: [...ui.scoreRows, ui.nextRow], nextRow: ui.nextRow + 1, focus: `#${s}-scoreBy-${ui.nextRow}` })}>${t('form.addScore')}</button>
          </fieldset>
          ${field(ctx, s, { name: 'skillGaps', label: t('form.skillGaps'), hint: t('form.commaSeparated'), path: '/outcome/skillGaps', className: 'wide' })}
          ${field(ctx, s, { name: 'note', label: t('form.note'), type: 'textarea', path: '/outcome/note', className: 'wide' })}
          <fieldset class="wide">
            <legend>${t('form.flags')}</legend>
            <div class="grid">${flagFields(ctx, s, '/flags', ui.flags, ui)}</div>
          </fieldset>
          <fieldset class="wide">
            <legend>${t('form.firstFollowUp')}</legend>
            ${field(ctx, s, { name: 'withFollowUp', label: t('form.scheduleFollowUp'), type: 'checkbox', value: ui.withFollowUp })}
            ${ui.withFollowUp
              ? html`<div class="grid">
                  ${field(ctx, s, { name: 'followUpDue', label: t('form.followUpDue'), type: 'date', value: ctx.addDays(ctx.today, 30), path: '/followUp/due' })}
                  ${field(ctx, s, { name: 'followUpOwner', label: t('form.followUpOwner'), path: '/followUp/owner', hint: t('form.emptyYou') })}
                  ${field(ctx, s, { name: 'followUpNote', label: t('form.followUpNote'), path: '/followUp/note' })}
                  ${field(ctx, s, { name: 'cadenceEvery', label: t('form.repeatEvery'), type: 'number', path: '/followUp/cadence/every', hint: t('form.emptyOnce'), attrs: { min: 1, step: 1 } })}
                  ${field(ctx, s, { name: 'cadenceUnit', label: t('form.repeatUnit'), type: 'select', value: 'months', path: '/followUp/cadence/unit', options: codes(tax.cadenceUnits || [], 'cadenceUnits') })}
                </div>`
              : nothing}
          </fieldset>
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="button" ?disabled=${saving}>${saving ? t('form.saving') : t('form.save')}</button>
          <button type="button" part="button" @click=${onCancel}>${t('form.cancel')}</button>
        </div>
      </form>
    </dialog>
  `;
}
