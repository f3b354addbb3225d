// <runnerup-pool>: the runner-up pool inside a host ATS page.
//
//   <runnerup-pool pool="acme" actor="recruiter-42" requisition="req-101"></runnerup-pool>
//   <script type="module" src="/host.js"></script>
//   // host.js (README.md, "Embed it"): listeners and `host` before the first await
//   import { connect } from '/runnerup/runnerup.js';
//   el.addEventListener('runnerup-error', (e) => console.warn(e.detail.code, e.detail.message));
//   el.candidates = [...]; el.requisitions = [...];   // plain objects, README.md "The host's records"
//
// The element only presents and collects: every rule (valid codes, ranks, required notes) lives
// in the wasm core, whose errors are shown as they come.
import { LitElement, html, nothing } from 'lit';
import { elementStyles } from './element.styles.js';
import { RunnerUpError } from './errors.js';
import { resolveLocale, translator } from './i18n/index.js';
import { AccentContrast } from './element/accent-contrast.js';
import { saveHostRecords } from './element/host-records.js';
import { OutcomeDialog } from './element/outcome-dialog.js';
import { NameDirectory } from './element/name-directory.js';
import { PersistenceReminder } from './element/persistence-reminder.js';
import { PoolSession } from './element/pool-session.js';
import { renderCandidateCard } from './views/candidate-card.js';
import { DRAFT_VIEW, renderFeedbackDraft } from './views/feedback-draft.js';
import { addDays, describeEvent, errorText, pathMatches } from './views/fields.js';
import { SOURCE as OUTCOME, renderOutcomeDialog } from './views/outcome-form.js';
import { POOL_TABLE_LIMIT, poolScope } from './views/pool-table.js';
import { viewStyles, views } from './views/registry.js';
import { actorName, personName, recruiterDirectory } from './views/words.js';


const EMPTY_TAXONOMY = { stages: [], outcomes: [], initiators: [], futureFits: [], reasons: [] };

