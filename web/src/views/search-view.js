// <runnerup-search>: find people again when a new opening comes: everyone the ATS did not hire,
// one row per person shown by their primary outcome (the core chooses it). Full-text search (case and
// diacritics folded by the core: "muller" finds "Müller"), filters, sort, and ranking against a
// requisition with each score broken down by factor. Results update at every keystroke and sit
// in a virtualised list: only the rows in view are in the DOM, fetched from the core a page at a
// time with `fields: "row"`, so 100,000 runner-ups scroll like 100.
//
//   <runnerup-search .pool=${pool} .openCandidate=${(id) => ...} today="2026-11-22"
//     requisition="req-101" locale="de"></runnerup-search>
import { LitElement, css, html, nothing } from 'lit';
import { resolveLocale, translator } from '../i18n/index.js';
import { errorText } from './fields.js';
import { privacyStyles } from './privacy-kit.js';
import { factorDetail } from './words.js';

/** Height of one result row, in pixels (rows are clipped to it, so the list can be virtual). */
export const ROW_HEIGHT = 60;
const PAGE = 100; // rows fetched from the core per query
const OVERSCAN = 6; // rows rendered above and below the visible ones
const ANNOUNCE_AFTER_MS = 500; // the result count is announced once typing pauses

const FLAG_FILTERS = ['openToContract', 'openToPartTime', 'futureRoles', 'followUpDue', 'feedbackOwed', 'includeBlocked'];

export class RunnerUpSearch extends LitElement {
  static properties = {
    pool: { attribute: false },
    openCandidate: { attribute: false },
    today: { type: String },
    requisition: { type: String },
    locale: { type: String },
    _text: { state: true },
    _rankFor: { state: true },
    _filters: { state: true },
    _sort: { state: true },
    _total: { state: true },
    _first: { state: true },
    _explained: { state: true },
    _error: { state: true },
    _announcement: { state: true },
    _progress: { state: true },
    _leftOut: { state: true },
  };

  static styles = [
    privacyStyles,
    css`
      .controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin-bottom: 0.5rem; }
      .controls .grow { flex: 1 1 16rem; }
      .controls .grow input { width: 100%; }
      fieldset { border: none; margin: 0 0 0.5rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
      legend { font-size: 0.9em; color: var(--_muted, #596573); padding: 0; margin-bottom: 0.25rem; }
      .summary { margin: 0.25rem 0 0.5rem; color: var(--_muted, #596573); }
      .results {
        position: relative; height: min(32rem, 60vh); overflow-y: auto; overscroll-behavior: contain;
        border: 1px solid var(--_border, #d8dee6); border-radius: var(--_radius, 6px);
        list-style: none; margin: 0; padding: 0;
      }
      .results:focus-visible { outline: 2px solid var(--_accent, #1d5fd1); outline-offset: 2px; }
      .spacer { position: relative; width: 100%; margin: 0; padding: 0; list-style: none; }
      .hit {
        position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; overflow: hidden;
        display: grid; grid-template-columns: minmax(10rem, 2fr) minmax(8rem, 2fr) minmax(8rem, 2fr) auto;
        gap: 0 0.75rem; align-items: center; padding: 0 0.75rem; border-bottom: 1px solid var(--_border, #d8dee6);
      }
      .hit > * { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      /* narrow (a side panel, a phone): the four columns share the row, each cut short with an
         ellipsis rather than pushed past the edge; the name opens the whole of it */
      @container (max-width: 600px) {
        .hit { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr) minmax(0, 2fr) auto; gap: 0 0.5rem; padding: 0 0.5rem; }
      }
      .hit .sub { display: block; color: var(--_muted, #596573); font-size: 0.85em; overflow: hidden; text-overflow: ellipsis; }
      .hit .name-link { font-weight: 600; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .hit.loading { color: var(--_muted, #596573); }
      .score { text-align: end; font-variant-numeric: tabular-nums; }
      .badges .badge { margin-inline-end: 0.25rem; background: var(--_subtle, #f5f7fa); }
      .badge.dnc { background: #fdecea; color: var(--_danger, #b42318); }
      .factors { margin-top: 0.75rem; }
      .factors td.points { text-align: end; font-variant-numeric: tabular-nums; }
      .badge.hired-elsewhere { background: #fff4e5; }
      .note-line { margin: 0.25rem 0 0.5rem; }
      .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    `,
  ];

