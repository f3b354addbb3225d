// <runnerup-pool>: the runner-up pool inside a host ATS page.
//
//   <script type="module" src="/runnerup/runnerup.js"></script>
//   <runnerup-pool pool="acme" actor="recruiter-42" requisition="req-101"></runnerup-pool>
//   el.candidates = [...]; el.requisitions = [...];   // plain objects, docs/BOUNDARY.md shapes
//   el.addEventListener('runnerup-change', (e) => backend.store(e.detail.events));
//
// The element only presents and collects: every rule (valid codes, ranks, required notes) lives
// in the wasm core, whose errors are shown as they come.
import { LitElement, html, css, nothing } from 'lit';
import { RunnerUpError } from './errors.js';
import { openPool } from './pool.js';
import {
  controlId,
  emptyDraft,
  fieldForPath,
  outcomeCommand,
  outcomeFormStyles,
  renderOutcomeForm,
} from './views/outcome-form.js';
import { poolTableStyles, renderPoolTable } from './views/pool-table.js';

const EMPTY_TAXONOMY = { stages: [], outcomes: [], initiators: [], futureFits: [], reasons: [] };

/**
 * The runner-up pool of an ATS: who almost got hired, why not, and whether to call them again.
 *
 * @tag runnerup-pool
 *
 * @attr {string} pool - pool name; the browser database is `runnerup:<pool>` (default "default")
 * @attr {string} actor - id of the recruiter using the widget, recorded on every change (required)
 * @attr {string} requisition - id of the requisition in focus: the list and the form start on it
 * @attr {string} locale - BCP 47 tag for sorting names and formatting numbers (default: the browser's);
 *   the widget's own words are English for now
 *
 * @prop {object[]} candidates - the host's candidates; each is saved into the pool (unchanged ones cost nothing)
 * @prop {object[]} requisitions - the host's requisitions; saved likewise
 * @prop {import('./storage.js').Storage} storage - optional storage to use instead of IndexedDB
 *
 * @fires runnerup-change - after the recruiter records something; detail `{events}` (the events appended).
 *   Not fired for saves caused by setting `candidates` / `requisitions`.
 * @fires runnerup-error - when loading, saving or a host record fails; detail `{code, message, path}`
 *
 * @csspart base - the widget's outer box
 * @csspart header - the title bar with the actions
 * @csspart button - every button
 * @csspart alert - the error region
 * @csspart status - the confirmation region
 * @csspart table - the pool table
 * @csspart row - one runner-up row
 * @csspart form - the record-outcome form
 *
 * @cssprop --runnerup-font-family - font stack (default: inherited)
 * @cssprop --runnerup-font-size - base size (default 14px)
 * @cssprop --runnerup-color-text - text colour
 * @cssprop --runnerup-color-muted - secondary text colour
 * @cssprop --runnerup-color-surface - background
 * @cssprop --runnerup-color-subtle - header and zebra background
 * @cssprop --runnerup-color-border - borders and rules
 * @cssprop --runnerup-color-accent - primary buttons, links, focus ring
 * @cssprop --runnerup-color-accent-contrast - text on the accent colour
 * @cssprop --runnerup-color-danger - errors
 * @cssprop --runnerup-color-success - confirmations
 * @cssprop --runnerup-radius - corner radius
 */
export class RunnerUpPool extends LitElement {
  static properties = {
    pool: { type: String, reflect: true },
    actor: { type: String },
    requisition: { type: String },
    locale: { type: String },
    candidates: { attribute: false },
    requisitions: { attribute: false },
    storage: { attribute: false },
    _phase: { state: true },
    _entries: { state: true },
    _knownCandidates: { state: true },
    _knownRequisitions: { state: true },
    _taxonomy: { state: true },
    _error: { state: true },
    _status: { state: true },
    _formOpen: { state: true },
    _saving: { state: true },
    _draft: { state: true },
    _invalidField: { state: true },
    _filter: { state: true },
  };

