// <runnerup-retention-view>: every retention clock of the pool. Who expires within the core's window (14 days), who
// is past their date and queued for erasure (or erased automatically, if the team chose it),
// the team's default policy, and the audit trail of exports and erasures.
//
//   <runnerup-retention-view .pool=${pool} today="2026-11-22"></runnerup-retention-view>
//
// Choosing a name calls its `openCandidate(id)` property; erasures reach the host through the
// element's `runnerup-erasure` event.
import { LitElement, html, nothing } from 'lit';
import { resolveLocale, translator } from '../i18n/index.js';
import { errorText } from './fields.js';
import { PoolFollower, attempt, formatDate, privacyStyles } from './privacy-kit.js';

export class RunnerUpRetentionView extends LitElement {
  static properties = {
    pool: { attribute: false },
    openCandidate: { attribute: false },
    today: { type: String },
    locale: { type: String },
    who: { attribute: false },
    _view: { state: true },
    _settings: { state: true },
    _audit: { state: true },
    _error: { state: true },
    _status: { state: true },
  };

  static styles = privacyStyles;

  #follow = new PoolFollower(this, () => this.#load());

  willUpdate(changed) {
    this.#follow.update(changed, ['today']);
  }

  #today() {
    return this.today || this.pool.today();
  }

  #load() {
    if (!this.pool || this.pool.disposed) return;
    try {
      this._view = this.pool.query({ type: 'retention', today: this.#today() }); // the core's window (withinDays)
      this._audit = this.pool.query({ type: 'audit' }).entries;
      this._policies = this._policies ?? this.pool.taxonomy().retentionPolicies;
      this._settings = this.pool.query({ type: 'settings' });
    } catch (error) {
      this._error = error;
    }
  }

  /** Records a command; on success shows the catalogue message `done` (with `params`). */
  async #run(command, done, params) {
    this._status = null;
    let events = [];
    this._error = await attempt(async () => {
      events = await this.pool.record(command);
    });
    if (this._error) return;
    this._status = events.length ? { key: done, params } : { key: 'status.nothingChanged' };
  }

  #open(candidateId) {
    this.openCandidate?.(candidateId);
  }

  /** The translator for this view's locale (its attribute, else the page's language). */
  #i() {
    return translator(resolveLocale(this.locale, this));
  }

  #rows(i, entries, expired) {
    const { t } = i;
    if (entries.length === 0) return html`<p class="muted">${expired ? t('retention.noneExpired') : t('retention.noneExpiring', { days: this.pool.limits().expiringWithinDays })}</p>`;
    return html`<table>
      <thead><tr><th scope="col">${t('retention.col.person')}</th><th scope="col">${t('retention.col.policy')}</th><th scope="col">${t('privacy.keptUntil')}</th><th scope="col">${expired ? t('retention.col.action') : t('retention.col.daysLeft')}</th></tr></thead>
      <tbody>${entries.map(({ candidate, retention }) => html`<tr>
        <td><button class="link" dir="auto" @click=${() => this.#open(candidate.id)}>${candidate.name}</button>
          ${candidate.doNotContact ? html` <span class="badge bad">${t('flags.doNotContact')}</span>` : nothing}</td>
        <td>${i.label('retentionPolicies', retention.policy, retention.policyLabel)} <span class="muted">(${t(`privacy.duration.${retention.clock}`, { count: retention.months })})</span>${retention.consentValid ? html` <span class="badge ok">${t('retention.consentBadge')}</span>` : nothing}</td>
        <td>${formatDate(retention.retainUntil, i.locale)}</td>
        <td>${expired
          ? html`<button class="danger" @click=${() => this.#run({ type: 'erasePerson', candidateId: candidate.id }, 'retention.status.erased', { name: candidate.name })}
              aria-label=${t('retention.eraseLabel', { name: candidate.name })}>${t('privacy.eraseButton')}</button>`
          : html`<span title=${t('privacy.daysLeft', { count: retention.daysLeft })}>${i.number(retention.daysLeft)}</span>
              <button @click=${() => this.#run({ type: 'requestConsentRenewal', candidateId: candidate.id }, 'privacy.status.renewalRequested')}
                aria-label=${t('retention.renewalLabel', { name: candidate.name })}>${t('privacy.requestRenewal')}</button>`}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  render() {
    const i = this.#i();
    const { t } = i;
    const v = this._view;
    if (!v) return this._error ? html`<p class="alert" role="alert">${errorText(i, this._error)}</p>` : nothing;
    const s = this._settings;
    const saved = 'status.saved';
    return html`
      <div aria-live="assertive">${this._error ? html`<p class="alert" part="alert">${errorText(i, this._error)}</p>` : nothing}</div>
      <div aria-live="polite">${this._status ? html`<p class="status">${t(this._status.key, this._status.params)}</p>` : nothing}</div>
      <section aria-labelledby="expired-h">
        <h3 id="expired-h">${t('retention.expired', { count: v.expired.length })}</h3>
        ${this.#rows(i, v.expired, true)}
        ${v.expired.length > 1 ? html`<div class="actions"><button class="danger"
            @click=${() => this.#run({ type: 'eraseExpired' }, 'retention.status.erasedAll')}>${t('retention.eraseAll', { count: v.expired.length })}</button></div>` : nothing}
      </section>
      <section aria-labelledby="expiring-h">
        <h3 id="expiring-h">${t('retention.expiring', { count: v.expiring.length, days: this.pool.limits().expiringWithinDays })}</h3>
        ${this.#rows(i, v.expiring, false)}
      </section>
      <section aria-labelledby="settings-h">
        <h3 id="settings-h">${t('retention.settings')}</h3>
        <p class="muted" id="default-policy-hint">${t('retention.defaultPolicyHint')}</p>
        <div class="row">
          <label>${t('retention.defaultPolicy')}
            <select @change=${(e) => this.#run({ type: 'changeSettings', settings: { retentionPolicy: e.target.value } }, saved)}>
              ${(this._policies ?? []).map((p) => html`<option value=${p.code} ?selected=${s?.retentionPolicy === p.code}>${i.label('retentionPolicies', p.code, p.label)}${p.months > 0 ? ` (${t(`privacy.duration.${p.clock}`, { count: p.months })})` : ''}</option>`)}
            </select>
          </label>
          <label>${t('retention.defaultMonths')}
            <input type="number" min="1" max="120" .value=${String(s?.defaultRetentionMonths ?? 12)}
              @change=${(e) => this.#run({ type: 'changeSettings', settings: { defaultRetentionMonths: Number(e.target.value) } }, saved)}>
          </label>
          <label class="inline"><input type="checkbox" .checked=${Boolean(s?.autoErase)}
              @change=${(e) => this.#run({ type: 'changeSettings', settings: { autoErase: e.target.checked } }, saved)}>
            ${t('retention.autoErase')}</label>
        </div>
      </section>
      <section aria-labelledby="audit-h">
        <h3 id="audit-h">${t('retention.audit')}</h3>
        ${this._audit.length === 0 ? html`<p class="muted">${t('retention.noAudit')}</p>` : html`<table>
          <thead><tr><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.who')}</th><th scope="col">${t('audit.what')}</th><th scope="col">${t('audit.poolId')}</th></tr></thead>
          <tbody>${this._audit.map((a) => html`<tr><td>${formatDate(a.at, i.locale)}</td><td dir="auto">${this.who ? this.who(a.by, '', true) : a.by}</td>
            <td>${a.type === 'erased' ? t(a.detail === 'request' ? 'audit.erasedOnRequest' : 'audit.erasedRetention') : t('audit.accessExport')}</td>
            <td>${a.candidateId}</td></tr>`)}</tbody></table>`}
      </section>`;
  }
}

/** For the tab registry. */
export function renderRetention(ctx) {
  return html`<runnerup-retention-view class="view" .pool=${ctx.pool} .openCandidate=${(id) => ctx.openCard(id)}
    today=${ctx.today} locale=${ctx.locale || ''} .who=${ctx.personName}></runnerup-retention-view>`;
}

if (!customElements.get('runnerup-retention-view')) customElements.define('runnerup-retention-view', RunnerUpRetentionView);