  #onChange = () => this.#reset();
  #listening = null;
  #pages = new Map(); // page start -> hits
  #announceTimer = 0;
  #scrollFrame = 0;

  constructor() {
    super();
    this._text = '';
    this._rankFor = null; // null: follow the element's requisition until the recruiter chooses
    this._filters = {};
    this._sort = 'relevance';
    this._total = 0;
    this._first = 0;
    this._explained = null;
    this._error = null;
    this._announcement = '';
    this._progress = null; // 0..1 while the search index is being built
    // what the core's answer says its filters left out: {includeNotAFit, notAFitLeftOut, outsideFilters}
    this._leftOut = { includeNotAFit: true, notAFitLeftOut: 0, outsideFilters: 0 };
  }

  willUpdate(changed) {
    if (changed.has('pool') && this.pool !== this.#listening) {
      this.#listening?.removeEventListener('change', this.#onChange);
      this.pool?.addEventListener('change', this.#onChange);
      this.#listening = this.pool;
    }
    if (changed.has('pool') || changed.has('today') || changed.has('requisition')) this.#reset();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
    clearTimeout(this.#announceTimer);
    cancelAnimationFrame(this.#scrollFrame);
  }

  // Positions go through the CSSOM after each render: a strict style-src ('self', no
  // 'unsafe-inline') refuses style attributes, not properties set from script.
  updated() {
    const spacer = this.renderRoot.querySelector('.spacer');
    if (!spacer) return;
    const height = Number(spacer.dataset.total) * ROW_HEIGHT;
    spacer.style.height = `${height}px`;
    spacer.parentElement.style.height = `min(32rem, 60vh, ${height + 2}px)`; // a short list takes only its rows
    for (const row of spacer.children) row.style.top = `${Number(row.dataset.index) * ROW_HEIGHT}px`;
  }

  #i() {
    return translator(resolveLocale(this.locale, this));
  }

  #today() {
    return this.today || this.pool.today();
  }

  /** The requisition results are ranked for ("" for none). */
  #stageLabel(code) {
    return this.pool.taxonomy().stages.find((x) => x.code === code)?.label;
  }

