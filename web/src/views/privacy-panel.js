// <runnerup-privacy-panel>: one person's consent, retention clock, access export and erasure,
// for the candidate card. Every rule is the core's; this panel collects and shows.
//
//   <runnerup-privacy-panel .pool=${pool} candidate-id="c-1" today="2026-11-22"></runnerup-privacy-panel>
//
// Before an erasure it fires the cancelable `runnerup-erase-request` (bubbles, composed; detail
// {candidateId}): a host that calls preventDefault() keeps it from happening. After it, the
// element fires `runnerup-erasure` for the host.
import { LitElement, html, nothing } from 'lit';
import { attempt, formatDate, privacyStyles, renderAccessExport } from './privacy-kit.js';

export class RunnerUpPrivacyPanel extends LitElement {
  static properties = {
    pool: { attribute: false },
    candidateId: { type: String, attribute: 'candidate-id' },
    today: { type: String },
    locale: { type: String },
    _card: { state: true },
    _error: { state: true },
    _status: { state: true },
    _export: { state: true },
    _consentForm: { state: true },
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
    if (changed.has('pool') || changed.has('candidateId') || changed.has('today')) this.#load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }

  #load() {
    if (!this.pool || this.pool.disposed || !this.candidateId) return;
    try {
      this._card = this.pool.query({ type: 'candidate', id: this.candidateId, today: this.#today() });
      this._policies = this._policies ?? this.pool.taxonomy().retentionPolicies;
    } catch (error) {
      this._error = error;
    }
  }

  #today() {
    return this.today || new Date().toISOString().slice(0, 10);
  }

  async #run(command, done) {
    this._status = '';
    this._error = await attempt(() => this.pool.record(command));
    if (!this._error && done) this._status = done;
  }

