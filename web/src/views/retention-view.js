// <runnerup-retention-view>: every retention clock of the pool. Who expires within 14 days, who
// is past their date and queued for erasure (or erased automatically, if the team chose it),
// the team's default policy, and the audit trail of exports and erasures.
//
//   <runnerup-retention-view .pool=${pool} today="2026-11-22"></runnerup-retention-view>
//
// Choosing a name calls its `openCandidate(id)` property; erasures reach the host through the
// element's `runnerup-erasure` event.
import { LitElement, html, nothing } from 'lit';
import { attempt, formatDate, privacyStyles } from './privacy-kit.js';

export class RunnerUpRetentionView extends LitElement {
  static properties = {
    pool: { attribute: false },
    openCandidate: { attribute: false },
    today: { type: String },
    locale: { type: String },
    _view: { state: true },
    _settings: { state: true },
    _audit: { state: true },
    _error: { state: true },
    _status: { state: true },
  };

  static styles = privacyStyles;

  #onChange = () => this.#load();
  #listening = null;

  willUpdate(changed) {
    if (changed.has('pool') && this.pool !== this.#listening) {
      this.#listening?.removeEventListener('change', this.#onChange);
      this.pool?.addEventListener('change', this.#onChange);
      this.#listening = this.pool;
    }
    if (changed.has('pool') || changed.has('today')) this.#load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }

  #today() {
    return this.today || new Date().toISOString().slice(0, 10);
  }

  #load() {
    if (!this.pool || this.pool.disposed) return;
    try {
      this._view = this.pool.query({ type: 'retention', today: this.#today(), withinDays: 14 });
      this._audit = this.pool.query({ type: 'audit' }).entries;
      this._policies = this._policies ?? this.pool.taxonomy().retentionPolicies;
      this._settings = this.pool.query({ type: 'settings' });
    } catch (error) {
      this._error = error;
    }
  }

  async #run(command, done) {
    this._status = '';
    let events = [];
    this._error = await attempt(async () => {
      events = await this.pool.record(command);
    });
    if (this._error) return;
    this._status = events.length ? done : 'Nothing changed.';
  }

  #open(candidateId) {
    this.openCandidate?.(candidateId);
  }

  #rows(entries, expired) {
    if (entries.length === 0) return html`<p class="muted">${expired ? 'Nobody is past their retention date.' : 'Nobody expires within 14 days.'}</p>`;
    return html`<table>
      <thead><tr><th scope="col">Person</th><th scope="col">Policy</th><th scope="col">Kept until</th><th scope="col">${expired ? 'Action' : 'Days left'}</th></tr></thead>
      <tbody>${entries.map(({ candidate, retention }) => html`<tr>
        <td><button class="link" @click=${() => this.#open(candidate.id)}>${candidate.name}</button>
          ${candidate.doNotContact ? html` <span class="badge bad">Do not contact</span>` : nothing}</td>
        <td>${retention.policyLabel}${retention.consentValid ? html` <span class="badge ok">consent</span>` : nothing}</td>
        <td>${formatDate(retention.retainUntil, this.locale)}</td>
        <td>${expired
          ? html`<button class="danger" @click=${() => this.#run({ type: 'erasePerson', candidateId: candidate.id }, `${candidate.name} was erased.`)}
              aria-label="Erase ${candidate.name}">Erase</button>`
          : html`${retention.daysLeft}
              <button @click=${() => this.#run({ type: 'requestConsentRenewal', candidateId: candidate.id }, 'Renewal requested.')}
                aria-label="Request consent renewal from ${candidate.name}">Request renewal</button>`}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  render() {
    const v = this._view;
    if (!v) return this._error ? html`<p class="alert" role="alert">${this._error.message}</p>` : nothing;
    const s = this._settings;
    return html`
      <div aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${this._error.message}</p>` : nothing}</div>
      <div aria-live="polite">${this._status ? html`<p class="status">${this._status}</p>` : nothing}</div>
      <section aria-labelledby="expired-h">
        <h3 id="expired-h">Past retention: queued for erasure (${v.expired.length})</h3>
        ${this.#rows(v.expired, true)}
        ${v.expired.length > 1 ? html`<div class="actions"><button class="danger"
            @click=${() => this.#run({ type: 'eraseExpired' }, 'Everyone past retention was erased.')}>Erase all ${v.expired.length}</button></div>` : nothing}
      </section>
      <section aria-labelledby="expiring-h">
        <h3 id="expiring-h">Expiring within 14 days (${v.expiring.length})</h3>
        ${this.#rows(v.expiring, false)}
      </section>
      <section aria-labelledby="settings-h">
        <h3 id="settings-h">Team settings</h3>
        <div class="row">
          <label>Default retention policy
            <select @change=${(e) => this.#run({ type: 'changeSettings', settings: { retentionPolicy: e.target.value } }, 'Saved.')}>
              ${(this._policies ?? []).map((p) => html`<option value=${p.code} ?selected=${s?.retentionPolicy === p.code}>${p.label}${p.months > 0 ? ` (${p.months} months)` : ''}</option>`)}
            </select>
          </label>
          <label>"Team default" keeps (months)
            <input type="number" min="1" max="120" .value=${String(s?.defaultRetentionMonths ?? 12)}
              @change=${(e) => this.#run({ type: 'changeSettings', settings: { defaultRetentionMonths: Number(e.target.value) } }, 'Saved.')}>
          </label>
          <label class="inline"><input type="checkbox" .checked=${Boolean(s?.autoErase)}
              @change=${(e) => this.#run({ type: 'changeSettings', settings: { autoErase: e.target.checked } }, 'Saved.')}>
            Erase automatically on expiry</label>
        </div>
      </section>
      <section aria-labelledby="audit-h">
        <h3 id="audit-h">Audit: exports and erasures</h3>
        ${this._audit.length === 0 ? html`<p class="muted">No access exports or erasures yet.</p>` : html`<table>
          <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Pool id</th></tr></thead>
          <tbody>${this._audit.map((a) => html`<tr><td>${formatDate(a.at, this.locale)}</td><td>${a.by}</td>
            <td>${a.type === 'erased' ? `Erased (${a.detail === 'request' ? 'on request' : 'retention ended'})` : 'Access export taken'}</td>
            <td>${a.candidateId}</td></tr>`)}</tbody></table>`}
      </section>`;
  }
}

/** For the tab registry. */
export function renderRetention(ctx) {
  return html`<runnerup-retention-view .pool=${ctx.pool} .openCandidate=${(id) => ctx.openCard(id)}
    today=${ctx.today} locale=${ctx.locale || ''}></runnerup-retention-view>`;
}

if (!customElements.get('runnerup-retention-view')) customElements.define('runnerup-retention-view', RunnerUpRetentionView);
