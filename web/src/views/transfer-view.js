// <runnerup-transfer-view>: import what the ATS emits (a whole Greenhouse or Lever export, its
// files chosen together or as a folder; CSV with a column mapping the recruiter adjusts; the
// pool's own JSON) with progress and a per-record report, and
// export CSV (the current view or the whole pool), iCalendar follow-ups, JSON Resume and the pool.
//
//   <runnerup-transfer-view .pool=${pool} .viewScope=${requisitionIdOrAll} .viewCount=${n}></runnerup-transfer-view>
//
// Downloads are made in the page (a Blob and <a download>): no request leaves it.
//
// @fires runnerup-imported - bubbles, composed; detail: the import report, after an import landed
// @fires runnerup-open-candidate - bubbles, composed; detail {candidateId}, when a name is chosen
// @csspart alert - the error message
// @csspart report - the per-record report table
import { LitElement, css, html, nothing } from 'lit';
import { resolveLocale, translator } from '../i18n/index.js';
import { errorText } from './fields.js';
import { attempt, privacyStyles } from './privacy-kit.js';
import { poolScope } from './pool-table.js';

/** The import formats, in the order the picker lists them (labels: `transfer.format.<code>`). */
const FORMATS = ['auto', 'greenhouse', 'lever', 'csv', 'pool'];

/** The CSV fields a column can be imported as (labels: `transfer.field.<name>`, else the name). */
const label = (t, prefix, code) => {
  const key = `${prefix}.${code}`;
  const text = t(key);
  return text === key ? code : text;
};

/** A file's or record's document kind as the recruiter reads it (`transfer.kind.<kind>`, else the kind). */
const kindLabel = (t, kind) => label(t, 'transfer.kind', kind);


/** At most this many people are offered by the JSON Resume picker at once (type to narrow). */
const RESUME_CHOICES = 50;

export class RunnerUpTransferView extends LitElement {
  static properties = {
    pool: { attribute: false },
    /** Candidate ids of the view the recruiter is looking at, in its order (enables "CSV of the current view"). */
    viewScope: { attribute: false }, // the pool table's requisition, or '*' for the whole pool
    viewCount: { attribute: false },
    today: { type: String },
    locale: { type: String },
    _file: { state: true },
    /** Several files (a whole export) and the core's plan for them. */
    _files: { state: true },
    _plan: { state: true },
    _format: { state: true },
    _detected: { state: true },
    _csv: { state: true },
    _mapping: { state: true },
    _archiveReasons: { state: true },
    _progress: { state: true },
    _busy: { state: true },
    _report: { state: true },
    _imported: { state: true },
    _error: { state: true },
    _status: { state: true },
    _bom: { state: true },
    _hideNames: { state: true },
    _resumeId: { state: true },
    _resumeText: { state: true },
  };

  static styles = [
    privacyStyles,
    css`
      progress { width: 100%; height: 0.9rem; }
      .row.progress-row { flex-direction: column; align-items: stretch; }
      .counts { display: flex; gap: 1rem; flex-wrap: wrap; margin: 0.5rem 0; }
      .refused td { background: #fdecea; }
      .mapping { max-width: 40rem; }
      .mapping select { width: 100%; }
      .exports { display: grid; gap: 0.75rem; }
      .exports .row button { white-space: nowrap; }
      .scroll { max-height: 24rem; overflow: auto; }
      .files td:first-child { font-family: monospace; }
    `,
  ];

  constructor() {
    super();
    this._format = 'auto';
    this._mapping = {};
    this._bom = false;
    this._hideNames = false;
    this._busy = false;
  }

  // ---- import ----

