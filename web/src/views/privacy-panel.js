// <runnerup-privacy-panel>: one person's consent, retention clock, access export and erasure,
// for the candidate card. Every rule is the core's; this panel collects and shows.
//
//   <runnerup-privacy-panel .pool=${pool} candidate-id="c-1" today="2026-11-22"></runnerup-privacy-panel>
//
// Before an erasure it fires the cancelable `runnerup-erase-request` (bubbles, composed; detail
// {candidateId}): a host that calls preventDefault() keeps it from happening. After it, the
// element fires `runnerup-erasure` for the host.
import { LitElement, html, nothing } from 'lit';
import { resolveLocale, translator } from '../i18n/index.js';
import { errorText } from './fields.js';
import { PoolFollower, attempt, formatDate, privacyStyles, renderAccessExport } from './privacy-kit.js';

export class RunnerUpPrivacyPanel extends LitElement {
  static properties = {
    pool: { attribute: false },
    candidateId: { type: String, attribute: 'candidate-id' },
    today: { type: String },
    locale: { type: String },
    who: { attribute: false },
    _card: { state: true },
    _error: { state: true },
    _status: { state: true },
    _export: { state: true },
    _consentForm: { state: true },
    _confirmPolicy: { state: true },
  };

  static styles = privacyStyles;

  #follow = new PoolFollower(this, () => this.#load());

  willUpdate(changed) {
    if (changed.has('candidateId') && changed.get('candidateId') !== undefined) {
      // another person's card: what was said about the last one does not stay
      this._status = null;
      this._error = null;
    }
    this.#follow.update(changed, ['candidateId', 'today']);
  }

  #load() {
    if (!this.pool || this.pool.disposed || !this.candidateId) return;
    try {
      this._card = this.pool.query({ type: 'candidate', id: this.candidateId, today: this.#today() });
      this._taxonomy = this._taxonomy ?? this.pool.taxonomy();
    } catch (error) {
      this._error = error;
    }
  }

  #today() {
    return this.today || this.pool.today();
  }

