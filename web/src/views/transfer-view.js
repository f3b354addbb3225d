// <runnerup-transfer-view>: import what the ATS emits (Greenhouse, Lever, CSV with a column
// mapping the recruiter adjusts, the pool's own JSON) with progress and a per-record report, and
// export CSV (the current view or the whole pool), iCalendar follow-ups, JSON Resume and the pool.
//
//   <runnerup-transfer-view .pool=${pool} .viewIds=${idsOfTheCurrentView}></runnerup-transfer-view>
//
// Downloads are made in the page (a Blob and <a download>): no request leaves it.
//
// @fires runnerup-imported - bubbles, composed; detail: the import report, after an import landed
// @fires runnerup-open-candidate - bubbles, composed; detail {candidateId}, when a name is chosen
// @csspart alert - the error message
// @csspart report - the per-record report table
import { LitElement, css, html, nothing } from 'lit';
import { attempt, privacyStyles } from './privacy-kit.js';

const FORMATS = [
  ['auto', 'Detect from the file'],
  ['greenhouse', 'Greenhouse (Harvest API JSON)'],
  ['lever', 'Lever (API JSON)'],
  ['csv', 'CSV (spreadsheet)'],
  ['pool', 'Runner-up pool (JSON)'],
];
const FORMAT_LABELS = Object.fromEntries(FORMATS);

const FIELD_LABELS = {
  candidateId: 'Candidate ID', name: 'Name', firstName: 'First name', lastName: 'Last name', email: 'E-mail',
  phone: 'Phone', links: 'Links', location: 'Location', city: 'City', region: 'Region', country: 'Country',
  title: 'Title', skills: 'Skills', tags: 'Tags', requisitionId: 'Requisition ID', requisition: 'Requisition',
  stage: 'Stage reached', outcome: 'Outcome', rank: 'Rank', reason: 'Reason', reasonNote: 'Reason note',
  initiator: 'Initiator', futureFit: 'Future fit', flags: 'Flags', availableFrom: 'Available from',
  lastContact: 'Last contact (not imported)', nextFollowUp: 'Next follow-up (not imported)',
  feedbackGivenOn: 'Feedback given on (not imported)', feedbackGivenBy: 'Feedback given by (not imported)',
  feedbackChannel: 'Feedback channel (not imported)', consentUntil: 'Consent until (not imported)', ignore: 'Not imported',
};

const STATUS_LABELS = { accepted: 'Accepted', merged: 'Merged', refused: 'Refused' };

export class RunnerUpTransferView extends LitElement {
  static properties = {
    pool: { attribute: false },
    /** Candidate ids of the view the recruiter is looking at, in its order (enables "CSV of the current view"). */
    viewIds: { attribute: false },
    today: { type: String },
    _file: { state: true },
    _format: { state: true },
    _detected: { state: true },
    _csv: { state: true },
    _mapping: { state: true },
    _progress: { state: true },
    _busy: { state: true },
    _report: { state: true },
    _imported: { state: true },
    _error: { state: true },
    _status: { state: true },
    _bom: { state: true },
    _hideNames: { state: true },
    _resumeId: { state: true },
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

  async #choose(file) {
    this._file = file ?? null;
    this._report = null;
    this._imported = null;
    this._progress = null;
    this._status = '';
    this._mapping = {};
    await this.#preview();
  }

  async #preview() {
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

