// Shared pieces of the data-protection views: styles and the readable access-export page.
import { css, html, nothing } from 'lit';
import { translator } from '../i18n/index.js';
import { describeEvent } from './fields.js';

export const privacyStyles = css`
  :host { display: block; }
  * { box-sizing: border-box; }
  h3 { font-size: 1em; margin: 0 0 0.5rem; }
  h4 { font-size: 0.95em; margin: 1rem 0 0.35rem; }
  section { padding: 0.75rem 0; border-top: 1px solid var(--_border, #d8dee6); }
  section:first-of-type { border-top: none; }
  .muted { color: var(--_muted, #596573); }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
  label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9em; min-width: 0; max-width: 100%; }
  /* a policy's option names its duration: a narrow widget shortens the closed select, never overflows */
  label select { max-width: 100%; min-width: 0; }
  label.inline { flex-direction: row; align-items: center; gap: 0.4rem; }
  input, select, textarea {
    font: inherit; padding: 0.35rem 0.5rem; border: 1px solid var(--_border, #d8dee6);
    border-radius: var(--_radius, 6px); background: var(--_surface, #fff); color: inherit;
  }
  button {
    font: inherit; padding: 0.4rem 0.8rem; border-radius: var(--_radius, 6px); cursor: pointer;
    border: 1px solid var(--_border, #d8dee6); background: var(--_surface, #fff); color: inherit;
  }
  button.primary { background: var(--_accent, #1d5fd1); color: var(--_accent-contrast, #fff); border-color: transparent; }
  button.danger { background: var(--_danger, #b42318); color: #fff; border-color: transparent; }
  button.link { border: none; background: none; padding: 0; color: var(--_accent, #1d5fd1); text-decoration: underline; }
  button:disabled { opacity: 0.6; cursor: default; }
  :focus-visible { outline: 2px solid var(--_accent, #1d5fd1); outline-offset: 2px; }
  .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 999px; font-size: 0.8em; font-weight: 600; }
  .badge.warn { background: #fff4e5; color: #8a4b00; }
  .badge.bad { background: #fdecea; color: var(--_danger, #b42318); }
  .badge.ok { background: #e7f6ee; color: var(--_success, #0b6b3a); }
  .alert { color: var(--_danger, #b42318); background: #fdecea; padding: 0.5rem 0.75rem; border-radius: var(--_radius, 6px); margin: 0.5rem 0; }
  .status { color: var(--_success, #0b6b3a); margin: 0.5rem 0; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--_border, #d8dee6); vertical-align: top; }
  th { font-size: 0.85em; color: var(--_muted, #596573); font-weight: 600; }
  dialog { border: 1px solid var(--_border, #d8dee6); border-radius: var(--_radius, 6px); padding: 1rem 1.25rem; max-width: min(52rem, 95vw); }
  dialog::backdrop { background: rgb(15 23 42 / 0.45); }
  .export { max-height: 70vh; overflow: auto; }
  .export:focus-visible { outline: 2px solid var(--_accent, #1d5fd1); outline-offset: 2px; }
  .export dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0; }
  .export dt { color: var(--_muted, #596573); }
  .export dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .actions { display: flex; gap: 0.5rem; justify-content: flex-end; margin-top: 1rem; }
`;

/** Runs an action; resolves to null on success or the RunnerUpError. */
/**
 * Keeps a view in step with its pool (a Lit reactive controller): follows the `change` events of
 * the host's `pool` property and calls `load` when the pool changes, and from the host's
 * willUpdate when the pool or one of the properties it names changed.
 *
 *   #follow = new PoolFollower(this, () => this.#load());
 *   willUpdate(changed) { this.#follow.update(changed, ['today']); }
 */
export class PoolFollower {
  #host;
  #load;
  #listening = null;
  #onChange = () => this.#load();

  constructor(host, load) {
    this.#host = host;
    this.#load = load;
    host.addController(this);
  }