  static styles = [
    css`
    :host {
      display: block;
      font-family: var(--runnerup-font-family, inherit);
      font-size: var(--runnerup-font-size, 14px);
      line-height: 1.45;
      color: var(--runnerup-color-text, #1f2933);
      --_muted: var(--runnerup-color-muted, #596573);
      --_surface: var(--runnerup-color-surface, #ffffff);
      --_subtle: var(--runnerup-color-subtle, #f5f7fa);
      --_border: var(--runnerup-color-border, #d8dee6);
      --_accent: var(--runnerup-color-accent, #1d5fd1);
      --_accent-contrast: var(--runnerup-color-accent-contrast, #ffffff);
      --_danger: var(--runnerup-color-danger, #b42318);
      --_success: var(--runnerup-color-success, #0b6b3a);
      --_radius: var(--runnerup-radius, 6px);
    }
    :host([hidden]) {
      display: none;
    }
    * {
      box-sizing: border-box;
    }
    .base {
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      overflow: hidden;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      padding: 0.75rem 1rem;
      background: var(--_subtle);
      border-bottom: 1px solid var(--_border);
    }
    h2 {
      margin: 0;
      font-size: 1.05em;
      font-weight: 600;
    }
    .count {
      color: var(--_muted);
      font-weight: 400;
    }
    .toolbar {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      margin-left: auto;
    }
    .toolbar label {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      color: var(--_muted);
    }
    button {
      font: inherit;
      border-radius: var(--_radius);
      border: 1px solid var(--_border);
      background: var(--_surface);
      color: inherit;
      padding: 0.35rem 0.8rem;
      cursor: pointer;
    }
    button.primary {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-contrast);
      font-weight: 600;
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    button.link {
      border: none;
      background: none;
      padding: 0;
      color: var(--_accent);
      text-decoration: underline;
    }
    :is(button, select, input, textarea):focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 2px;
    }
    select,
    input,
    textarea {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.35rem 0.5rem;
      min-width: 0;
    }
    [aria-invalid='true'] {
      border-color: var(--_danger);
      box-shadow: 0 0 0 1px var(--_danger);
    }
    .alert:empty,
    .status:empty {
      display: none;
    }
    .alert,
    .status {
      display: flex;
      align-items: flex-start;
      gap: 0.75rem;
      margin: 0.75rem 1rem 0;
      padding: 0.6rem 0.8rem;
      border-radius: var(--_radius);
      border: 1px solid;
    }
    .alert {
      color: var(--_danger);
      border-color: color-mix(in srgb, var(--_danger) 40%, transparent);
      background: color-mix(in srgb, var(--_danger) 7%, var(--_surface));
    }
    .status {
      color: var(--_success);
      border-color: color-mix(in srgb, var(--_success) 40%, transparent);
      background: color-mix(in srgb, var(--_success) 7%, var(--_surface));
    }
    .alert p,
    .status p {
      margin: 0;
      flex: 1;
    }
    .alert button,
    .status button {
      padding: 0 0.4rem;
      border: none;
      background: none;
      color: inherit;
    }
    .message {
      padding: 1.25rem 1rem;
      color: var(--_muted);
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
    poolTableStyles,
    outcomeFormStyles,
  ];

  /** @type {import('./pool.js').Pool | null} */
  #pool = null;
  #openKey = null;
  #generation = 0;
  #dirty = false;
  #hostDataDirty = false;
  #focusAfterUpdate = null;
  #onChange = () => {
    this.#dirty = true;
    this.requestUpdate();
  };

  constructor() {
    super();
    this.pool = 'default';
    this.actor = '';
    this.requisition = '';
    this.locale = '';
    this.candidates = [];
    this.requisitions = [];
    this.storage = undefined;
    this._phase = 'loading';
    this._entries = [];
    this._knownCandidates = [];
    this._knownRequisitions = [];
    this._taxonomy = EMPTY_TAXONOMY;
    this._error = null;
    this._status = '';
    this._formOpen = false;
    this._saving = false;
    this._draft = emptyDraft();
    this._invalidField = '';
    this._filter = null; // null: follow the `requisition` attribute
  }

  connectedCallback() {
    super.connectedCallback();
    this.requestUpdate(); // (re)opens the pool in willUpdate
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#generation++;
    this.#openKey = null;
    this.#disposePool();
  }

  willUpdate(changed) {
    const key = `${this.pool || 'default'}\u0000${this.actor || ''}`;
    if (this.isConnected && (this.#openKey !== key || changed.has('storage'))) {
      this.#openKey = key;
      this.#open();
    }
    if (changed.has('candidates') || changed.has('requisitions')) this.#hostDataDirty = true;
    if (this.#hostDataDirty && this.#pool) {
      this.#hostDataDirty = false;
      this.#saveHostData();
    }
    if (this.#dirty && this.#pool) {
      this.#dirty = false;
      this.#readPool();
    }
  }

  updated() {
    if (this.#focusAfterUpdate) {
      const selector = this.#focusAfterUpdate;
      this.#focusAfterUpdate = null;
      this.renderRoot.querySelector(selector)?.focus();
    }
  }

  // --- pool lifecycle -------------------------------------------------------------------------

  async #open() {
    const generation = ++this.#generation;
    this.#disposePool();
    this._phase = 'loading';
    this._error = null;
    if (!this.actor) {
      this._phase = 'failed';
      this.#report(
        new RunnerUpError(
          'missing_field',
          'The runner-up pool needs to know who is using it: set the actor attribute of <runnerup-pool>.',
          '/actor',
        ),
      );
      return;
    }
    try {
      const pool = await openPool({ name: this.pool || 'default', actor: this.actor, storage: this.storage });
      if (generation !== this.#generation) {
        pool.dispose();
        return;
      }
      this.#pool = pool;
      pool.addEventListener('change', this.#onChange);
      this._taxonomy = pool.taxonomy();
      this.#readPool();
      this._phase = 'ready';
      this.#hostDataDirty = true;
      this.requestUpdate();
    } catch (error) {
      if (generation !== this.#generation) return;
      this._phase = 'failed';
      this.#report(error);
    }
  }

  #disposePool() {
    const pool = this.#pool;
    this.#pool = null;
    if (pool) {
      pool.removeEventListener('change', this.#onChange);
      pool.dispose();
    }
  }

  #readPool() {
    const pool = this.#pool;
    if (!pool) return;
    try {
      this._entries = pool.list().entries;
      this._knownCandidates = pool.query({ type: 'candidates' }).candidates;
      this._knownRequisitions = pool.query({ type: 'requisitions' }).requisitions;
    } catch (error) {
      this.#report(error);
    }
  }

  /** Saves what the host handed over; unchanged records propose no events. */
  async #saveHostData() {
    const pool = this.#pool;
    const requisitions = Array.isArray(this.requisitions) ? this.requisitions : [];
    const candidates = Array.isArray(this.candidates) ? this.candidates : [];
    const saves = [
      ...requisitions.map((requisition) => [{ type: 'saveRequisition', requisition }, 'requisition', requisition]),
      ...candidates.map((candidate) => [{ type: 'saveCandidate', candidate }, 'candidate', candidate]),
    ].map(([command, kind, record]) =>
      pool.record(command).catch((error) => {
        if (pool.disposed) return; // the element was removed meanwhile
        const label = record && typeof record === 'object' ? record.name || record.title || record.id : '';
        const wrapped = new RunnerUpError(
          error.code || 'internal',
          `The ${kind} ${label ? `"${label}" ` : ''}from the host could not be saved: ${error.message}`,
          error.path || '',
          { cause: error },
        );
        this.#report(wrapped);
      }),
    );
    await Promise.all(saves);
  }

  // --- errors and events ----------------------------------------------------------------------

  #report(error, source = 'pool') {
    const e =
      error instanceof RunnerUpError
        ? error
        : new RunnerUpError('internal', `Something unexpected went wrong: ${error?.message || error}`, '', {
            cause: error,
          });
    this._error = { code: e.code, message: e.message, path: e.path, source };
    this._status = '';
    this.dispatchEvent(
      new CustomEvent('runnerup-error', {
        bubbles: true,
        composed: true,
        detail: { code: e.code, message: e.message, path: e.path },
      }),
    );
  }

  // --- the record-outcome form ----------------------------------------------------------------

  #openForm() {
    const requisitionId = this.#focusedRequisitionId();
    this._draft = { ...emptyDraft(requisitionId), rank: this.#suggestRank(requisitionId, '') };
    this._invalidField = '';
    this._status = '';
    if (this._error?.source === 'form') this._error = null;
    this._formOpen = true;
    this.#focusAfterUpdate = `#${controlId('candidateId')}`;
  }