  render() {
    const card = this._card;
    if (!card) return this._error ? html`<p class="alert" role="alert">${this._error.message}</p>` : nothing;
    if (card.erased) return html`<p class="muted">This person's personal data was erased.</p>`;
    const r = card.retention;
    const c = card.consent;
    return html`
      <div aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${this._error.message}</p>` : nothing}</div>
      <div aria-live="polite">${this._status ? html`<p class="status">${this._status}</p>` : nothing}</div>
      <section aria-labelledby="retention-h">
        <h3 id="retention-h">Retention</h3>
        ${r && r.retainUntil
          ? html`<p>Kept until <strong data-retain-until>${formatDate(r.retainUntil, this.locale)}</strong>
              ${r.expired ? html`<span class="badge bad">Retention ended — queued for erasure</span>`
                : r.daysLeft <= 14 ? html`<span class="badge warn">${r.daysLeft} days left</span>` : nothing}
              <span class="muted">(${r.policyLabel}, chosen by ${r.chosenBy}: ${r.policyBasis})</span></p>`
          : html`<p class="muted">No retention clock yet: no hiring decision is recorded.</p>`}
        <div class="row">
          <label>Retention policy for this person
            <select @change=${(e) => this.#run({ type: 'setRetentionPolicy', candidateId: this.candidateId, policy: e.target.value }, 'Retention policy saved.')}>
              ${(this._policies ?? []).map((p) => html`<option value=${p.code} ?selected=${r && r.policy === p.code}>${p.label}</option>`)}
            </select>
          </label>
        </div>
      </section>
      <section aria-labelledby="consent-h">
        <h3 id="consent-h">Consent</h3>
        <p>Legal basis: <strong>${c.basis === 'consent' ? 'Consent' : 'Legitimate interest'}</strong>
          ${c.basis === 'consent' && c.givenAt ? html` · given ${formatDate(c.givenAt, this.locale)} (wording ${c.wordingVersion})
            ${c.expiresAt ? html` · expires ${formatDate(c.expiresAt, this.locale)}` : nothing}` : nothing}
          ${c.withdrawnAt ? html` <span class="badge bad">Withdrawn ${formatDate(c.withdrawnAt, this.locale)}</span>` : nothing}
          ${c.renewalRequestedAt && c.renewalGranted == null ? html` <span class="badge warn">Renewal requested ${formatDate(c.renewalRequestedAt, this.locale)}</span>` : nothing}</p>
        <div class="row">
          <button @click=${() => (this._consentForm = !this._consentForm)} aria-expanded=${this._consentForm ? 'true' : 'false'}>Record consent…</button>
          <button @click=${() => this.#run({ type: 'requestConsentRenewal', candidateId: this.candidateId }, 'Renewal requested.')}>Request renewal</button>
          ${c.renewalRequestedAt && c.renewalGranted == null ? html`
            <button @click=${() => this.#run({ type: 'answerConsentRenewal', candidateId: this.candidateId, granted: false }, 'Renewal declined.')}>Renewal declined</button>` : nothing}
          ${c.basis === 'consent' && !c.withdrawnAt ? html`
            <button @click=${() => this.#run({ type: 'withdrawConsent', candidateId: this.candidateId }, 'Consent withdrawn: no more outreach.')}>Consent withdrawn</button>` : nothing}
        </div>
        ${this._consentForm ? this.#renderConsentForm() : nothing}
      </section>
      <section aria-labelledby="rights-h">
        <h3 id="rights-h">Their rights</h3>
        <div class="row">
          <button @click=${this.#accessExport}>Access export…</button>
          <button class="danger" @click=${this.#askErase}>Erase personal data…</button>
        </div>
      </section>
      <dialog id="export-dialog" aria-labelledby="export-title" @close=${() => (this._export = null)}>
        <h3 id="export-title">Access export</h3>
        ${this._export ? renderAccessExport(this._export, this.locale) : nothing}
        <div class="actions">
          ${this._export ? html`<a download="access-export-${this.candidateId}.json"
              href=${this.#exportHref()}>Download JSON</a>` : nothing}
          <button class="primary" @click=${() => this.renderRoot.querySelector('#export-dialog').close()}>Close</button>
        </div>
      </dialog>
      <dialog id="erase-dialog" aria-labelledby="erase-title">
        <h3 id="erase-title">Erase ${card.candidate.name}?</h3>
        <p>Their name, contact details, notes, feedback and scores are removed from this pool, from every
          past change stored in this browser, and from the other open tabs; the host ATS is told so it can
          erase its copy. Anonymous facts (reason, stage, dates) stay for insights. This cannot be undone.</p>
        <div class="actions">
          <button @click=${() => this.renderRoot.querySelector('#erase-dialog').close()}>Cancel</button>
          <button class="danger" @click=${this.#erase}>Erase</button>
        </div>
      </dialog>`;
  }

  #renderConsentForm() {
    return html`<form class="row" @submit=${this.#saveConsent} aria-label="Record consent">
      <label>Given on <input type="date" name="givenAt" required></label>
      <label>Expires on <input type="date" name="expiresAt"></label>
      <label>Wording version <input name="wordingVersion" required placeholder="talent-pool-v3"></label>
      <button class="primary" type="submit">Save consent</button>
    </form>`;
  }

  async #saveConsent(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const consent = { basis: 'consent', givenAt: `${form.get('givenAt')}T00:00:00Z`, wordingVersion: form.get('wordingVersion') };
    if (form.get('expiresAt')) consent.expiresAt = `${form.get('expiresAt')}T00:00:00Z`;
    await this.#run({ type: 'recordConsent', candidateId: this.candidateId, consent }, 'Consent saved.');
    if (!this._error) this._consentForm = false;
  }

  #exportHref() {
    // A data: URL keeps the download inside the page: no request leaves it.
    return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(this._export, null, 2))}`;
  }

  #accessExport = async () => {
    this._status = '';
    let doc = null;
    this._error = await attempt(async () => {
      doc = await this.pool.accessExport(this.candidateId, this.#today());
    });
    if (!doc) return;
    this._export = doc;
    await this.updateComplete;
    this.renderRoot.querySelector('#export-dialog').showModal();
  };

  #askErase = () => {
    this.renderRoot.querySelector('#erase-dialog').showModal();
  };

  #erase = async () => {
    this.renderRoot.querySelector('#erase-dialog').close();
    const request = new CustomEvent('runnerup-erase-request', {
      bubbles: true, composed: true, cancelable: true, detail: { candidateId: this.candidateId },
    });
    if (!this.dispatchEvent(request)) {
      this._status = 'The host page kept this erasure from happening.';
      return;
    }
    const id = this.candidateId;
    this._error = await attempt(() => this.pool.erase(id));
    if (this._error) return;
    this._status = 'Erased.';
  };
}

if (!customElements.get('runnerup-privacy-panel')) customElements.define('runnerup-privacy-panel', RunnerUpPrivacyPanel);
