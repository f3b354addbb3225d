// The record-outcome dialog: a finalist who was not hired goes into the pool in one step, with
// flags and a first follow-up: one recordOutcome command. The form is uncontrolled (the browser
// keeps what was typed, also when the core refuses it); the element owns the few choices that
// change which fields show (`ui`), and turns the form's values into the command on submit.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { field, splitList } from './fields.js';

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
    openToPartTime: false,
    doNotContact: false,
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
  const flags = flagsFromValues(v);
  if (flags) command.flags = flags;
  if (v.withFollowUp) command.followUp = followUpFromValues(v);
  return command;
}

/** The whole flag set from form values, or null when nothing is flagged (the core keeps flags as they are). */
export function flagsFromValues(v, { always = false } = {}) {
  const flags = {
    openToContract: Boolean(v.openToContract),
    openToPartTime: Boolean(v.openToPartTime),
    availableFrom: v.openToPartTime && v.availableFrom ? v.availableFrom : null,
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

/** The flag fields, shared by the dialog and the candidate card. `prefix` is the error path of the flag set. */
export function flagFields(ctx, source, prefix, flags, ui, onToggle) {
  const f = flags || {};
  const fr = f.futureRoles || {};
  return html`
    ${field(ctx, source, { name: 'openToContract', label: 'Open to contract', type: 'checkbox', value: f.openToContract, path: `${prefix}/openToContract` })}
    ${field(ctx, source, { name: 'openToPartTime', label: 'Open to part-time', type: 'checkbox', value: ui.openToPartTime, path: `${prefix}/openToPartTime` })}
    ${ui.openToPartTime
      ? field(ctx, source, { name: 'availableFrom', label: 'Available from', type: 'date', value: f.availableFrom || '', path: `${prefix}/availableFrom` })
      : nothing}
    ${field(ctx, source, { name: 'futureFamilies', label: 'Future roles: role families', value: (fr.families || []).join(', '), hint: 'Comma-separated', path: `${prefix}/futureRoles/families` })}
    ${field(ctx, source, { name: 'futureDepartments', label: 'Future roles: departments', value: (fr.departments || []).join(', '), path: `${prefix}/futureRoles/departments` })}
    ${field(ctx, source, { name: 'futureRequisitions', label: 'Future roles: requisition ids', value: (fr.requisitions || []).join(', '), path: `${prefix}/futureRoles/requisitions` })}
    ${field(ctx, source, { name: 'doNotContact', label: 'Do not contact', type: 'checkbox', value: ui.doNotContact, path: `${prefix}/doNotContact` })}
    ${ui.doNotContact
      ? field(ctx, source, { name: 'doNotContactReason', label: 'Do-not-contact reason', required: true, value: f.doNotContactReason || '', path: `${prefix}/doNotContactReason`, className: 'grow' })
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
  const t = ctx.taxonomy;
  const s = SOURCE;
  const reason = t.reasons.find((r) => r.code === ui.reasonCode);
  const codes = (list) => list.map((x) => ({ value: x.code, label: x.label }));
  const hired = ctx.requisitions.find((r) => r.id === ui.requisitionId)?.hiredCandidateId || '';
  const candidates = ctx.candidates.filter((c) => c.id !== hired || c.id === ui.candidateId);
  const onChange = (e) => {
    const el = e.target;
    const patch = {};
    if (['candidateId', 'requisitionId', 'outcome', 'reasonCode'].includes(el.name)) patch[el.name] = el.value;
    if (['openToPartTime', 'doNotContact', 'withFollowUp'].includes(el.name)) patch[el.name] = el.checked;
    if (Object.keys(patch).length) onUi(patch);
  };
  const errorInDialog = ctx.error?.source === s;
  return html`
    <dialog class="outcome" id="ru-outcome-dialog" aria-labelledby="ru-form-title" @cancel=${(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <form id="ru-form" part="form" data-source=${s} @submit=${onSubmit} @change=${onChange}>
        <h3 id="ru-form-title">Record outcome</h3>
        <div class="dialog-alert" role="alert" id="ru-dialog-alert">${errorInDialog ? ctx.error.message : ''}</div>
        <div class="grid">
          ${field(ctx, s, { name: 'candidateId', label: 'Candidate', type: 'select', required: true, value: ui.candidateId, path: '/outcome/candidateId',
            options: [{ value: '', label: 'Choose a candidate' }, ...candidates.map((c) => ({ value: c.id, label: c.name }))] })}
          ${field(ctx, s, { name: 'requisitionId', label: 'Requisition', type: 'select', required: true, value: ui.requisitionId, path: '/outcome/requisitionId',
            options: [{ value: '', label: 'Choose a requisition' }, ...ctx.requisitions.map((r) => ({ value: r.id, label: r.title }))] })}
          ${field(ctx, s, { name: 'stage', label: 'Stage reached', type: 'select', required: true, value: 'final', path: '/outcome/stage', options: codes(t.stages) })}
          ${field(ctx, s, { name: 'outcome', label: 'Outcome', type: 'select', required: true, value: ui.outcome, path: '/outcome/outcome',
            // hiring is the ATS's job; the pool records the people who were not hired
            options: codes(t.outcomes.filter((o) => o.code !== 'hired')) })}
          ${field(ctx, s, { name: 'reasonCode', label: 'Reason', type: 'select', required: true, value: ui.reasonCode, path: '/outcome/reason/code',
            options: [{ value: '', label: 'Choose a reason' }, ...codes(t.reasons)] })}
          ${field(ctx, s, { name: 'initiator', label: 'Initiated by', type: 'select', value: reason?.initiator || '', path: '/outcome/initiator',
            options: [{ value: '', label: 'From the reason' }, ...codes(t.initiators)] })}
          ${field(ctx, s, { name: 'futureFit', label: 'Future fit', type: 'select', value: 'unknown', path: '/outcome/futureFit', options: codes(t.futureFits) })}
          ${field(ctx, s, { name: 'rank', label: 'Rank', type: 'number', value: ui.rank, path: '/outcome/rank', hint: '1 = next in line. Runner-ups only.',
            required: ui.outcome === 'runner_up', attrs: { min: 1, step: 1, disabled: ui.outcome !== 'runner_up' } })}
          ${field(ctx, s, { name: 'reasonNote', label: `Reason note${reason?.noteRequired ? ' (required)' : ' (optional)'}`, required: Boolean(reason?.noteRequired),
            path: '/outcome/reason/note', className: 'wide', attrs: { maxlength: 500 } })}
          <fieldset class="wide">
            <legend>Interview scores</legend>
            ${repeat(
              ui.scoreRows,
              (key) => key,
              (key, i) => html`<div class="score-row">
                ${field(ctx, s, { name: 'scoreBy', idSuffix: `scoreBy-${key}`, label: `Interviewer or criterion ${i + 1}`, path: `/outcome/scores/${i}/by` })}
                ${field(ctx, s, { name: 'score', idSuffix: `score-${key}`, label: `Score ${i + 1}`, type: 'select', value: 'mixed', path: `/outcome/scores/${i}/score`, options: codes(t.scores || []) })}
                <button type="button" part="button" aria-label="Remove score ${i + 1}"
                  @click=${() => onUi({ scoreRows: ui.scoreRows.filter((k) => k !== key), focus: '#ru-add-score' })}>Remove</button>
              </div>`,
            )}
            <button type="button" id="ru-add-score" part="button"
              @click=${() => onUi({ scoreRows: [...ui.scoreRows, ui.nextRow], nextRow: ui.nextRow + 1, focus: `#${s}-scoreBy-${ui.nextRow}` })}>Add score</button>
          </fieldset>
          ${field(ctx, s, { name: 'skillGaps', label: 'Skill gaps', hint: 'Comma-separated', path: '/outcome/skillGaps', className: 'wide' })}
          ${field(ctx, s, { name: 'note', label: 'Note', type: 'textarea', path: '/outcome/note', className: 'wide' })}
          <fieldset class="wide">
            <legend>Flags</legend>
            <div class="grid">${flagFields(ctx, s, '/flags', null, ui)}</div>
          </fieldset>
          <fieldset class="wide">
            <legend>First follow-up</legend>
            ${field(ctx, s, { name: 'withFollowUp', label: 'Schedule a follow-up', type: 'checkbox', value: ui.withFollowUp })}
            ${ui.withFollowUp
              ? html`<div class="grid">
                  ${field(ctx, s, { name: 'followUpDue', label: 'Follow-up due', type: 'date', value: ctx.addDays(ctx.today, 30), path: '/followUp/due' })}
                  ${field(ctx, s, { name: 'followUpOwner', label: 'Follow-up owner', path: '/followUp/owner', hint: 'Empty: you' })}
                  ${field(ctx, s, { name: 'followUpNote', label: 'Follow-up note', path: '/followUp/note' })}
                  ${field(ctx, s, { name: 'cadenceEvery', label: 'Repeat every', type: 'number', path: '/followUp/cadence/every', hint: 'Empty: once', attrs: { min: 1, step: 1 } })}
                  ${field(ctx, s, { name: 'cadenceUnit', label: 'Repeat unit', type: 'select', value: 'months', path: '/followUp/cadence/unit', options: codes(t.cadenceUnits || []) })}
                </div>`
              : nothing}
          </fieldset>
        </div>
        <div class="actions">
          <button type="submit" class="primary" part="button" ?disabled=${saving}>${saving ? 'Saving…' : 'Save to pool'}</button>
          <button type="button" part="button" @click=${onCancel}>Cancel</button>
        </div>
      </form>
    </dialog>
  `;
}