  #closeForm() {
    this._formOpen = false;
    if (this._error?.source === 'form') this._error = null;
    this._invalidField = '';
    this.#focusAfterUpdate = '#ru-open-form';
  }

  #focusedRequisitionId() {
    if (this._filter) return this._filter === '*' ? '' : this._filter;
    return this.requisition || '';
  }

  #suggestRank(requisitionId, candidateId) {
    if (!requisitionId) return '1';
    const ranks = this._entries
      .filter((e) => e.outcome.requisitionId === requisitionId && e.outcome.outcome === 'runner_up')
      .map((e) => (e.candidate.id === candidateId ? 0 : e.outcome.rank || 0));
    const own = this._entries.find(
      (e) => e.candidate.id === candidateId && e.outcome.requisitionId === requisitionId && e.outcome.rank,
    );
    if (own) return String(own.outcome.rank);
    return String(Math.max(0, ...ranks) + 1);
  }

  #edit(field, value) {
    const draft = { ...this._draft, [field]: value };
    if (field === 'reasonCode') {
      const reason = this._taxonomy.reasons.find((r) => r.code === value);
      if (reason) draft.initiator = reason.initiator;
    }
    if (field === 'candidateId' || field === 'requisitionId') {
      draft.rank = this.#suggestRank(draft.requisitionId, draft.candidateId);
    }
    if (this._invalidField === field) this._invalidField = '';
    this._draft = draft;
  }

  async #submit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    if (!form.reportValidity() || !this.#pool || this._saving) return;
    const d = this._draft;
    this._saving = true;
    this._error = null;
    try {
      const events = await this.#pool.record(outcomeCommand(d));
      const name = this._knownCandidates.find((c) => c.id === d.candidateId)?.name || d.candidateId;
      const outcomeLabel = this._taxonomy.outcomes.find((o) => o.code === d.outcome)?.label || d.outcome;
      this._status = events.length
        ? `Recorded ${name} as ${outcomeLabel.toLowerCase()}.`
        : `Nothing changed: ${name}'s outcome was already recorded like this.`;
      this._formOpen = false;
      this.#focusAfterUpdate = '#ru-open-form';
      const scope = this._filter ?? (this.requisition || '*');
      if (scope !== '*' && scope !== d.requisitionId) this._filter = '*'; // show what was just recorded
      if (events.length) {
        this.dispatchEvent(new CustomEvent('runnerup-change', { bubbles: true, composed: true, detail: { events } }));
      }
    } catch (error) {
      if (error?.code === 'disposed' && !this.isConnected) return; // removed while saving
      this.#report(error, 'form');
      const field = fieldForPath(error?.path);
      this._invalidField = field;
      if (field) this.#focusAfterUpdate = `#${controlId(field)}`;
    } finally {
      this._saving = false;
    }
  }

  // --- rendering ------------------------------------------------------------------------------

  render() {
    const visible = this.#visibleEntries();
    return html`
      <section class="base" part="base" aria-labelledby="ru-title">
        <header part="header">
          <h2 id="ru-title">
            Runner-up pool
            ${this._phase === 'ready' ? html`<span class="count">(${this.#formatNumber(visible.length)})</span>` : nothing}
          </h2>
          ${this._phase === 'ready' ? this.#renderToolbar() : nothing}
        </header>
        <div class="alert" part="alert" role="alert">${this.#renderError()}</div>
        <div class="status" part="status" role="status">${this.#renderStatus()}</div>
        ${this._phase === 'loading' ? html`<p class="message">Loading the runner-up pool…</p>` : nothing}
        ${this._phase === 'failed' && !this._error
          ? html`<p class="message">The runner-up pool could not be opened.</p>`
          : nothing}
        ${this._phase === 'ready' && this._formOpen ? this.#renderForm() : nothing}
        ${this._phase === 'ready' ? this.#renderList(visible) : nothing}
      </section>
    `;
  }

  #renderToolbar() {
    const focusId = this.requisition;
    const current = this._filter ?? (focusId ? focusId : '*');
    const requisitions = this.#sortedRequisitions();
    return html`
      <div class="toolbar">
        <label for="ru-filter">Show
          <select id="ru-filter" @change=${(e) => (this._filter = e.target.value)}>
            <option value="*" ?selected=${current === '*'}>All requisitions</option>
            ${requisitions.map(
              (r) => html`<option value=${r.id} ?selected=${current === r.id}>${r.title}</option>`,
            )}
          </select>
        </label>
        <button
          id="ru-open-form"
          class="primary"
          part="button"
          aria-expanded=${this._formOpen ? 'true' : 'false'}
          aria-controls="ru-form"
          @click=${() => (this._formOpen ? this.#closeForm() : this.#openForm())}
        >Record outcome</button>
      </div>
    `;
  }

  #renderError() {
    if (!this._error) return nothing;
    return html`<p>${this._error.message}</p><button
        part="button"
        aria-label="Dismiss the error"
        title="Dismiss"
        @click=${() => (this._error = null)}
      >✕</button>`;
  }

  #renderStatus() {
    if (!this._status) return nothing;
    return html`<p>${this._status}</p>`;
  }

  #renderList(entries) {
    const scoped = this.#focusedRequisitionId();
    return renderPoolTable({
      entries,
      taxonomy: this._taxonomy,
      labelledBy: 'ru-title',
      formatNumber: (n) => this.#formatNumber(n),
      emptyMessage: `${scoped ? 'No runner-ups for this requisition yet.' : 'No runner-ups in the pool yet.'} Use “Record outcome” for a finalist who was not hired.`,
    });
  }

  #renderForm() {
    const d = this._draft;
    // the requisition's hire is not a runner-up of it
    const hired = this._knownRequisitions.find((r) => r.id === d.requisitionId)?.hiredCandidateId || '';
    return renderOutcomeForm({
      draft: d,
      taxonomy: this._taxonomy,
      candidates: this.#sortedCandidates().filter((c) => c.id !== hired || c.id === d.candidateId),
      requisitions: this.#sortedRequisitions(),
      invalidField: this._invalidField,
      errorMessage: this._error?.message || '',
      saving: this._saving,
      onEdit: (field, value) => this.#edit(field, value),
      onSubmit: (e) => this.#submit(e),
      onCancel: () => this.#closeForm(),
    });
  }

  // --- helpers --------------------------------------------------------------------------------

  #visibleEntries() {
    const scope = this._filter ?? (this.requisition || '*');
    if (scope === '*') return this._entries;
    return this._entries.filter((e) => e.outcome.requisitionId === scope);
  }

  #collator() {
    try {
      return new Intl.Collator(this.locale || undefined, { sensitivity: 'base' });
    } catch {
      return new Intl.Collator(undefined, { sensitivity: 'base' });
    }
  }

  #sortedCandidates() {
    const collator = this.#collator();
    return [...this._knownCandidates].sort((a, b) => collator.compare(a.name, b.name));
  }

  #sortedRequisitions() {
    const collator = this.#collator();
    return [...this._knownRequisitions].sort((a, b) => collator.compare(a.title, b.title));
  }

  #formatNumber(n) {
    try {
      return new Intl.NumberFormat(this.locale || undefined).format(n);
    } catch {
      return String(n);
    }
  }
}

if (!customElements.get('runnerup-pool')) customElements.define('runnerup-pool', RunnerUpPool);