  #rankFor() {
    if (this._rankFor !== null) return this._rankFor;
    return this.requisition && this.#requisitions().some((r) => r.id === this.requisition) ? this.requisition : '';
  }

  #requisitions() {
    if (!this.pool || this.pool.disposed) return [];
    const collator = new Intl.Collator(resolveLocale(this.locale, this));
    return this.pool
      .query({ type: 'requisitions' })
      .requisitions.slice()
      .sort((a, b) => collator.compare(a.title, b.title));
  }

  /** The core's search query for a page of results. */
  #query(offset) {
    const f = this._filters;
    const filters = {};
    for (const key of ['openToContract', 'openToPartTime', 'futureRoles', 'feedbackOwed', 'includeBlocked']) if (f[key]) filters[key] = true;
    if (f.followUpDue) filters.followUpDueBy = this.#today();
    if (f.reason) filters.reasons = [f.reason];
    if (f.minStage) filters.minStage = f.minStage;
    if (f.outcome) filters.outcomes = [f.outcome];
    if (typeof f.includeNotAFit === 'boolean') filters.includeNotAFit = f.includeNotAFit; // else the core's default
    const rankFor = this.#rankFor();
    return {
      type: 'search',
      today: this.#today(),
      text: this._text,
      ...(rankFor ? { requisitionId: rankFor } : {}),
      filters,
      sort: this._sort,
      offset,
      limit: PAGE,
      fields: 'row',
    };
  }

  #preparing = false;

  /**
   * Builds the search index in steps (a large pool's takes seconds; the page keeps running and
   * shows how far it is), then searches.
   */
  async #prepare() {
    if (this.#preparing) return;
    this.#preparing = true;
    const pool = this.pool;
    this._progress = 0;
    try {
      await pool.prepareSearch(this.#today(), { onProgress: (p) => (this._progress = p) });
    } catch (error) {
      this._error = error;
    } finally {
      this.#preparing = false;
      this._progress = null;
    }
    if (this.pool === pool && !pool.disposed) this.#reset();
  }

  /** Runs the search again from the top (the query or the pool changed). */
  #reset() {
    this.#pages.clear();
    this._explained = null;
    if (!this.pool || this.pool.disposed) return;
    if (this.#preparing) return; // searches once the index is ready
    if (!this.pool.searchReady(this.#today())) {
      this.#prepare();
      return;
    }
    try {
      const first = this.pool.query(this.#query(0));
      this.#pages.set(0, first.hits);
      this._total = first.total;
      this._leftOut = { includeNotAFit: first.includeNotAFit, notAFitLeftOut: first.notAFitLeftOut, outsideFilters: first.outsideFilters };
      this._error = null;
    } catch (error) {
      this._total = 0;
      this._leftOut = { includeNotAFit: true, notAFitLeftOut: 0, outsideFilters: 0 };
      this._error = error;
    }
    const list = this.renderRoot?.querySelector('.results');
    if (list) list.scrollTop = 0;
    this._first = 0;
    this.#announce();
    this.requestUpdate();
  }

  #announce() {
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      this._announcement = this._error ? '' : this.#i().t('search.found', { count: this._total });
    }, ANNOUNCE_AFTER_MS);
  }

  /** The hit at `index`, fetching its page from the core when it is not held yet. */
  #hit(index) {
    const start = index - (index % PAGE);
    let page = this.#pages.get(start);
    if (!page) {
      try {
        page = this.pool.query(this.#query(start)).hits;
      } catch (error) {
        this._error = error;
        page = [];
      }
      this.#pages.set(start, page);
      if (this.#pages.size > 50) this.#pages.delete(this.#pages.keys().next().value); // keep memory flat
    }
    return page[index - start];
  }

  /**
   * Shows (or hides) the factors of one hit. Pages come without them (a list of 50 rows does not
   * show 400 factors); the core explains the one hit asked for, at its place in the same query.
   */
  #explain(hit) {
    if (this._explained?.id === hit.id) {
      this._explained = null;
      return;
    }
    try {
      const [explained] = this.pool.query({ ...this.#query(hit.rank - 1), limit: 1, explain: true }).hits;
      this._explained = explained?.id === hit.id ? explained : { ...hit, factors: [] };
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  #onScroll(event) {
    const top = event.currentTarget.scrollTop;
    cancelAnimationFrame(this.#scrollFrame);
    this.#scrollFrame = requestAnimationFrame(() => {
      this._first = Math.floor(top / ROW_HEIGHT);
    });
  }

  #setFilter(key, value) {
    this._filters = { ...this._filters, [key]: value };
    this.#reset();
  }

  /** Drops every filter, blocked and "not a fit" people included: the people a text alone finds. */
  #showOutsideFilters() {
    this._filters = { includeBlocked: true, includeNotAFit: true };
    this.#reset();
  }

  render() {
    const i = this.#i();
    const { t } = i;
    if (!this.pool || this.pool.disposed) return nothing;
    const taxonomy = this.pool.taxonomy();
    const label = (kind, x) => i.label(kind, x.code, x.label);
    const rankFor = this.#rankFor();
    const requisitions = this.#requisitions();
    return html`
      <div class="controls">
        <label class="grow">${t('search.text')}
          <input type="search" id="ru-search-text" .value=${this._text} autocomplete="off" spellcheck="false"
            placeholder=${t('search.placeholder')}
            @input=${(e) => {
              this._text = e.target.value;
              this.#reset();
            }} />
        </label>
        <label>${t('search.rankFor')}
          <select id="ru-search-rank" @change=${(e) => {
            this._rankFor = e.target.value;
            this.#reset();
          }}>
            <option value="" ?selected=${rankFor === ''}>${t('search.noRanking')}</option>
            ${requisitions.map((r) => html`<option value=${r.id} ?selected=${rankFor === r.id}>${r.title}</option>`)}
          </select>
        </label>
        <label>${t('search.sort')}
          <select id="ru-search-sort" @change=${(e) => {
            this._sort = e.target.value;
            this.#reset();
          }}>
            ${['relevance', 'name', 'decided', 'lastContact'].map(
              (s) => html`<option value=${s} ?selected=${this._sort === s}>${t(`search.sort.${s}`)}</option>`,
            )}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>${t('search.filters')}</legend>
        ${FLAG_FILTERS.map(
          (key) => html`<label class="inline"><input type="checkbox" .checked=${!!this._filters[key]}
            @change=${(e) => this.#setFilter(key, e.target.checked)} />${t(`search.filter.${key}`)}</label>`,
        )}
        <label class="inline">${t('search.filter.reason')}
          <select @change=${(e) => this.#setFilter('reason', e.target.value)}>
            <option value="">${t('search.any')}</option>
            ${taxonomy.reasons.map((r) => html`<option value=${r.code} ?selected=${this._filters.reason === r.code}>${label('reasons', r)}</option>`)}
          </select>
        </label>
        <label class="inline"><input type="checkbox" id="ru-search-not-a-fit" .checked=${this._leftOut.includeNotAFit}
          @change=${(e) => this.#setFilter('includeNotAFit', e.target.checked)} />${t('filter.includeNotAFit')}</label>
        <label class="inline">${t('pool.filter.outcome')}
          <select id="ru-search-outcome" @change=${(e) => this.#setFilter('outcome', e.target.value)}>
            <option value="">${t('pool.filter.anyOutcome')}</option>
            ${taxonomy.outcomes.filter((o) => o.inPool).map((o) => html`<option value=${o.code} ?selected=${this._filters.outcome === o.code}>${label('outcomes', o)}</option>`)}
          </select>
        </label>
        <label class="inline">${t('search.filter.minStage')}
          <select @change=${(e) => this.#setFilter('minStage', e.target.value)}>
            <option value="">${t('search.any')}</option>
            ${taxonomy.stages.map((s) => html`<option value=${s.code} ?selected=${this._filters.minStage === s.code}>${label('stages', s)}</option>`)}
          </select>
        </label>
      </fieldset>
      ${this._error ? html`<p class="alert" role="alert">${errorText(i, this._error)}</p>` : nothing}
      ${this._progress !== null
        ? html`<p class="summary" id="ru-search-summary" role="status">${t('search.preparing', { percent: i.number(Math.floor(this._progress * 100)) })}</p>
            <progress max="100" .value=${Math.floor(this._progress * 100)} aria-labelledby="ru-search-summary"></progress>`
        : html`<p class="summary" id="ru-search-summary">${t('search.found', { count: this._total })}</p>
            ${this.#renderLeftOut(i)}
            <p class="visually-hidden" role="status" aria-live="polite">${this._announcement}</p>
            ${this.#renderList(i, rankFor)}
            ${this._explained ? this.#renderFactors(i) : nothing}`}
    `;
  }

  /** What the core says the filters left out, each with the way to show them. */
  #renderLeftOut(i) {
    const { t } = i;
    const { includeNotAFit, notAFitLeftOut, outsideFilters } = this._leftOut;
    return html`${!includeNotAFit && notAFitLeftOut > 0
      ? html`<p class="note-line" id="ru-search-not-a-fit-left-out">${t('search.notAFitLeftOut', { count: notAFitLeftOut })}
          <button type="button" class="link" @click=${() => this.#setFilter('includeNotAFit', true)}>${t('search.showThem')}</button></p>`
      : nothing}
    ${this._total === 0 && outsideFilters > 0
      ? html`<p class="note-line" id="ru-search-outside">${t('search.outsideFilters', { count: outsideFilters })}
          <button type="button" class="link" @click=${() => this.#showOutsideFilters()}>${t('search.showThem')}</button></p>`
      : nothing}`;
  }

  #renderList(i, rankFor) {
    const { t } = i;
    const total = this._total;
    if (total === 0) return this._leftOut.outsideFilters > 0 ? nothing : html`<p class="muted">${t('search.none')}</p>`;
    const visible = Math.ceil(512 / ROW_HEIGHT) + 1;
    const from = Math.max(0, this._first - OVERSCAN);
    const to = Math.min(total, this._first + visible + OVERSCAN);
    const rows = [];
    for (let index = from; index < to; index++) rows.push(this.#renderRow(i, index, this.#hit(index), total, rankFor));
    return html`<div class="results" tabindex="0" aria-labelledby="ru-search-summary" @scroll=${(e) => this.#onScroll(e)}>
      <ul class="spacer" role="list" data-total=${total}>
        ${rows}
      </ul>
    </div>`;
  }

  #renderRow(i, index, hit, total, rankFor) {
    const { t } = i;
    if (!hit) return html`<li class="hit loading" data-index=${index} aria-posinset=${index + 1} aria-setsize=${total}>…</li>`;
    const flags = hit.flags || {};
    const badges = [
      flags.openToContract ? t('flags.openToContract') : '',
      flags.openToPartTime ? t('flags.openToPartTime') : '',
      flags.futureRoles ? t('search.badge.futureRoles') : '',
    ].filter(Boolean);
    const outcome = i.label('outcomes', hit.outcome, this.pool.taxonomy().outcomes.find((o) => o.code === hit.outcome)?.label);
    return html`<li class="hit" data-index=${index} aria-posinset=${index + 1} aria-setsize=${total} data-candidate=${hit.id} data-outcome=${hit.outcome}>
      <span>
        <button type="button" class="link name-link" dir="auto" @click=${() => this.openCandidate?.(hit.id)}>${hit.name}</button>
        <span class="sub" dir="auto">${hit.title}</span>
      </span>
      <span>
        <span dir="auto">${hit.requisitionTitle || hit.requisitionId}</span>
        <span class="sub"><span class="outcome">${outcome}${hit.runnerUpRank ? ` #${i.number(hit.runnerUpRank)}` : ''}</span> · ${i.label('stages', hit.stage, this.#stageLabel(hit.stage))} · ${i.label('reasons', hit.reasonCode, hit.reasonLabel)}${hit.outcomeCount > 1 ? ` · ${t('search.otherOutcomes', { count: hit.outcomeCount - 1 })}` : ''}</span>
      </span>
      <span class="badges">
        ${hit.doNotContact ? html`<span class="badge dnc">${t('flags.doNotContact')}</span>` : nothing}
        ${hit.blocked && !hit.doNotContact ? html`<span class="badge dnc">${t('search.blocked')}</span>` : nothing}
        ${hit.hiredElsewhere ? html`<span class="badge hired-elsewhere">${t('badge.hiredElsewhere')}</span>` : nothing}
        ${badges.map((b) => html`<span class="badge">${b}</span>`)}
      </span>
      <span class="score">
        ${rankFor && hit.score !== undefined
          ? html`<button type="button" class="link" aria-expanded=${this._explained?.id === hit.id ? 'true' : 'false'}
              aria-label=${t('search.why', { name: hit.name, score: i.number(hit.score) })}
              @click=${() => this.#explain(hit)}>${i.number(hit.score)}</button>`
          : nothing}
      </span>
    </li>`;
  }

  #renderFactors(i) {
    const { t } = i;
    const hit = this._explained;
    return html`<section class="factors" aria-labelledby="ru-factors-title">
      <h3 id="ru-factors-title">${t('search.factorsFor', { name: hit.name, score: i.number(hit.score) })}</h3>
      <table>
        <thead><tr><th scope="col">${t('search.factor')}</th><th scope="col">${t('search.detail')}</th><th scope="col">${t('search.points')}</th></tr></thead>
        <tbody>
          ${(hit.factors || []).map(
            (f) => html`<tr><td>${t(`search.factor.${f.name}`)}</td><td dir="auto">${factorDetail(f, { i, label: (kind, code) => i.label(kind, code, this.pool.taxonomy()[kind]?.find((x) => x.code === code)?.label) })}</td><td class="points">${i.number(f.points)}</td></tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}

export function renderSearch(ctx) {
  return html`<div class="view"><runnerup-search .pool=${ctx.pool} .openCandidate=${(id) => ctx.openCard(id)}
    today=${ctx.today} requisition=${ctx.requisitionId || ''} locale=${ctx.locale || ''}></runnerup-search></div>`;
}

if (!customElements.get('runnerup-search')) customElements.define('runnerup-search', RunnerUpSearch);
