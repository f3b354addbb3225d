// The record-outcome form: a finalist who was not hired goes into the pool in one step.
// A pure template function over a draft; <runnerup-pool> owns the draft and submits it.
// The form checks only what the browser can (required fields); the core decides the rest.
import { css, html, nothing } from 'lit';

export const outcomeFormStyles = css`
  form {
    padding: 1rem;
    border-bottom: 1px solid var(--_border);
  }
  form h3 {
    margin: 0 0 0.75rem;
    font-size: 1em;
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
  .field.wide {
    grid-column: 1 / -1;
  }
  .field label {
    font-weight: 600;
    font-size: 0.9em;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    margin-top: 1rem;
  }
`;

/** A fresh draft, on `requisitionId` when given. */
export function emptyDraft(requisitionId = '') {
  return {
    candidateId: '',
    requisitionId,
    stage: 'final',
    outcome: 'runner_up',
    rank: '',
    reasonCode: '',
    reasonNote: '',
    initiator: '',
    futureFit: 'unknown',
    note: '',
  };
}

/** The recordOutcome command for a draft (docs/BOUNDARY.md). */
export function outcomeCommand(draft) {
  const outcome = {
    candidateId: draft.candidateId,
    requisitionId: draft.requisitionId,
    stage: draft.stage,
    outcome: draft.outcome,
    reason: { code: draft.reasonCode, note: draft.reasonNote.trim() },
    futureFit: draft.futureFit,
    note: draft.note.trim(),
  };
  if (draft.initiator) outcome.initiator = draft.initiator;
  if (draft.outcome === 'runner_up') outcome.rank = Number(draft.rank);
  return { type: 'recordOutcome', outcome };
}

const FIELD_FOR_PATH = {
  candidateId: 'candidateId',
  requisitionId: 'requisitionId',
  stage: 'stage',
  outcome: 'outcome',
  rank: 'rank',
  reason: 'reasonCode',
  'reason/code': 'reasonCode',
  'reason/note': 'reasonNote',
  initiator: 'initiator',
  futureFit: 'futureFit',
  note: 'note',
};

/** "/outcome/reason/note" -> "reasonNote": the draft field a core error path points at, or "". */
export function fieldForPath(path) {
  if (typeof path !== 'string' || !path.startsWith('/outcome/')) return '';
  return FIELD_FOR_PATH[path.slice('/outcome/'.length)] || '';
}

const CONTROL_IDS = {
  candidateId: 'ru-candidate',
  requisitionId: 'ru-requisition',
  stage: 'ru-stage',
  outcome: 'ru-outcome',
  rank: 'ru-rank',
  reasonCode: 'ru-reason-code',
  reasonNote: 'ru-reason-note',
  initiator: 'ru-initiator',
  futureFit: 'ru-future-fit',
  note: 'ru-note',
};

/** The id of the control editing a draft field. */
export function controlId(field) {
  return CONTROL_IDS[field] || '';
}

/**
 * @param {object} props
 * @param {ReturnType<typeof emptyDraft>} props.draft
 * @param {object} props.taxonomy the core's taxonomy
 * @param {{id: string, name: string}[]} props.candidates in display order
 * @param {{id: string, title: string}[]} props.requisitions in display order
 * @param {string} props.invalidField the draft field the last error points at, or ""
 * @param {string} props.errorMessage the last error's message (described by the invalid field)
 * @param {boolean} props.saving
 * @param {(field: string, value: string) => void} props.onEdit
 * @param {(event: SubmitEvent) => void} props.onSubmit
 * @param {() => void} props.onCancel
 */