  #map(header, field) {
    this._mapping = { ...this._mapping, [header]: field || 'ignore' };
    this.#preview();
  }

  async #import() {
    if (!this._file || this._busy) return;
    this._busy = true;
    this._report = null;
    this._imported = null;
    this._status = '';
    this._progress = { bytesRead: 0, totalBytes: this._file.size ?? null, accepted: 0, merged: 0, refused: 0 };
    const format = this._format === 'auto' ? this._detected || 'auto' : this._format;
    const options = { format, onProgress: (p) => (this._progress = p) };
    if (format === 'csv' && Object.keys(this._mapping).length) options.mapping = this._mapping;
    let report = null;
    this._error = await attempt(async () => {
      report = await this.pool.importFile(this._file, options);
    });
    this._busy = false;
    if (this._error) {
      this._report = this._error.report ?? null;
      return;
    }
    this._report = report;
    this._imported = this.#importedEntries(report);
    this._status = `Imported: ${report.accepted} accepted, ${report.merged} merged, ${report.refused} refused.`;
    this.dispatchEvent(new CustomEvent('runnerup-imported', { bubbles: true, composed: true, detail: report }));
  }

  /** The runner-ups this import touched, as the pool now shows them. */
  #importedEntries(report) {
    const touched = new Set(report.records.filter((r) => r.status !== 'refused').map((r) => r.id));
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
    this._status = `Downloaded ${filename}.`;
  }

  #stamp() {
    return this.today || new Date().toISOString().slice(0, 10);
  }

  async #export(kind) {
    this._status = '';
    this._error = await attempt(async () => {
      const day = this.#stamp();
      if (kind === 'view') {
        this.#download(`runner-ups-view-${day}.csv`, 'text/csv;charset=utf-8', this.pool.exportCsv({ ids: this.viewIds ?? [], bom: this._bom }));
      } else if (kind === 'pool-csv') {
        this.#download(`runner-ups-${day}.csv`, 'text/csv;charset=utf-8', this.pool.exportCsv({ bom: this._bom }));
      } else if (kind === 'ics') {
        this.#download(`follow-ups-${day}.ics`, 'text/calendar;charset=utf-8', this.pool.exportIcs({ names: !this._hideNames }));
      } else if (kind === 'resume') {
        const id = this._resumeId || this.#candidates()[0]?.id;
        const resume = this.pool.exportJsonResume(id);
        this.#download(`${id}.resume.json`, 'application/json', JSON.stringify(resume, null, 2));
      } else if (kind === 'log') {
        this.#download(`runner-up-pool-${day}.json`, 'application/json', JSON.stringify(this.pool.exportLog()));
      }
    });
  }

  #candidates() {
    if (!this.pool || this.pool.disposed) return [];
    try {
      return this.pool.query({ type: 'candidates' }).candidates;
    } catch {
      return [];
    }
  }

  #open(candidateId) {
    this.dispatchEvent(new CustomEvent('runnerup-open-candidate', { bubbles: true, composed: true, detail: { candidateId } }));
  }

  // ---- render ----

  #renderMapping() {
    const preview = this._csv;
    if (!preview) return nothing;
    return html`<div class="mapping">
      <h4 id="mapping-h">Columns</h4>
      <p class="muted">${preview.isHeader
        ? 'The first row names the columns. Choose what each one holds; columns set to "Not imported" are left out and listed in the report.'
        : 'No header row recognised: the columns are read in the order the runner-up export writes them.'}</p>
      ${preview.isHeader ? html`<table aria-labelledby="mapping-h">
        <thead><tr><th scope="col">Column in the file</th><th scope="col">Imported as</th></tr></thead>
        <tbody>${preview.columns.map((c) => html`<tr>
          <td>${c.header}</td>
          <td><select aria-label="Import column ${c.header} as" @change=${(e) => this.#map(c.header, e.target.value)}>
            ${preview.fields.map((f) => html`<option value=${f} ?selected=${(c.field || 'ignore') === f}>${FIELD_LABELS[f] ?? f}</option>`)}
          </select></td></tr>`)}</tbody>
      </table>` : nothing}
    </div>`;
  }

  #renderProgress() {
    const p = this._progress;
    if (!p) return nothing;
    const total = p.totalBytes || 0;
    const pct = total ? Math.min(100, Math.round((p.bytesRead / total) * 100)) : null;
    return html`<div class="row progress-row">
      <label>Reading the file${pct === null ? '' : ` (${pct} %)`}
        <progress max=${total || 1} .value=${total ? p.bytesRead : this._busy ? undefined : 1}></progress></label>
      <span class="muted">${p.accepted} accepted · ${p.merged} merged · ${p.refused} refused so far</span>
    </div>`;
  }

  #renderReport() {
    const r = this._report;
    if (!r) return nothing;
    return html`<section aria-labelledby="report-h">
      <h3 id="report-h">Import report${r.format ? html` <span class="muted">(${FORMAT_LABELS[r.format] ?? r.format})</span>` : nothing}</h3>
      ${r.error ? html`<p class="muted">The file could not be read to the end, so nothing was imported. The records read before the problem:</p>` : nothing}
      <div class="counts">
        <span class="badge ok">${r.accepted} accepted</span>
        <span class="badge warn">${r.merged} merged</span>
        <span class="badge bad">${r.refused} refused</span>
      </div>
      ${r.notes?.length ? html`<ul>${r.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <div class="scroll"><table part="report">
        <thead><tr><th scope="col">Record</th><th scope="col">Id</th><th scope="col">Result</th><th scope="col">Field</th><th scope="col">Why</th></tr></thead>
        <tbody>${r.records.map((rec) => html`<tr class=${rec.status}>
          <td>${rec.index}</td><td>${rec.id}</td><td>${STATUS_LABELS[rec.status] ?? rec.status}</td>
          <td>${rec.field}</td><td>${rec.reason}</td></tr>`)}</tbody>
      </table></div>
    </section>`;
  }

  #renderImported() {
    const entries = this._imported;
    if (!entries) return nothing;
    return html`<section aria-labelledby="imported-h">
      <h3 id="imported-h">Runner-ups from this import (${entries.length})</h3>
      ${entries.length === 0 ? html`<p class="muted">No one from this file is in the runner-up pool.</p>` : html`<table>
        <thead><tr><th scope="col">Person</th><th scope="col">Requisition</th><th scope="col">Stage reached</th><th scope="col">Reason</th></tr></thead>
        <tbody>${entries.map((e) => html`<tr>
          <td><button class="link" @click=${() => this.#open(e.candidate.id)}>${e.candidate.name}</button></td>
          <td>${e.requisition?.title ?? e.outcome.requisitionId}</td>
          <td>${e.outcome.stage}</td>
          <td>${e.outcome.reasonLabel ?? e.outcome.reason?.code}${e.outcome.reason?.note ? html` — ${e.outcome.reason.note}` : nothing}</td>
        </tr>`)}</tbody></table>`}
    </section>`;
  }

  render() {
    if (!this.pool) return nothing;
    const candidates = this.#candidates();
    const viewCount = this.viewIds?.length ?? 0;
    return html`
      <div role="alert" aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${this._error.message}</p>` : nothing}</div>
      <div role="status" aria-live="polite">${this._status ? html`<p class="status">${this._status}</p>` : nothing}</div>
      <section aria-labelledby="import-h">
        <h3 id="import-h">Import</h3>
        <div class="row">
          <label>Format
            <select @change=${(e) => { this._format = e.target.value; this.#preview(); }} ?disabled=${this._busy}>
              ${FORMATS.map(([code, label]) => html`<option value=${code} ?selected=${this._format === code}>${label}</option>`)}
            </select>
          </label>
          <label>File
            <input type="file" accept=".json,.csv,.txt,application/json,text/csv" ?disabled=${this._busy}
              @change=${(e) => this.#choose(e.target.files?.[0])}>
          </label>
          <button class="primary" ?disabled=${!this._file || this._busy} @click=${() => this.#import()}>Import</button>
        </div>
        ${this._file && this._format === 'auto' ? html`<p class="muted">${this._detected
          ? `Looks like: ${FORMAT_LABELS[this._detected]}.`
          : 'The format could not be recognised: choose it above.'}</p>` : nothing}
        ${this.#renderMapping()}
        ${this.#renderProgress()}
      </section>
      ${this.#renderReport()}
      ${this.#renderImported()}
      <section aria-labelledby="export-h">
        <h3 id="export-h">Export</h3>
        <div class="exports">
          <div class="row">
            <button ?disabled=${viewCount === 0} @click=${() => this.#export('view')}>CSV of the current view (${viewCount})</button>
            <button @click=${() => this.#export('pool-csv')}>CSV of the whole pool</button>
            <label class="inline"><input type="checkbox" .checked=${this._bom} @change=${(e) => (this._bom = e.target.checked)}> For Excel (byte-order mark)</label>
          </div>
          <div class="row">
            <button @click=${() => this.#export('ics')}>Follow-ups (iCalendar)</button>
            <label class="inline"><input type="checkbox" .checked=${this._hideNames} @change=${(e) => (this._hideNames = e.target.checked)}> Leave names out</label>
          </div>
          <div class="row">
            <label>Candidate
              <select @change=${(e) => (this._resumeId = e.target.value)}>
                ${candidates.map((c) => html`<option value=${c.id} ?selected=${this._resumeId === c.id}>${c.name}</option>`)}
              </select>
            </label>
            <button ?disabled=${candidates.length === 0} @click=${() => this.#export('resume')}>JSON Resume</button>
          </div>
          <div class="row">
            <button @click=${() => this.#export('log')}>The whole pool (JSON)</button>
            <span class="muted">Re-importing it gives the identical pool.</span>
          </div>
        </div>
      </section>`;
  }
}

/** For the tab registry: renders the view for the element's pool. */
export function renderTransfer(ctx) {
  return html`<runnerup-transfer-view .pool=${ctx.pool} .viewIds=${ctx.entries?.map((e) => e.candidate.id)} today=${ctx.today}></runnerup-transfer-view>`;
}

if (!customElements.get('runnerup-transfer-view')) customElements.define('runnerup-transfer-view', RunnerUpTransferView);