  /** The files chosen: one is imported alone; several (or a folder) are a whole export. */
  async #chooseMany(list, { folder = false } = {}) {
    let files = [...(list ?? [])];
    // a folder holds the export's .json files beside anything else (as the CLI reads a directory)
    if (folder) files = files.filter((f) => /\.json$/i.test(f.name));
    if (files.length > 1 || (folder && files.length === 1)) return this.#chooseExport(files);
    return this.#choose(files[0]);
  }

  async #chooseExport(files) {
    this._file = null;
    this._files = files;
    this._plan = null;
    this._report = null;
    this._imported = null;
    this._progress = null;
    this._status = null;
    this._csv = null;
    this._detected = null;
    this._error = await attempt(async () => {
      this._plan = await this.pool.previewExport(files, { format: this._format });
    });
  }

  async #choose(file) {
    this._files = null;
    this._plan = null;
    this._file = file ?? null;
    this._report = null;
    this._imported = null;
    this._progress = null;
    this._status = null;
    this._mapping = {};
    await this.#preview();
  }

  async #preview() {
    if (this._files) return this.#chooseExport(this._files);
    this._csv = null;
    this._detected = null;
    this._error = null;
    if (!this._file || !this.pool) return;
    this._error = await attempt(async () => {
      const preview = await this.pool.previewImport(this._file, { format: this._format, mapping: this._mapping });
      this._detected = preview.format;
      this._csv = preview.csv;
    });
  }

  /** Lever: the export's archive reasons (archive_reasons.json), without which the core refuses it. */
  async #chooseReasons(file) {
    this._archiveReasons = null;
    this._error = null;
    if (!file) return;
    try {
      this._archiveReasons = JSON.parse(await file.text());
    } catch (e) {
      this._error = { code: 'malformed_json', message: `${file.name}: ${e.message}`, path: '' };
    }
  }

  #map(header, field) {
    this._mapping = { ...this._mapping, [header]: field || 'ignore' };
    this.#preview();
  }

  async #import() {
    if (this._files) return this.#importExport();
    if (!this._file || this._busy) return;
    this._busy = true;
    this._report = null;
    this._imported = null;
    this._status = null;
    this._progress = { bytesRead: 0, totalBytes: this._file.size ?? null, accepted: 0, merged: 0, refused: 0 };
    const format = this._format === 'auto' ? this._detected || 'auto' : this._format;
    const options = { format, onProgress: (p) => (this._progress = p) };
    if (format === 'csv' && Object.keys(this._mapping).length) options.mapping = this._mapping;
    if (format === 'lever' && this._archiveReasons) options.archiveReasons = this._archiveReasons;
    let report = null;
    this._error = await attempt(async () => {
      report = await this.pool.importFile(this._file, options);
    });
    this._busy = false;
    if (this._error) {
      this._report = this._error.report ?? null;
      return;
    }
    this.#landed(report);
  }

  /** A whole export: the files the core placed, read in its order. */
  async #importExport() {
    if (!this._files?.length || this._busy) return;
    this._busy = true;
    this._report = null;
    this._imported = null;
    this._status = null;
    const totalBytes = this._files.reduce((n, f) => n + (f.size ?? 0), 0);
    this._progress = { bytesRead: 0, totalBytes, accepted: 0, merged: 0, refused: 0 };
    let report = null;
    this._error = await attempt(async () => {
      report = await this.pool.importFiles(this._files, { format: this._format, onProgress: (p) => (this._progress = p) });
    });
    this._busy = false;
    if (this._error) {
      this._report = this._error.report ?? null;
      return;
    }
    this.#landed(report);
  }

  #landed(report) {
    this._report = report;
    // the core counts the records that changed the pool; none (every record read was in it already) is "nothing new"
    const nothingNew = report.changed === 0 && report.unchanged > 0;
    this._imported = nothingNew ? null : this.#importedEntries(report);
    this._status = nothingNew
      ? { key: 'transfer.status.nothingNew', params: { count: report.unchanged, refused: report.refused } }
      : { key: 'transfer.status.imported', params: { accepted: report.accepted, merged: report.merged, refused: report.refused } };
    this.dispatchEvent(new CustomEvent('runnerup-imported', { bubbles: true, composed: true, detail: report }));
  }

  /** The runner-ups this import changed, as the pool now shows them. */
  #importedEntries(report) {
    const touched = new Set(report.records.filter((r) => r.changed).map((r) => r.id));
    return this.pool.list().entries.filter((e) => touched.has(e.candidate.id) || e.candidate.emails?.some((m) => touched.has(m)));
  }

  // ---- export ----

  #download(filename, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this._status = { key: 'transfer.status.downloaded', params: { filename } };
  }

  #stamp() {
    return this.today || this.pool.today();
  }

  /** The pool table's request (all of its people, not only the rows shown): the core reads the view. */
  #view() {
    return this.viewScope && this.viewScope !== '*' ? { requisitionId: this.viewScope } : {};
  }

  async #export(kind) {
    this._status = null;
    this._error = await attempt(async () => {
      const day = this.#stamp();
      if (kind === 'view') {
        this.#download(`runner-ups-view-${day}.csv`, 'text/csv;charset=utf-8', this.pool.exportCsv({ view: this.#view(), bom: this._bom }));
      } else if (kind === 'pool-csv') {
        this.#download(`runner-ups-${day}.csv`, 'text/csv;charset=utf-8', this.pool.exportCsv({ bom: this._bom }));
      } else if (kind === 'ics') {
        this.#download(`follow-ups-${day}.ics`, 'text/calendar;charset=utf-8', this.pool.exportIcs({ names: !this._hideNames }));
      } else if (kind === 'resume') {
        const { list } = this.#candidates();
        const id = list.some((c) => c.id === this._resumeId) ? this._resumeId : list[0]?.id;
        const resume = this.pool.exportJsonResume(id);
        this.#download(`${id}.resume.json`, 'application/json', JSON.stringify(resume, null, 2));
      } else if (kind === 'log') {
        await this.pool.whenComplete(); // a pool opened from its snapshot gets its history in the background
        this.#download(`runner-up-pool-${day}.json`, 'application/json', JSON.stringify(this.pool.exportLog()));
      }
    });
  }

  // The people the JSON Resume picker offers: those whose name holds what the recruiter typed
  // (any case or accent), the first RESUME_CHOICES of them by name, and how many there were. A
  // pool of 100,000 is searched in the core; the picker never lists everyone.
  #candidates() {
    if (!this.pool || this.pool.disposed) return { list: [], total: 0 };
    try {
      const { compare } = this.#i();
      const { candidates, total } = this.pool.query({ type: 'candidates', fields: 'names', text: this._resumeText ?? '', sort: 'name', limit: RESUME_CHOICES });
      // in the recruiter's alphabetical order (Intl.Collator for the locale: any script)
      return { list: [...candidates].sort((a, b) => compare(a.name, b.name)), total };
    } catch {
      return { list: [], total: 0 };
    }
  }

  #open(candidateId) {
    this.dispatchEvent(new CustomEvent('runnerup-open-candidate', { bubbles: true, composed: true, detail: { candidateId } }));
  }

  // ---- render ----

  /** The translator for this view's locale (its attribute, else the page's language). */
  #i() {
    return translator(resolveLocale(this.locale, this));
  }

  #renderMapping({ t }) {
    const preview = this._csv;
    if (!preview) return nothing;
    return html`<div class="mapping">
      <h4 id="mapping-h">${t('transfer.columns')}</h4>
      <p class="muted">${preview.isHeader ? t('transfer.columnsHelp', { ignore: t('transfer.field.ignore') }) : t('transfer.noHeader')}</p>
      ${preview.isHeader ? html`<table aria-labelledby="mapping-h">
        <thead><tr><th scope="col">${t('transfer.colInFile')}</th><th scope="col">${t('transfer.importedAs')}</th></tr></thead>
        <tbody>${preview.columns.map((c) => html`<tr>
          <td dir="auto">${c.header}</td>
          <td><select aria-label=${t('transfer.mapLabel', { header: c.header })} @change=${(e) => this.#map(c.header, e.target.value)}>
            ${preview.fields.map((f) => html`<option value=${f} ?selected=${(c.field || 'ignore') === f}>${label(t, 'transfer.field', f)}</option>`)}
          </select></td></tr>`)}</tbody>
      </table>` : nothing}
    </div>`;
  }

  #renderProgress({ t }) {
    const p = this._progress;
    if (!p) return nothing;
    let label;
    let bar;
    if (p.phase === 'storing') {
      // one transaction: its progress is not known, so the bar is indeterminate
      label = t('transfer.storing', { count: p.total });
      bar = html`<progress></progress>`;
    } else if (p.phase === 'applying') {
      label = t('transfer.applying', { pct: Math.round((p.applied / Math.max(1, p.total)) * 100) });
      bar = html`<progress max=${p.total} .value=${p.applied}></progress>`;
    } else {
      const total = p.totalBytes || 0;
      const pct = total ? Math.min(100, Math.round((p.bytesRead / total) * 100)) : null;
      label = p.file
        ? t('transfer.readingFile', { file: p.file, n: p.fileIndex + 1, count: p.fileCount, pct: pct ?? 0 })
        : pct === null ? t('transfer.reading') : t('transfer.readingPercent', { pct });
      bar = html`<progress max=${total || 1} .value=${total ? p.bytesRead : this._busy ? undefined : 1}></progress>`;
    }
    return html`<div class="row progress-row">
      <label>${label}
        ${bar}</label>
      ${this._busy ? html`<span class="muted">${t('transfer.soFar', { accepted: p.accepted, merged: p.merged, refused: p.refused })}</span>` : nothing}
    </div>`;
  }

  #renderReport({ t }) {
    const r = this._report;
    if (!r) return nothing;
    const documents = r.records.some((rec) => rec.document);
    return html`<section aria-labelledby="report-h">
      <h3 id="report-h">${t('transfer.report')}${r.format ? html` <span class="muted">(${label(t, 'transfer.format', r.format)})</span>` : nothing}</h3>
      ${r.error ? html`<p class="muted">${t('transfer.readFailed')}</p>` : nothing}
      <div class="counts">
        <span class="badge ok">${t('transfer.accepted', { count: r.accepted })}</span>
        <span class="badge warn">${t('transfer.merged', { count: r.merged })}</span>
        <span class="badge bad">${t('transfer.refused', { count: r.refused })}</span>
      </div>
      ${r.notes?.length ? html`<ul lang="en">${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <div class="scroll"><table part="report">
        <thead><tr><th scope="col">${t('transfer.col.record')}</th>${documents ? html`<th scope="col">${t('transfer.col.document')}</th>` : nothing}<th scope="col">${t('transfer.col.id')}</th><th scope="col">${t('transfer.col.result')}</th><th scope="col">${t('transfer.col.field')}</th><th scope="col">${t('transfer.col.why')}</th></tr></thead>
        <tbody>${r.records.map((rec) => html`<tr class=${rec.status}>
          <td>${rec.number}</td>${documents ? html`<td>${rec.document ? kindLabel(t, rec.document) : ''}</td>` : nothing}<td dir="auto">${rec.id}</td><td>${label(t, 'transfer.status', rec.status)}</td>
          <td>${rec.field}</td><td>${rec.reason}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  /** The files of an export as the core placed them, in the order it reads them. */
  #renderPlan({ t }) {
    const plan = this._plan;
    if (!this._files) return nothing;
    if (!plan) return html`<p class="muted">${t('transfer.filesChosen', { count: this._files.length })}</p>`;
    return html`<div class="scroll"><table class="files" aria-labelledby="files-h">
      <caption id="files-h">${t('transfer.exportFiles', { format: label(t, 'transfer.format', plan.format), count: plan.files.length })}</caption>
      <thead><tr><th scope="col">${t('transfer.col.file')}</th><th scope="col">${t('transfer.col.readAs')}</th></tr></thead>
      <tbody>${plan.files.map((f) => html`<tr>
        <td dir="auto">${f.name}</td>
        <td>${kindLabel(t, f.kind)}${f.subject ? html` <bdi>${f.subject}</bdi>` : nothing}${f.reference ? html` <span class="muted">(${t('transfer.reference')})</span>` : nothing}</td>
      </tr>`)}</tbody></table></div>`;
  }

  #renderImported(i) {
    const { t } = i;
    const entries = this._imported;
    if (!entries) return nothing;
    const taxonomy = this.#taxonomy();
    const stage = (code) => i.label('stages', code, taxonomy?.stages?.find((x) => x.code === code)?.label);
    return html`<section aria-labelledby="imported-h">
      <h3 id="imported-h">${t('transfer.importedTitle', { count: entries.length })}</h3>
      ${entries.length === 0 ? html`<p class="muted">${t('transfer.importedNone')}</p>` : html`<table>
        <thead><tr><th scope="col">${t('retention.col.person')}</th><th scope="col">${t('form.requisition')}</th><th scope="col">${t('form.stage')}</th><th scope="col">${t('form.reason')}</th></tr></thead>
        <tbody>${entries.map((e) => html`<tr>
          <td><button class="link" dir="auto" @click=${() => this.#open(e.candidate.id)}>${e.candidate.name}</button></td>
          <td dir="auto">${e.requisition?.title ?? e.outcome.requisitionId}</td>
          <td>${stage(e.outcome.stage)}</td>
          <td>${i.label('reasons', e.outcome.reason?.code, e.outcome.reasonLabel)}${e.outcome.reason?.note ? html` — <bdi>${e.outcome.reason.note}</bdi>` : nothing}</td>
        </tr>`)}</tbody></table>`}
    </section>`;
  }

  #taxonomy() {
    if (!this.pool || this.pool.disposed) return null;
    try {
      return (this._taxonomyCache ??= this.pool.taxonomy());
    } catch {
      return null;
    }
  }

  render() {
    if (!this.pool) return nothing;
    const i = this.#i();
    const { t } = i;
    const { list: candidates, total: candidateTotal } = this.#candidates();
    const viewCount = this.viewCount ?? 0;
    return html`
      <div role="alert" aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${errorText(i, this._error)}</p>` : nothing}</div>
      <div role="status" aria-live="polite">${this._status ? html`<p class="status">${t(this._status.key, this._status.params)}</p>` : nothing}</div>
      <section aria-labelledby="import-h">
        <h3 id="import-h">${t('transfer.import')}</h3>
        <div class="row">
          <label>${t('transfer.format')}
            <select @change=${(e) => { this._format = e.target.value; this.#preview(); }} ?disabled=${this._busy}>
              ${FORMATS.map((code) => html`<option value=${code} ?selected=${this._format === code}>${label(t, 'transfer.format', code)}</option>`)}
            </select>
          </label>
          <label>${t('transfer.files')}
            <input type="file" multiple accept=".json,.csv,.txt,application/json,text/csv" ?disabled=${this._busy}
              @change=${(e) => this.#chooseMany(e.target.files)}>
          </label>
          <label>${t('transfer.folder')}
            <input type="file" webkitdirectory ?disabled=${this._busy}
              @change=${(e) => this.#chooseMany(e.target.files, { folder: true })}>
          </label>
          <button class="primary" ?disabled=${!(this._file || this._plan) || this._busy} @click=${() => this.#import()}>${t('transfer.importButton')}</button>
        </div>
        <p class="muted">${t('transfer.filesHint')}</p>
        ${this.#renderPlan(i)}
        ${!this._files && (this._format === 'auto' ? this._detected : this._format) === 'lever' ? html`<div class="row">
          <label>${t('transfer.archiveReasons')}
            <input type="file" accept=".json,application/json" ?disabled=${this._busy}
              @change=${(e) => this.#chooseReasons(e.target.files?.[0])}>
          </label></div>` : nothing}
        ${this._file && this._format === 'auto' ? html`<p class="muted">${this._detected
          ? t('transfer.looksLike', { format: label(t, 'transfer.format', this._detected) })
          : t('transfer.unrecognised')}</p>` : nothing}
        ${this.#renderMapping(i)}
        ${this.#renderProgress(i)}
      </section>
      ${this.#renderReport(i)}
      ${this.#renderImported(i)}
      <section aria-labelledby="export-h">
        <h3 id="export-h">${t('transfer.export')}</h3>
        <div class="exports">
          <div class="row">
            <button ?disabled=${viewCount === 0} @click=${() => this.#export('view')}>${t('transfer.csvView', { count: viewCount })}</button>
            <button @click=${() => this.#export('pool-csv')}>${t('transfer.csvPool')}</button>
            <label class="inline"><input type="checkbox" .checked=${this._bom} @change=${(e) => (this._bom = e.target.checked)}> ${t('transfer.bom')}</label>
          </div>
          <div class="row">
            <button @click=${() => this.#export('ics')}>${t('transfer.ics')}</button>
            <label class="inline"><input type="checkbox" .checked=${this._hideNames} @change=${(e) => (this._hideNames = e.target.checked)}> ${t('transfer.noNames')}</label>
          </div>
          <div class="row">
            <label>${t('transfer.findPerson')}
              <input type="search" .value=${this._resumeText ?? ''} @input=${(e) => (this._resumeText = e.target.value)}>
            </label>
            <label>${t('form.candidate')}
              <select @change=${(e) => (this._resumeId = e.target.value)}>
                ${candidates.map((c) => html`<option value=${c.id} ?selected=${this._resumeId === c.id}>${c.name}</option>`)}
              </select>
            </label>
            <button ?disabled=${candidates.length === 0} @click=${() => this.#export('resume')}>${t('transfer.jsonResume')}</button>
            ${candidateTotal > candidates.length
              ? html`<span class="muted">${t('transfer.morePeople', { shown: candidates.length, total: candidateTotal })}</span>`
              : nothing}
          </div>
          <div class="row">
            <button @click=${() => this.#export('log')}>${t('transfer.wholePool')}</button>
            <span class="muted">${t('transfer.wholePoolHint')}</span>
          </div>
        </div>
      </section>`;
  }
}

/** For the tab registry: renders the view for the element's pool. */
export function renderTransfer(ctx) {
  const scope = poolScope(ctx);
  const count = ctx.poolPage(scope)?.total ?? 0;
  return html`<runnerup-transfer-view class="view" .pool=${ctx.pool} .viewScope=${scope} .viewCount=${count} today=${ctx.today}
    locale=${ctx.locale || ''}></runnerup-transfer-view>`;
}

if (!customElements.get('runnerup-transfer-view')) customElements.define('runnerup-transfer-view', RunnerUpTransferView);