export function renderOutcomeForm(props) {
  const { draft: d, taxonomy: t, invalidField, saving, onEdit, onSubmit, onCancel } = props;
  const reason = t.reasons.find((r) => r.code === d.reasonCode);
  const invalid = (field) => (invalidField === field ? 'true' : 'false');
  const describedBy = (field) => (invalidField === field ? 'ru-form-error' : nothing);
  const codes = (list) => list.map((x) => ({ value: x.code, label: x.label }));

  const select = (field, options, { required = true, placeholder = '' } = {}) => html`
    <select
      id=${controlId(field)}
      name=${field}
      ?required=${required}
      aria-invalid=${invalid(field)}
      aria-describedby=${describedBy(field)}
      @change=${(e) => onEdit(field, e.target.value)}
    >
      ${placeholder ? html`<option value="" ?selected=${!d[field]}>${placeholder}</option>` : nothing}
      ${options.map((o) => html`<option value=${o.value} ?selected=${d[field] === o.value}>${o.label}</option>`)}
    </select>
  `;
  const field = (name, label, control, wide = false) => html`
    <div class="field ${wide ? 'wide' : ''}">
      <label for=${controlId(name)}>${label}</label>
      ${control}
    </div>
  `;

  return html`
    <form
      id="ru-form"
      part="form"
      aria-labelledby="ru-form-title"
      @submit=${onSubmit}
      @keydown=${(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 id="ru-form-title">Record outcome</h3>
      <p id="ru-form-error" class="visually-hidden">${invalidField ? props.errorMessage : ''}</p>
      <div class="grid">
        ${field(
          'candidateId',
          'Candidate',
          select(
            'candidateId',
            props.candidates.map((c) => ({ value: c.id, label: c.name })),
            { placeholder: 'Choose a candidate' },
          ),
        )}
        ${field(
          'requisitionId',
          'Requisition',
          select(
            'requisitionId',
            props.requisitions.map((r) => ({ value: r.id, label: r.title })),
            { placeholder: 'Choose a requisition' },
          ),
        )}
        ${field('stage', 'Stage reached', select('stage', codes(t.stages)))}
        ${field(
          'outcome',
          'Outcome',
          // hiring is the ATS's job; the pool records the people who were not hired
          select('outcome', codes(t.outcomes.filter((o) => o.code !== 'hired' || d.outcome === 'hired'))),
        )}
        ${field('reasonCode', 'Reason', select('reasonCode', codes(t.reasons), { placeholder: 'Choose a reason' }))}
        ${field(
          'initiator',
          'Initiated by',
          select('initiator', codes(t.initiators), { placeholder: 'From the reason', required: false }),
        )}
        ${field('futureFit', 'Future fit', select('futureFit', codes(t.futureFits)))}
        <div class="field">
          <label for="ru-rank">Rank</label>
          <input
            id="ru-rank"
            name="rank"
            type="number"
            min="1"
            step="1"
            inputmode="numeric"
            aria-describedby=${invalidField === 'rank' ? 'ru-rank-hint ru-form-error' : 'ru-rank-hint'}
            aria-invalid=${invalid('rank')}
            ?disabled=${d.outcome !== 'runner_up'}
            ?required=${d.outcome === 'runner_up'}
            .value=${d.outcome === 'runner_up' ? d.rank : ''}
            @input=${(e) => onEdit('rank', e.target.value)}
          />
          <span id="ru-rank-hint" class="hint">1 = next in line. Runner-ups only.</span>
        </div>
        ${field(
          'reasonNote',
          `Reason note${reason?.noteRequired ? ' (required)' : ' (optional)'}`,
          html`<input
            id="ru-reason-note"
            name="reasonNote"
            type="text"
            maxlength="500"
            autocomplete="off"
            ?required=${Boolean(reason?.noteRequired)}
            aria-invalid=${invalid('reasonNote')}
            aria-describedby=${describedBy('reasonNote')}
            .value=${d.reasonNote}
            @input=${(e) => onEdit('reasonNote', e.target.value)}
          />`,
          true,
        )}
        ${field(
          'note',
          'Note',
          html`<textarea
            id="ru-note"
            name="note"
            rows="2"
            maxlength="2000"
            aria-invalid=${invalid('note')}
            aria-describedby=${describedBy('note')}
            .value=${d.note}
            @input=${(e) => onEdit('note', e.target.value)}
          ></textarea>`,
          true,
        )}
      </div>
      <div class="actions">
        <button type="submit" class="primary" part="button" ?disabled=${saving}>${saving ? 'Saving…' : 'Save to pool'}</button>
        <button type="button" part="button" @click=${onCancel}>Cancel</button>
      </div>
    </form>
  `;
}