  update(changed, keys) {
    const pool = this.#host.pool;
    if (changed.has('pool') && pool !== this.#listening) {
      this.#listening?.removeEventListener('change', this.#onChange);
      pool?.addEventListener('change', this.#onChange);
      this.#listening = pool;
    }
    if (changed.has('pool') || keys.some((key) => changed.has(key))) this.#load();
  }

  hostDisconnected() {
    this.#listening?.removeEventListener('change', this.#onChange);
    this.#listening = null;
  }
}

export async function attempt(action) {
  try {
    await action();
    return null;
  } catch (error) {
    return error;
  }
}

/** A stored date ("2026-11-22": that calendar day, never shifted) or moment (local date and time) in the locale. */
export function formatDate(value, locale) {
  if (!value) return '—';
  const i = translator(locale);
  if (value.length === 10) return i.day(value);
  return Number.isNaN(new Date(value).getTime()) ? value : i.instant(value);
}

const list = (values) => (values && values.length ? values.join(', ') : '—');

function pairs(entries) {
  return html`<dl>${entries.map(([k, v]) => html`<dt>${k}</dt><dd dir="auto">${v === '' || v == null ? '—' : v}</dd>`)}</dl>`;
}

/**
 * The access export as a page a recruiter can read and send: every field of the document, in
 * sections. Lit escapes all text, so hostile content in a record stays text. `taxonomy` (the
 * core's) turns codes into labels; `who(value, after)` says who a recruiter's id is (the element's
 * personName: the host's name, "you", "another recruiter").
 */
export function renderAccessExport(doc, locale, taxonomy = {}, who = (value) => value) {
  const i = translator(locale);
  const { t, h } = i;
  const label = (kind, code) => i.label(kind, code, (taxonomy[kind] || []).find((x) => x.code === code)?.label);
  const titleOf = (id) => doc.outcomes.find((o) => o.requisitionId === id)?.requisition?.title || id;
  const names = { candidateName: () => doc.candidate.name, requisitionTitle: titleOf, label, i, day: (d) => formatDate(d, locale) };
  const yes = t('export.yes');
  // the date contract or part-time work could start, beside either
  const from = doc.flags?.availableFrom ? t('export.yesFrom', { date: formatDate(doc.flags.availableFrom, locale) }) : yes;
  const no = t('export.no');
  const c = doc.candidate;
  const loc = [c.location.city, c.location.region, c.location.country].filter(Boolean).join(', ');
  return html`<article class="export" tabindex="0" aria-label=${t('export.label', { name: c.name })}>
    <h3>${h('export.title', { name: c.name })}</h3>
    <p class="muted">${h('export.asOf', { date: formatDate(doc.asOf, locale), id: doc.subject })}</p>
    <h4>${t('export.personal')}</h4>
    ${pairs([
      [t('export.name'), c.name], [t('export.emails'), list(c.emails)], [t('export.phones'), list(c.phones)], [t('export.links'), list(c.links)],
      [t('export.location'), loc], [t('export.currentTitle'), c.title], [t('export.skills'), list(c.skills)], [t('export.seniority'), c.seniority],
      [t('export.source'), c.source], [t('export.tags'), list(c.tags)],
    ])}
    <h4>${t('export.decisions')}</h4>
    ${doc.outcomes.length === 0 ? html`<p class="muted">${t('export.none')}</p>` : doc.outcomes.map((o) => html`${pairs([
      [t('form.requisition'), o.requisition ? o.requisition.title : o.requisitionId], [t('form.stage'), label('stages', o.stage)],
      [t('form.outcome'), label('outcomes', o.outcome)],
      [t('form.reason'), `${i.label('reasons', o.reason?.code, o.reasonLabel) || ''}${o.reason?.note ? ` — ${o.reason.note}` : ''}`],
      [t('pool.col.initiator'), label('initiators', o.initiator)], [t('form.futureFit'), label('futureFits', o.futureFit)],
      [t('form.scores'), o.scores.map((s) => `${who(s.by)}: ${label('scores', s.score)}`).join('; ')], [t('form.skillGaps'), list(o.skillGaps)],
      [t('form.note'), o.note], [t('export.decided'), t('export.dateBy', { date: formatDate(o.decidedAt, locale), by: who(o.decidedBy, 'by') })],
    ])}`)}
    <h4>${t('card.feedback')}</h4>
    ${doc.feedbackRequests.map((r) => html`<p>${t('export.askedOn', { date: formatDate(r.requestedAt, locale) })}</p>`)}
    ${doc.feedback.length === 0 ? html`<p class="muted">${t('export.noneGiven')}</p>` : doc.feedback.map((f) => pairs([
      [t('export.given'), t('export.givenBy', { date: formatDate(f.givenAt, locale), by: who(f.by, 'by'), channel: label('channels', f.channel) })],
      [t('card.strengthsLabel'), f.strengths], [t('export.toImprove'), f.improvements], [t('card.summaryLabel'), f.summary],
    ]))}
    <h4>${t('card.flags')}</h4>
    ${pairs([
      [t('flags.openToContract'), doc.flags.openToContract ? from : no],
      [t('flags.openToPartTime'), doc.flags.openToPartTime ? from : no],
      [t('flags.futureRoles'), list(doc.flags.futureRoleNames ?? [...doc.flags.futureRoles.families, ...doc.flags.futureRoles.departments, ...doc.flags.futureRoles.requisitions])],
      [t('flags.doNotContact'), doc.flags.doNotContact ? t('export.yesBecause', { reason: doc.flags.doNotContactReason }) : no],
    ])}
    <h4>${t('export.contacts')}</h4>
    ${doc.touchpoints.length === 0 ? html`<p class="muted">${t('export.none')}</p>` : html`<ul>${doc.touchpoints.map((tp) =>
      html`<li>${formatDate(tp.at, locale)} · ${label('channels', tp.channel)} · ${label('directions', tp.direction)} · <bdi>${who(tp.by)}</bdi>${tp.note ? html` — <bdi>${tp.note}</bdi>` : nothing}</li>`)}</ul>`}
    <h4>${t('card.followUps')}</h4>
    ${doc.followUps.length === 0 ? html`<p class="muted">${t('export.none')}</p>` : html`<ul>${doc.followUps.map((f) =>
      html`<li>${formatDate(f.due, locale)} · ${t(`followUpStatus.${f.status}`)} · <bdi>${who(f.owner)}</bdi>${f.note ? html` — <bdi>${f.note}</bdi>` : nothing}</li>`)}</ul>`}
    <h4>${t('export.consentRetention')}</h4>
    ${pairs([
      [t('privacy.legalBasis'), label('legalBases', doc.consent.basis)], [t('export.consentGiven'), formatDate(doc.consent.givenAt, locale)],
      [t('export.consentExpires'), formatDate(doc.consent.expiresAt, locale)], [t('privacy.wordingVersion'), doc.consent.wordingVersion],
      [t('export.consentWithdrawn'), formatDate(doc.consent.withdrawnAt, locale)],
      [t('privacy.retentionPolicy'), doc.retention ? i.label('retentionPolicies', doc.retention.policy, doc.retention.policyLabel) : ''],
      [t('privacy.keptUntil'), doc.retention ? formatDate(doc.retention.retainUntil, locale) : ''],
    ])}
    <h4>${t('export.history')}</h4>
    <table>
      <thead><tr><th scope="col">${t('audit.when')}</th><th scope="col">${t('audit.who')}</th><th scope="col">${t('audit.what')}</th></tr></thead>
      <tbody>${doc.history.map((e) => html`<tr><td>${formatDate(e.at, locale)}</td><td dir="auto">${who(e.actor, '', true)}</td><td>${describeEvent(e, names)}${e.undone ? ` ${t('card.undone')}` : ''}</td></tr>`)}</tbody>
    </table>
    <h4>${t('export.access')}</h4>
    ${doc.audit.length === 0 ? html`<p class="muted">${t('export.noEarlierExports')}</p>` : html`<ul>${doc.audit.map((a) =>
      html`<li>${formatDate(a.at, locale)} · ${h('export.auditBy', { what: a.type === 'access_exported' ? t('export.accessExportTaken') : t('audit.other'), by: who(a.by, 'by', true) })}</li>`)}</ul>`}
  </article>`;
}