/**
 * The runner-up pool of an ATS: who almost got hired, why not, and whether to call them again.
 *
 * @tag runnerup-pool
 *
 * @attr {string} pool - pool name; the browser database is `runnerup:<pool>` (default "default")
 * @attr {string} actor - id of the recruiter using the widget, recorded on every change (required)
 * @attr {string} requisition - id of the requisition in focus: the list and the form start on it
 * @attr {string} candidate - id of a candidate to show: the widget opens on their card (a candidate page of the
 *   ATS); closing the card shows the pool
 * @attr {string} locale - BCP 47 tag ("de", "de-AT", "en-GB") for the widget's words (English and German ship;
 *   others fall back to English, "de-AT" uses German), dates, numbers, relative times and the order of names.
 *   Default: the `lang` of the closest ancestor that has one (up to <html>), else the browser's language, else "en".
 *   Changing it (or that `lang`) re-renders.
 *
 * @prop {string} today - the date YYYY-MM-DD the views count due and overdue from (default: the pool's
 *   `today()`, the core's date in the browser's time zone); set it to pin a date
 * @prop {object[]} candidates - the host's candidates; each is saved into the pool (unchanged ones cost nothing)
 * @prop {object[]} requisitions - the host's requisitions; saved likewise
 * @prop {object[]|object} recruiters - the host's names for its recruiters, `[{id, name}]` or `{id: name}` (id: the
 *   actor id the widget records); who did something is shown by this name, "you" for `actor`, else "another
 *   recruiter": an actor id is never shown
 * @prop {import('./storage.js').Storage} storage - optional storage to use instead of IndexedDB
 * @prop {import('./pool/host.js').HostAdapter} host - optional host adapter `{load(), append(events), subscribe?(receive)}`:
 *   the ATS backend keeps the event log too, and other recruiters' events arrive through it
 *
 * @fires runnerup-change - after the recruiter records something; detail `{events}` (the events appended).
 *   Not fired for saves caused by setting `candidates` / `requisitions`.
 * @fires runnerup-erasure - people's personal data was erased here (or the host sent someone already
 *   erased); detail `{candidateIds}`: erase them in the host too.
 * @fires runnerup-erase-request - before an erasure the recruiter confirmed; cancelable, detail `{candidateId}`
 * @fires runnerup-sync - after an exchange with the host adapter; detail `{received, sent, error}` (error
 *   `{code, message}` or null)
 * @fires runnerup-error - when loading, saving or a host record fails; detail `{code, message, path}`
 * @fires runnerup-writeback - after the recruiter closes out a requisition, marks its hire backed out, reopens it
 *   for the next in line, or undoes one of these: what the host stores, detail `{action, undone, requisition:
 *   {id, code, status, hiredCandidateId, reopenedFor}, candidates: [{id, atsIds, applicationId, status, rank}]}`
 *   (README.md, "Events")
 *
 * @csspart base - the widget's outer box
 * @csspart header - the title bar with the actions
 * @csspart button - every button
 * @csspart alert - the error region
 * @csspart status - the confirmation region
 * @csspart notice - the reminder to export when the browser does not keep the pool for good
 * @csspart tab - each view's tab (Pool, Next in line, Follow-ups, Feedback owed, Insights; views/registry.js)
 * @csspart table - the pool table
 * @csspart row - one runner-up row
 * @csspart form - the record-outcome form (in a modal dialog)
 *
 * @cssprop --runnerup-font-family - font stack (default: system-ui, sans-serif; the page's own font does not reach in)
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
    candidate: { type: String },
    locale: { type: String },
    today: { type: String },
    candidates: { attribute: false },
    requisitions: { attribute: false },
    recruiters: { attribute: false },
    storage: { attribute: false },
    host: { attribute: false },
    _phase: { state: true },
    _loadPercent: { state: true },
    _entries: { state: true },
    _poolTotal: { state: true },
    _lastAction: { state: true },
    _knownRequisitions: { state: true },
    _taxonomy: { state: true },
    _error: { state: true },
    _errorsBefore: { state: true },
    _status: { state: true },
    _sync: { state: true },
    _tab: { state: true },
    _cardId: { state: true },
    _viewState: { state: true },
  };

  static styles = [...elementStyles, ...viewStyles];

  #hostDataDirty = false;
  #reminder = new PersistenceReminder(this);
  #accent = new AccentContrast(this);
  #names = new NameDirectory(this, () => this.#session.pool, () => this.candidates);
  #session = new PoolSession(this, {
    report: (error, source, extra) => this.#report(error, source, extra),
    names: (names) => this.#names.take(names),
    opened: (current) => {
      this.#hostDataDirty = true;
      this.requestUpdate();
      if (!this.storage) this.#reminder.check(current);
    },
  });
  #outcome = new OutcomeDialog(this, {
    pool: () => this.#session.pool,
    scope: () => poolScope(this.#context()),
    requisition: () => this.requisition,
    clearError: () => {
      if (this._error?.source === OUTCOME) this._error = null;
    },
    clearStatus: () => (this._status = ''),
    focusAfterUpdate: (selector) => (this.#focusAfterUpdate = selector),
    run: (command, options) => this.#run(command, options),
    recordedStatus: (values) => {
      const i = this.#i();
      const name = this.#names.name(values.candidateId, this.#collator());
      const outcome = i.label('outcomes', values.outcome, this._taxonomy.outcomes.find((o) => o.code === values.outcome)?.label);
      return i.t('status.outcomeRecorded', { name, outcome });
    },
    show: () => this.#setState('pool', { filter: '*' }),
  });
  #focusAfterUpdate = null;
  #focusError = false;
  #cardOpener = null;
  constructor() {
    super();
    this.pool = 'default';
    this.actor = '';
    this.requisition = '';
    this.candidate = '';
    this.locale = '';
    this.candidates = [];
    this.requisitions = [];
    this.recruiters = [];
    this.storage = undefined;
    this.host = undefined;
    this._phase = 'loading';
    this._loadPercent = null;
    this._entries = [];
    this._poolTotal = 0;
    this._lastAction = null;
    this._knownRequisitions = [];
    this._taxonomy = EMPTY_TAXONOMY;
    this._error = null;
    this._errorsBefore = [];
    this._status = '';
    this._sync = null;
    this.today = '';
    this._tab = views[0].id;
    this._cardId = '';
    this._viewState = {};
  }

  // A page that changes its language (<html lang>, or an ancestor's) changes the widget's, when it has no `locale`.
  #langObserver = null;

  connectedCallback() {
    super.connectedCallback();
    if (!this.#langObserver && typeof MutationObserver !== 'undefined' && this.ownerDocument?.documentElement) {
      this.#langObserver = new MutationObserver(() => {
        if (!this.locale) this.requestUpdate();
      });
      this.#langObserver.observe(this.ownerDocument.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    }
    this.requestUpdate(); // (re)opens the pool in willUpdate
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#langObserver?.disconnect();
    this.#langObserver = null;
  }

  willUpdate(changed) {
    if (changed.has('locale') && changed.get('locale') !== undefined) this._status = ''; // said in the other language
    this.#session.openIfChanged(changed);
    if (changed.has('candidates') || changed.has('requisitions')) {
      this.#hostDataDirty = true;
      this.#names.clearRefused();
    }
    if (changed.has('recruiters')) this.#readRecruiters();
    if (changed.has('candidate')) {
      this.#cardOpener = null;
      this._cardId = this.candidate || '';
    }
    if (this.#hostDataDirty && this.#session.pool) {
      this.#hostDataDirty = false;
      this.#saveHostData();
    }
    this.#session.readIfChanged();
  }

  updated() {
    const dialog = this.renderRoot.querySelector('dialog.outcome');
    if (dialog && !dialog.open) {
      dialog.showModal();
      if (!this.#focusAfterUpdate) this.#focusAfterUpdate = '#outcome-candidateId';
    }
    if (this.#focusError) {
      this.#focusError = false;
      this.#focusErrorField();
    }
    if (this.#focusAfterUpdate) {
      // a selector, or several in order of preference (the first that finds an element)
      const selectors = [].concat(this.#focusAfterUpdate);
      this.#focusAfterUpdate = null;
      selectors.map((selector) => this.renderRoot.querySelector(selector)).find(Boolean)?.focus();
    }
  }

  /** Focuses the control the showing error's path names, in the form that caused it. */
  #focusErrorField() {
    const e = this._error;
    if (!e?.path) return;
    const scope = [...this.renderRoot.querySelectorAll(`[data-source="${CSS.escape(e.source)}"]`)];
    const controls = scope.flatMap((form) => [...form.querySelectorAll('[data-path]')]);
    const matching = controls
      .filter((c) => pathMatches(e, e.source, c.dataset.path))
      .sort((a, b) => b.dataset.path.length - a.dataset.path.length);
    matching[0]?.focus();
  }

  // --- the host's records (the pool itself: element/pool-session.js) --------------------------

  /** Saves what the host handed over (element/host-records.js). */
  #saveHostData() {
    return saveHostRecords(
      this.#session.pool,
      { requisitions: this.requisitions, candidates: this.candidates },
      {
        erased: (candidateId) =>
          this.dispatchEvent(new CustomEvent('runnerup-erasure', { bubbles: true, composed: true, detail: { candidateIds: [candidateId] } })),
        failed: (error, extra) => this.#report(error, 'pool', extra),
        refused: (kind, id) => {
          if (kind === 'candidate') this.#names.refuse(id);
        },
      },
    );
  }

  /** The host's names for its recruiters (`recruiters`); a malformed value is reported and none are used. */
  #people = new Map();
  #readRecruiters() {
    try {
      this.#people = recruiterDirectory(this.recruiters);
    } catch (error) {
      this.#people = new Map();
      queueMicrotask(() => this.#report(error, 'pool', error.wrap ? { wrap: error.wrap } : {}));
    }
  }

  // --- errors and events ----------------------------------------------------------------------

  #report(error, source = 'pool', extra = {}) {
    const unexpected = !(error instanceof RunnerUpError);
    const e = unexpected
      ? new RunnerUpError('internal', translator('en').t('error.unexpected', { message: String(error?.message || error) }), '', {
          cause: error,
        })
      : error;
    if (unexpected) extra = { ...extra, wrap: { key: 'error.unexpected', params: {}, inner: { code: 'internal', message: String(error?.message || error), path: '' } } };
    const shown = { code: e.code, message: e.message, path: e.path, source, ...extra };
    // Several refusals at once (the host's records) are listed together, not only the last.
    const earlier = this._error && this._error.source !== OUTCOME && source !== OUTCOME ? [...this._errorsBefore, this._error] : [];
    this._errorsBefore = earlier.filter((x) => !(x.code === shown.code && x.message === shown.message && x.path === shown.path));
    this._error = shown;
    this._status = '';
    this.dispatchEvent(
      new CustomEvent('runnerup-error', {
        bubbles: true,
        composed: true,
        detail: { code: e.code, message: e.message, path: e.path },
      }),
    );
  }

  // --- actions --------------------------------------------------------------------------------

  /** Records a command for a view; see ViewContext.run in views/registry.js. */
  async #run(command, { source = 'pool', status = '', focus = '', ...extra } = {}) {
    const pool = this.#session.pool;
    if (!pool) return false;
    this.#clearErrors();
    this._status = '';
    try {
      const events = await pool.record(command);
      this._status = events.length ? status || this.#i().t('status.saved') : this.#i().t('status.nothingChanged');
      if (events.length) this.#writeBack(pool, events);
      if (focus) this.#focusAfterUpdate = focus;
      return true;
    } catch (error) {
      if (error?.code === 'disposed' && !this.isConnected) return false; // removed while saving
      this.#report(error, source, extra);
      this.#focusError = true;
      return false;
    }
  }

  /**
   * Tells the host what a close-out, a back-out, a reopening or the undo of one changed: one
   * `runnerup-writeback` per requisition, its detail the core's answer (the writeBack query:
   * the ATS ids and their statuses). Only for this recruiter's own actions, once.
   */
  #writeBack(pool, events) {
    let answer;
    try {
      answer = pool.query({ type: 'writeBack', eventIds: events.map((e) => e.id) });
    } catch (error) {
      this.#report(error);
      return;
    }
    for (const detail of answer.writeBacks)
      this.dispatchEvent(new CustomEvent('runnerup-writeback', { bubbles: true, composed: true, detail }));
  }

  #poolPageCache = null;

  /**
   * The pool table's page for a scope ('*' or a requisition id) and its filters (`outcome`,
   * `includeNotAFit`): the element holds the whole pool's unfiltered first page; any other page
   * is asked of the core once per change of the pool, not on every render.
   */
  #poolPage(scope, { outcome = '', includeNotAFit = true } = {}) {
    if (scope === '*' && !outcome && includeNotAFit) return { total: this._poolTotal, entries: this._entries };
    const key = JSON.stringify([scope, outcome, includeNotAFit]);
    const cached = this.#poolPageCache;
    if (cached && cached.key === key && cached.source === this._entries) return cached.page;
    const page = this.#query({
      type: 'pool',
      ...(scope !== '*' ? { requisitionId: scope } : {}),
      ...(outcome ? { outcomes: [outcome] } : {}),
      includeNotAFit,
      limit: POOL_TABLE_LIMIT,
    });
    if (page) this.#poolPageCache = { key, source: this._entries, page };
    return page;
  }

  #query(query) {
    if (!this.#session.pool) return null;
    try {
      return this.#session.pool.query(query);
    } catch (error) {
      queueMicrotask(() => this.#report(error));
      return null;
    }
  }

  /** The `today` property when set to a date, else the core's today (pool.today()). */
  #today() {
    if (/^\d{4}-\d{2}-\d{2}$/.test(this.today || '')) return this.today;
    try {
      return this.#session.pool ? this.#session.pool.today() : '';
    } catch (error) {
      queueMicrotask(() => this.#report(error));
      return '';
    }
  }

  #setState(viewId, patch, focus = '') {
    this._viewState = { ...this._viewState, [viewId]: { ...(this._viewState[viewId] || {}), ...patch } };
    if (focus) this.#focusAfterUpdate = focus;
  }

  /** No error shows any more. */
  #clearErrors() {
    this._error = null;
    this._errorsBefore = [];
  }

  /** A form's error goes when the recruiter leaves the form; the pool's own errors stay listed. */
  #dropFormErrors() {
    if (!this._error || this._error.source === 'pool') return;
    const kept = this._errorsBefore.filter((e) => e.source === 'pool');
    this._error = kept.pop() ?? null;
    this._errorsBefore = kept;
  }

  #selectTab(id, focusTab = false) {
    this._tab = id;
    this._cardId = '';
    this.#setState(DRAFT_VIEW, { open: false });
    this._status = ''; // a confirmation belongs to where it was given
    this.#dropFormErrors();
    if (focusTab) this.#focusAfterUpdate = `#ru-tab-${id}`;
  }

  #openCard(candidateId, opener) {
    this.#cardOpener = opener?.dataset?.card ? { tab: this._tab, id: opener.dataset.card } : null;
    this._cardId = candidateId;
    this._status = '';
    this.#dropFormErrors();
    this.#setState(DRAFT_VIEW, { open: false });
    this.#setState('card', { flagsFor: '' });
    this.#focusAfterUpdate = '#ru-card-title';
  }

  /** Opens the feedback draft for a person (and requisition); `opener` gets the focus back when it closes. */
  #openDraft(candidateId, requisitionId, opener) {
    this._status = '';
    this.#dropFormErrors();
    const back = opener?.id ? `#${CSS.escape(opener.id)}` : opener?.dataset?.draft ? `[data-draft="${CSS.escape(opener.dataset.draft)}"]` : '';
    this._viewState = {
      ...this._viewState,
      [DRAFT_VIEW]: { open: true, candidateId, requisitionId: requisitionId || '', language: '', subject: null, text: null, confirming: false, copy: '', back },
    };
    this.#focusAfterUpdate = '#ru-draft-title';
  }

  #closeDraft() {
    const back = this._viewState[DRAFT_VIEW]?.back;
    this.#setState(DRAFT_VIEW, { open: false });
    this.#dropFormErrors();
    // the button that opened it; when that is gone (the person is owed nothing any more), the card or the tab
    this.#focusAfterUpdate = [back, this._cardId ? '#ru-card-title' : `#ru-tab-${this._tab}`].filter(Boolean);
  }

  #closeCard() {
    const back = this.#cardOpener;
    this._cardId = '';
    this._status = '';
    this.#focusAfterUpdate = back ? `[role=tabpanel] [data-card="${CSS.escape(back.id)}"]` : `#ru-tab-${this._tab}`;
  }

  #onTabKey(event) {
    const ids = views.map((v) => v.id);
    const i = ids.indexOf(this._tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ids.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#selectTab(ids[(next + ids.length) % ids.length], true);
  }

  #context() {
    const i = this.#i();
    const taxonomy = this._taxonomy;
    const { byId: byCandidate } = this.#names.index(this.#collator());
    const candidates = this.#names.dialogCandidates(this.#collator(), this.#outcome.ui.candidateId);
    const requisitions = this.#sortedRequisitions();
    const byRequisition = new Map(this._knownRequisitions.map((r) => [r.id, r]));
    return {
      pool: this.#session.pool,
      today: this.#today(),
      limits: this.#session.pool ? this.#session.pool.limits() : null,
      actor: this.actor,
      locale: i.locale,
      i,
      t: i.t,
      h: i.h,
      day: i.day,
      requisitionId: this.requisition || '',
      taxonomy,
      entries: this._entries,
      poolTotal: this._poolTotal,
      poolPage: (scope, filters) => this.#poolPage(scope, filters),
      candidates,
      requisitions,
      error: this._error,
      query: (q) => this.#query(q),
      run: (command, options) => this.#run(command, options),
      state: (id) => this._viewState[id] || {},
      setState: (id, patch, focus) => this.#setState(id, patch, focus),
      openCard: (id, opener) => this.#openCard(id, opener),
      selectTab: (id) => this.#selectTab(id, true),
      openOutcome: (preset) => this.#outcome.show(preset),
      openDraft: (candidateId, requisitionId, opener) => this.#openDraft(candidateId, requisitionId, opener),
      label: (kind, code, coreLabel) => i.label(kind, code, coreLabel ?? (taxonomy[kind] || []).find((x) => x.code === code)?.label),
      candidateName: (id) => byCandidate.get(id)?.name || this.#names.name(id, this.#collator()),
      requisitionTitle: (id) => byRequisition.get(id)?.title || id,
      number: (n) => this.#formatNumber(n),
      actorName: (id, after) => actorName(id, { actor: this.actor, people: this.#people, i, after }),
      personName: (value, after, isActor) => (isActor ? actorName : personName)(value, { actor: this.actor, people: this.#people, i, after }),
      addDays,
    };
  }

  // --- rendering ------------------------------------------------------------------------------

  render() {
    const ready = this._phase === 'ready';
    const ctx = ready ? this.#context() : null;
    const i = this.#i();
    const { t } = i;
    const panelError = this._error && this._error.source !== OUTCOME;
    // the language of the words shown: the locale itself when its catalogue speaks it ("de-AT"), else the catalogue's
    const lang = i.locale.toLowerCase().split('-')[0] === i.lang ? i.locale : i.lang;
    return html`
      <section class="base" part="base" aria-labelledby="ru-title" lang=${lang}>
        <header part="header">
          <h2 id="ru-title">
            ${t('app.title')}
            ${ready ? html`<span class="count">(${this.#formatNumber(this._poolTotal)})</span>` : nothing}
          </h2>
          ${ready ? this.#renderToolbar(ctx) : nothing}
        </header>
        ${ready ? this.#renderTabs(t) : nothing}
        <div class="alert" part="alert" role="alert" id="ru-alert">${panelError ? this.#renderError() : nothing}</div>
        <div class="status" part="status" role="status">${this._status ? html`<p>${this._status}</p>` : nothing}</div>
        ${this._phase === 'loading'
          ? html`<p class="message">${this._loadPercent === null ? t('app.loading') : t('app.loadingPercent', { pct: this._loadPercent })}</p>
              ${this._loadPercent === null ? nothing : html`<progress part="progress" max="100" .value=${this._loadPercent} aria-label=${t('app.loading')}></progress>`}`
          : nothing}
        ${this._phase === 'failed' && !this._error ? html`<p class="message">${t('app.failed')}</p>` : nothing}
        ${ready
          ? html`<div role="tabpanel" id="ru-panel" aria-labelledby="ru-tab-${this._tab}" tabindex="0">
              ${this._viewState[DRAFT_VIEW]?.open
                ? renderFeedbackDraft(ctx, () => this.#closeDraft())
                : this._cardId
                ? renderCandidateCard(ctx, this._cardId, () => this.#closeCard())
                : (views.find((v) => v.id === this._tab) || views[0]).render(ctx)}
            </div>`
          : nothing}
        ${ready && this.#reminder.notice && this.#keptOnlyHere()
          ? html`<div class="notice" part="notice" role="note" id="ru-storage-notice">
              <p>${t('storage.notPersisted')}</p>
              <button type="button" part="button" @click=${() => this.#selectTab('transfer')}>${t('storage.exportNow')}</button>
              <button type="button" part="button" @click=${() => this.#reminder.remindLater()}>${t('storage.remindLater')}</button>
            </div>`
          : nothing}
        ${ready && this.#outcome.open
          ? renderOutcomeDialog(ctx, {
              ui: this.#outcome.ui,
              saving: this.#outcome.saving,
              onUi: (patch) => this.#outcome.edit(patch),
              onSubmit: (e) => this.#outcome.submit(e),
              onCancel: () => this.#outcome.close(),
            })
          : nothing}
      </section>
    `;
  }

  #renderTabs(t) {
    return html`<nav role="tablist" aria-label=${t('app.tabs')} @keydown=${(e) => this.#onTabKey(e)}>
      ${views.map(
        (v) => html`<button type="button" role="tab" id="ru-tab-${v.id}" part="tab" aria-controls="ru-panel"
          aria-selected=${this._tab === v.id ? 'true' : 'false'} tabindex=${this._tab === v.id ? '0' : '-1'}
          @click=${() => this.#selectTab(v.id)}>${t(v.key)}</button>`,
      )}
    </nav>`;
  }

  #renderToolbar(ctx) {
    const last = this._lastAction;
    // Undo is offered only when the core says it would succeed (never after an erasure)
    const what = last?.undoable && last.events?.length ? describeEvent(last.events[0], ctx) : '';
    const { t } = ctx;
    return html`
      <div class="toolbar">
        ${what
          ? html`<button type="button" part="button" class="undo" id="ru-undo" title=${t('app.undo', { what })}
              @click=${() => this.#run({ type: 'undoLast' }, { status: t('status.undone', { what }), focus: '#ru-undo' })}>${t('app.undo', { what })}</button>`
          : nothing}
        <button id="ru-open-form" class="primary" part="button" aria-haspopup="dialog"
          @click=${() => this.#outcome.show()}>${t('app.recordOutcome')}</button>
        ${this._sync
          ? html`<span class="sync" part="sync" id="ru-sync" data-state=${this._sync.state}>${t(`sync.${this._sync.state}`, { n: this.#formatNumber(this._sync.waiting) })}</span>`
          : nothing}
      </div>
    `;
  }

  #renderError() {
    if (!this._error) return nothing;
    const i = this.#i();
    const { t } = i;
    const all = [...this._errorsBefore, this._error];
    return html`${all.length === 1
        ? html`<p>${errorText(i, this._error)}</p>`
        : html`<div><p>${t('app.severalErrors', { count: all.length })}</p><ul class="errors">${all.map((e) => html`<li>${errorText(i, e)}</li>`)}</ul></div>`}<button
        part="button"
        aria-label=${t('app.dismissError')}
        title=${t('app.dismiss')}
        @click=${() => this.#clearErrors()}
      >✕</button>`;
  }

  // --- helpers --------------------------------------------------------------------------------

  /**
   * Whether the pool holds what no host keeps: the reminder to export is about that. With a host
   * adapter the ATS's backend keeps the log (what waits to be sent shows in the toolbar); without
   * one, the runner-ups recorded or imported here live in this browser only (the host's own
   * candidates and requisitions are the ATS's). A new, empty pool is not reminded of anything.
   */
  #keptOnlyHere() {
    return !this.host && this._poolTotal > 0;
  }

  /** The translator for the locale in use: the `locale` attribute, else the closest `lang`, else the browser's. */
  #i() {
    return translator(resolveLocale(this.locale, this));
  }

  #collator() {
    return this.#i().collator;
  }

  #sortedRequisitions() {
    const collator = this.#collator();
    return [...this._knownRequisitions].sort((a, b) => collator.compare(a.title, b.title));
  }

  #formatNumber(n) {
    return this.#i().number(n);
  }
}

if (!customElements.get('runnerup-pool')) customElements.define('runnerup-pool', RunnerUpPool);