  /** Records a command; on success shows the catalogue message `done`. */
  async #run(command, done) {
    this._status = null;
    this._error = await attempt(() => this.pool.record(command));
    if (!this._error && done) this._status = { key: done };
  }

  /** The translator for this panel's locale (its attribute, else the page's language). */
  #i() {
    return translator(resolveLocale(this.locale, this));
  }

  render() {
    const i = this.#i();
    const { t, h } = i;
    const card = this._card;
    if (!card) return this._error ? html`<p class="alert" role="alert">${errorText(i, this._error)}</p>` : nothing;
    if (card.erased) return html`<p class="muted">${t('privacy.erased')}</p>`;
    const r = card.retention;
    const c = card.consent;
    const duration = (o) => t(`privacy.duration.${o.clock}`, { count: o.months });
    const options = card.retentionOptions ?? [];
    const pending = this._confirmPolicy;
    return html`
      <div aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${errorText(i, this._error)}</p>` : nothing}</div>
      <div aria-live="polite">${this._status ? html`<p class="status">${t(this._status.key, this._status.params)}</p>` : nothing}</div>
      <section aria-labelledby="retention-h">
        <h3 id="retention-h">${t('privacy.retention')}</h3>
        ${r && r.retainUntil
          ? html`<p>${t('privacy.keptUntil')} <strong data-retain-until>${formatDate(r.retainUntil, i.locale)}</strong>
              ${r.expired ? html`<span class="badge bad">${t('privacy.retentionEnded')}</span>`
                : r.expiringSoon ? html`<span class="badge warn">${t('privacy.daysLeft', { count: r.daysLeft })}</span>` : nothing}
              <span class="muted">(${t('privacy.policyChosen', {
                policy: i.label('retentionPolicies', r.policy, r.policyLabel),
                by: t(`privacy.chosenBy.${r.chosenBy}`),
                basis: i.label('retentionPolicyBases', r.policy, r.policyBasis),
              })})</span> <span data-kept-for>${t('privacy.keptFor', { duration: duration(r) })}</span></p>`
          : html`<p class="muted">${t('privacy.noClock')}</p>`}
        <div class="row">
          <label>${t('privacy.policyForPerson')}
            <select id="policy-select" @change=${this.#choosePolicy}>
              ${options.map((o) => html`<option value=${o.policy} ?selected=${o.current}>${t('privacy.policyOption', {
                policy: i.label('retentionPolicies', o.policy, o.label),
                duration: duration(o),
              })}</option>`)}
            </select>
          </label>
        </div>
      </section>
      <dialog id="policy-dialog" aria-labelledby="policy-title" aria-describedby="policy-text" @cancel=${this.#keepPolicy}>
        <h3 id="policy-title">${h(pending?.autoErase ? 'privacy.confirmPolicyTitleAuto' : 'privacy.confirmPolicyTitle', { name: card.candidate.name })}</h3>
        ${pending ? html`<p id="policy-text">${t(pending.autoErase ? 'privacy.confirmPolicyTextAuto' : 'privacy.confirmPolicyText', {
          policy: i.label('retentionPolicies', pending.policy, pending.label),
          duration: duration(pending),
          until: formatDate(pending.retainUntil, i.locale),
          date: formatDate(pending.erasureOn, i.locale),
        })}</p>` : nothing}
        <div class="actions">
          <button @click=${this.#keepPolicy}>${t('form.cancel')}</button>
          <button class="danger" @click=${this.#confirmPolicy}>${t(pending?.autoErase ? 'privacy.confirmPolicyButtonAuto' : 'privacy.confirmPolicyButton')}</button>
        </div>
      </dialog>
      <section aria-labelledby="consent-h">
        <h3 id="consent-h">${t('privacy.consent')}</h3>
        <p>${t('privacy.legalBasis')}: <strong>${c.basis === 'consent' ? t('privacy.basis.consent') : t('privacy.basis.legitimate_interest')}</strong>
          ${c.basis === 'consent' && c.givenAt ? html` · ${h('privacy.consentGiven', { date: formatDate(c.givenAt, i.locale), version: c.wordingVersion })}
            ${c.expiresAt ? html` · ${t('privacy.consentExpires', { date: formatDate(c.expiresAt, i.locale) })}` : nothing}` : nothing}
          ${c.withdrawnAt ? html` <span class="badge bad">${t('privacy.withdrawnOn', { date: formatDate(c.withdrawnAt, i.locale) })}</span>` : nothing}
          ${c.renewalRequestedAt && c.renewalGranted == null ? html` <span class="badge warn">${t('privacy.renewalRequestedOn', { date: formatDate(c.renewalRequestedAt, i.locale) })}</span>` : nothing}</p>
        <div class="row">
          <button @click=${() => (this._consentForm = !this._consentForm)} aria-expanded=${this._consentForm ? 'true' : 'false'}>${t('privacy.recordConsent')}</button>
          <button @click=${() => this.#run({ type: 'requestConsentRenewal', candidateId: this.candidateId }, 'privacy.status.renewalRequested')}>${t('privacy.requestRenewal')}</button>
          ${c.renewalRequestedAt && c.renewalGranted == null ? html`
            <button @click=${() => this.#run({ type: 'answerConsentRenewal', candidateId: this.candidateId, granted: false }, 'privacy.status.renewalDeclined')}>${t('privacy.renewalDeclined')}</button>` : nothing}
          ${c.basis === 'consent' && !c.withdrawnAt ? html`
            <button @click=${() => this.#run({ type: 'withdrawConsent', candidateId: this.candidateId }, 'privacy.status.withdrawn')}>${t('privacy.consentWithdrawn')}</button>` : nothing}
        </div>
        ${this._consentForm ? this.#renderConsentForm(i) : nothing}
      </section>
      <section aria-labelledby="rights-h">
        <h3 id="rights-h">${t('privacy.rights')}</h3>
        <div class="row">
          <button @click=${this.#accessExport}>${t('privacy.accessExport')}</button>
          <button class="danger" @click=${this.#askErase}>${t('privacy.erase')}</button>
        </div>
      </section>
      <dialog id="export-dialog" aria-labelledby="export-title" @close=${() => (this._export = null)}>
        <h3 id="export-title">${t('privacy.accessExportTitle')}</h3>
        ${this._export ? renderAccessExport(this._export, i.locale, this._taxonomy, this.who) : nothing}
        <div class="actions">
          ${this._export ? html`<a download="access-export-${this.candidateId}.json"
              href=${this.#exportHref()}>${t('privacy.downloadJson')}</a>` : nothing}
          <button class="primary" @click=${() => this.renderRoot.querySelector('#export-dialog').close()}>${t('privacy.close')}</button>
        </div>
      </dialog>
      <dialog id="erase-dialog" aria-labelledby="erase-title">
        <h3 id="erase-title">${h('privacy.eraseTitle', { name: card.candidate.name })}</h3>
        <p>${t('privacy.eraseExplained')}</p>
        <div class="actions">
          <button @click=${() => this.renderRoot.querySelector('#erase-dialog').close()}>${t('form.cancel')}</button>
          <button class="danger" @click=${this.#erase}>${t('privacy.eraseButton')}</button>
        </div>
      </dialog>`;
  }

  #renderConsentForm({ t }) {
    return html`<form class="row" @submit=${this.#saveConsent} aria-label=${t('privacy.recordConsentForm')}>
      <label>${t('privacy.givenOn')} <input type="date" name="givenAt" required></label>
      <label>${t('privacy.expiresOn')} <input type="date" name="expiresAt"></label>
      <label>${t('privacy.wordingVersion')} <input name="wordingVersion" required placeholder="talent-pool-v3"></label>
      <button class="primary" type="submit">${t('privacy.saveConsent')}</button>
    </form>`;
  }

  async #saveConsent(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const consent = { basis: 'consent', givenAt: `${form.get('givenAt')}T00:00:00Z`, wordingVersion: form.get('wordingVersion') };
    if (form.get('expiresAt')) consent.expiresAt = `${form.get('expiresAt')}T00:00:00Z`;
    await this.#run({ type: 'recordConsent', candidateId: this.candidateId, consent }, 'privacy.status.consentSaved');
    if (!this._error) this._consentForm = false;
  }

  /**
   * A policy picked in the dropdown. One the core says would queue the person for erasure asks
   * first, saying from which day (the core's date); any other is saved at once.
   */
  #choosePolicy = async (e) => {
    const option = (this._card?.retentionOptions ?? []).find((o) => o.policy === e.target.value);
    if (!option) return;
    if (!option.queuesErasure) {
      await this.#run({ type: 'setRetentionPolicy', candidateId: this.candidateId, policy: option.policy }, 'privacy.status.policySaved');
      return;
    }
    // the team may erase automatically on expiry: then the confirmation says erased, not queued
    this._confirmPolicy = { ...option, autoErase: Boolean(this.pool.query({ type: 'settings' }).autoErase) };
    await this.updateComplete;
    this.renderRoot.querySelector('#policy-dialog').showModal();
  };

  /** The confirmation turned down: nothing is saved and the dropdown shows the policy in force. */
  #keepPolicy = (e) => {
    e?.preventDefault?.();
    this.renderRoot.querySelector('#policy-dialog')?.close();
    this._confirmPolicy = null;
    const select = this.renderRoot.querySelector('#policy-select');
    const current = (this._card?.retentionOptions ?? []).find((o) => o.current);
    if (select && current) select.value = current.policy;
    this._status = { key: 'privacy.status.policyKept' };
  };

  #confirmPolicy = async () => {
    const option = this._confirmPolicy;
    this.renderRoot.querySelector('#policy-dialog').close();
    this._confirmPolicy = null;
    if (option) await this.#run({ type: 'setRetentionPolicy', candidateId: this.candidateId, policy: option.policy }, 'privacy.status.policySaved');
  };

  #exportHref() {
    // A data: URL keeps the download inside the page: no request leaves it.
    return `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(this._export, null, 2))}`;
  }

  #accessExport = async () => {
    this._status = null;
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
      this._status = { key: 'privacy.status.eraseCancelled' };
      return;
    }
    const id = this.candidateId;
    this._error = await attempt(() => this.pool.erase(id));
    if (this._error) return;
    this._status = { key: 'privacy.status.erased' };
  };
}

if (!customElements.get('runnerup-privacy-panel')) customElements.define('runnerup-privacy-panel', RunnerUpPrivacyPanel);
