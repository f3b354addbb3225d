// Shared pieces for the views: labelled form controls that show the core's error next to the
// field its path names, badges, dates, and event descriptions. Pure template functions; the
// view context (`ctx`, see registry.js) knows which error is showing.
import { css, html, nothing } from 'lit';
import { translator } from '../i18n/index.js';

const EN = translator('en');

/** The view context's translator (English when a caller passes none). */
const i18n = (ctx) => ctx?.i || EN;

export const sharedViewStyles = css`
  .view {
    padding: 0.75rem 1rem 1rem;
  }
  .view h3 {
    margin: 0.25rem 0 0.5rem;
    font-size: 1em;
  }
  .view h4 {
    margin: 1rem 0 0.4rem;
    font-size: 0.95em;
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem 0.75rem;
    margin: 0.5rem 0;
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .inline-form .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  .inline-form > button {
    align-self: flex-end;
  }
  .inline-form .field.grow {
    flex: 1 1 14rem;
  }
  .inline-form label,
  .field > label,
  fieldset legend {
    font-weight: 600;
    font-size: 0.9em;
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.35rem;
    font-weight: 400 !important;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.85em;
    margin: 0;
  }
  .form-error {
    color: var(--_danger);
    margin: 0 0 0.5rem;
    flex-basis: 100%;
  }
  .form-error:empty {
    display: none;
  }
  .badge {
    display: inline-block;
    padding: 0.05rem 0.45rem;
    border-radius: 999px;
    font-size: 0.85em;
    white-space: nowrap;
    border: 1px solid var(--_border);
    background: var(--_subtle);
    font-weight: 400;
  }
  .badge.dnc {
    color: #fff;
    background: var(--_danger);
    border-color: var(--_danger);
    font-weight: 700;
  }
  .badge.overdue {
    color: var(--_danger);
    border-color: color-mix(in srgb, var(--_danger) 50%, transparent);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
    font-weight: 600;
  }
  .badge.flag {
    color: #174ea6;
    background: #ecf2fd;
    border-color: #c3d5f7;
  }
  .badge.strong {
    color: #0b6b3a;
    background: #e9f7ef;
    border-color: #b7e2c8;
  }
  .badge.qualified {
    color: #174ea6;
    background: #ecf2fd;
    border-color: #c3d5f7;
  }
  .muted {
    color: var(--_muted);
  }
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .items > li {
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .items > li:last-child {
    border-bottom: none;
  }
  .empty {
    color: var(--_muted);
    margin: 0.25rem 0 0.5rem;
  }
  .undone {
    text-decoration: line-through;
    color: var(--_muted);
  }
  .error-detail {
    font-size: 0.9em;
  }
`;

/**
 * An error as the recruiter reads it: in their language where the catalogue knows its code
 * (i18n/index.js), with the original message beside it when that says more.
 * @param {{error: Function}} i a translator
 */
export function errorText(i, error) {
  if (!error) return '';
  const tr = i || EN;
  // a wrapped error ("The candidate … could not be saved: <the core's error>") translates both parts
  // a wrapper without an inner error is the whole sentence (the host's malformed records)
  if (error.wrap && !error.wrap.inner) return tr.t(error.wrap.key, error.wrap.params);
  const e = tr.error(error.wrap ? error.wrap.inner : error);
  const text = error.wrap ? tr.t(error.wrap.key, { ...error.wrap.params, message: e.text }) : e.text;
  return e.detail ? html`${text} <span class="error-detail" lang="en">(${e.detail})</span>` : text;
}

/** True when the showing error belongs to `source` and its path is `path` or lies under it. */
export function pathMatches(error, source, path) {
  if (!error || error.source !== source || !error.path || !path) return false;
  return error.path === path || error.path.startsWith(`${path}/`);
}

/** The id of a control: `<source>-<name>`, safe for ids. */
export function controlIdFor(source, name) {
  return `${source}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function describedBy(ctx, source, path, id, hint) {
  const ids = [];
  if (hint) ids.push(`${id}-hint`);
  if (pathMatches(ctx.error, source, path)) ids.push(`${id}-error`);
  return ids.length ? ids.join(' ') : nothing;
}

function after(ctx, source, path, id, hint) {
  return html`${hint ? html`<span id="${id}-hint" class="muted hint">${hint}</span>` : nothing}${pathMatches(
    ctx.error,
    source,
    path,
  )
    ? html`<p id="${id}-error" class="field-error">${errorText(ctx.i, ctx.error)}</p>`
    : nothing}`;
}

/**
 * A labelled control. `path` is the JSON Pointer the core uses for this field in its errors
 * ("/feedback/givenAt"); when the showing error names it, the control is marked invalid, the
 * message shows beside it, and the element focuses it.
 *
 * @param {object} ctx the view context
 * @param {string} source the form's id (errors are scoped to the form that caused them)
 * @param {object} o
 * @param {string} o.name form field name
 * @param {string} o.label visible label
 * @param {string} [o.path] core error path
 * @param {'text'|'date'|'number'|'select'|'textarea'|'checkbox'} [o.type]
 * @param {{value: string, label: string}[]} [o.options] for selects
 * @param {string|boolean} [o.value] initial value
 * @param {boolean} [o.required]
 * @param {string} [o.hint]
 * @param {string} [o.className] extra class on the wrapper ("grow", "wide")
 * @param {object} [o.attrs] min, max, step, placeholder, rows, maxlength, disabled
 */
export function field(ctx, source, o) {
  const id = controlIdFor(source, o.idSuffix || o.name);
  const path = o.path || '';
  const invalid = pathMatches(ctx.error, source, path) ? 'true' : 'false';
  const a = o.attrs || {};
  const dp = path || nothing;
  const db = describedBy(ctx, source, path, id, o.hint);
  let control;
  switch (o.type || 'text') {
    case 'select':
      control = html`<select id=${id} name=${o.name} data-path=${dp} aria-invalid=${invalid}
        aria-describedby=${db} ?required=${o.required} ?disabled=${a.disabled}>
        ${(o.options || []).map(
          (opt) => html`<option value=${opt.value} ?selected=${String(o.value ?? '') === opt.value}>${opt.label}</option>`,
        )}
      </select>`;
      break;
    case 'textarea':
      control = html`<textarea id=${id} name=${o.name} data-path=${dp} aria-invalid=${invalid}
        aria-describedby=${db} rows=${a.rows || 2} maxlength=${a.maxlength || ctx.limits?.noteBytes || nothing} ?required=${o.required}
        .defaultValue=${o.value ?? ''}></textarea>`;
      break;
    case 'checkbox':
      return html`<div class="field ${o.className || ''}">
        <label class="check"><input type="checkbox" id=${id} name=${o.name} data-path=${dp}
          aria-invalid=${invalid} aria-describedby=${db} .defaultChecked=${Boolean(o.value)}
          ?disabled=${a.disabled} />${o.label}</label>${after(ctx, source, path, id, o.hint)}
      </div>`;
    default:
      control = html`<input id=${id} name=${o.name} type=${o.type || 'text'} data-path=${dp}
        aria-invalid=${invalid} aria-describedby=${db} ?required=${o.required} ?disabled=${a.disabled}
        min=${a.min ?? nothing} max=${a.max ?? nothing} step=${a.step ?? nothing}
        placeholder=${a.placeholder ?? nothing} maxlength=${a.maxlength ?? nothing} autocomplete="off"
        .defaultValue=${o.value ?? ''} />`;
  }
  return html`<div class="field ${o.className || ''}">
    <label for=${id}>${o.label}</label>${control}${after(ctx, source, path, id, o.hint)}
  </div>`;
}

/** The error of a form when it names no field of it (e.g. "blocked", "conflict" on /order). */
export function formError(ctx, source, paths = []) {
  const e = ctx.error;
  const shown = e && e.source === source && !paths.some((p) => pathMatches(e, source, p));
  return html`<p class="form-error" id=${controlIdFor(source, 'form-error')}>${shown ? errorText(ctx.i, e) : ''}</p>`;
}

/** The values of a form as a plain object: repeated names become arrays, checkboxes booleans. */
export function formValues(form) {
  const values = {};
  const controls = [...form.elements].filter((el) => el.name && !el.disabled && el.tagName !== 'BUTTON' && el.tagName !== 'FIELDSET');
  const count = {};
  for (const el of controls) count[el.name] = (count[el.name] || 0) + 1;
  for (const el of controls) {
    const value = el.type === 'checkbox' ? el.checked : el.value;
    if (count[el.name] > 1 || el.dataset.multiple !== undefined) (values[el.name] ||= []).push(value);
    else values[el.name] = value;
  }
  return values;
}

/** "a, b ,, c" -> ["a", "b", "c"] */
export function splitList(text) {
  return String(text || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** YYYY-MM-DD plus n days. */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/**
 * A day the recruiter picked ("2026-11-20") as the instant the core stores: now when it is today
 * (midday UTC could still be in the future, which the core refuses), else midday UTC that day.
 * `today`: the core's (ctx.today, pool.today()).
 */
export function dayToInstant(day, today, now = new Date()) {
  if (!day) return '';
  return day === today ? now.toISOString() : `${day}T12:00:00Z`;
}

/** "2026-11-20T12:00:00Z" -> "Nov 20, 2026" (en-US), "20. Nov. 2026" (de): the stored calendar day, never shifted. */
export function formatDay(value, locale) {
  return translator(locale).day(value);
}

/** The do-not-contact badge: shown wherever the person appears. `i`: the translator (ctx.i). */
export function dncBadge(doNotContact, reason = '', i = EN) {
  if (!doNotContact) return nothing;
  return html`<span class="badge dnc" title=${reason || i.t('flags.doNotContact')}>${i.t('flags.doNotContact')}</span>`;
}

/** A candidate's name as a button that opens their card (dir="auto": a name in any script reads right). */
export function nameButton(ctx, candidate, extra = '') {
  return html`<button type="button" class="link name-link" dir="auto" data-card=${candidate.id}
    @click=${(e) => ctx.openCard(candidate.id, e.currentTarget)}>${candidate.name}</button>${extra}`;
}

/** Flag badges of a flag set (not do-not-contact, which has its own). */
export function flagBadges(flags, ctx) {
  if (!flags) return nothing;
  const i = i18n(ctx);
  const out = [];
  const from = flags.availableFrom ? { date: i.day(flags.availableFrom) } : null;
  if (flags.openToContract) out.push(from ? i.t('flags.contractFrom', from) : i.t('flags.openToContract'));
  if (flags.openToPartTime) out.push(from ? i.t('flags.partTimeFrom', from) : i.t('flags.openToPartTime'));
  // the core's list: requisitions by title, each role once whatever its case
  const fr = flags.futureRoles || {};
  const roles = flags.futureRoleNames ?? [...(fr.families || []), ...(fr.departments || []), ...(fr.requisitions || [])];
  if (roles.length) out.push(i.h('flags.futureRolesList', { roles: roles.join(', ') }));
  return out.map((text) => html`<span class="badge flag">${text}</span> `);
}

/**
 * One line about an event, in the recruiter's words. `i` is the translator (default English);
 * `day` formats the dates in it (default: as stored). Names and titles are isolated (<bdi>)
 * when `rich` is set, for running text in a page; plain strings otherwise.
 */
export function describeEvent(
  event,
  { candidateName = (id) => id, requisitionTitle = (id) => id, label = (k, c) => c, i = EN, day = (d) => d, rich = false } = {},
) {
  const d = event.data || {};
  const say = rich ? i.h : i.t;
  switch (event.type) {
    case 'candidate.saved':
      return d.candidate?.name ? say('event.candidateSaved', { name: d.candidate.name }) : i.t('event.candidateSavedUnnamed');
    case 'requisition.saved':
      return d.requisition?.title ? say('event.requisitionSaved', { title: d.requisition.title }) : i.t('event.requisitionSavedUntitled');
    case 'outcome.recorded': {
      const o = d.outcome || {};
      const params = { name: candidateName(o.candidateId), outcome: label('outcomes', o.outcome), title: requisitionTitle(o.requisitionId), rank: o.rank };
      return say(o.outcome === 'runner_up' && o.rank ? 'event.outcomeRecordedRank' : 'event.outcomeRecorded', params);
    }
    case 'feedback.requested':
      return say('event.feedbackRequested', { name: candidateName(d.candidateId) });
    case 'feedback.given':
      return say('event.feedbackGiven', { name: candidateName(d.candidateId), channel: label('channels', d.channel) });
    case 'flags.set':
      return say('event.flagsSet', { name: candidateName(d.candidateId) });
    case 'touchpoint.logged':
      return say('event.touchpointLogged', {
        name: candidateName(d.candidateId),
        channel: label('channels', d.channel),
        direction: label('directions', d.direction),
      });
    case 'followup.scheduled':
      return say('event.followUpScheduled', { name: candidateName(d.candidateId), due: day(d.due) });
    case 'followup.closed':
      return i.t(d.status === 'dismissed' ? 'event.followUpDismissed' : 'event.followUpDone');
    case 'followup.snoozed':
      return i.t('event.followUpSnoozed', { until: day(d.until) });
    case 'runnerups.ranked':
      return say('event.runnerUpsRanked', { title: requisitionTitle(d.requisitionId) });
    case 'hire.backed_out':
      return say('event.hireBackedOut', { title: requisitionTitle(d.requisitionId), reason: label('backOutReasons', d.reason) });
    case 'requisition.reopened':
      return say('event.requisitionReopened', { title: requisitionTitle(d.requisitionId), name: candidateName(d.candidateId) });
    case 'requisition.closed_out':
      return say('event.requisitionClosedOut', { title: requisitionTitle(d.requisitionId) });
    case 'action.undone':
      return i.t('event.actionUndone');
    case 'settings.changed':
      return i.t('event.settingsChanged');
    case 'consent.recorded':
      return say('event.consentRecorded', { name: candidateName(d.candidateId), basis: label('legalBases', d.consent?.basis) });
    case 'consent.renewal_requested':
      return say('event.consentRenewalRequested', { name: candidateName(d.candidateId) });
    case 'consent.renewal_answered':
      return say(d.granted ? 'event.consentRenewed' : 'event.consentRenewalDeclined', { name: candidateName(d.candidateId) });
    case 'consent.withdrawn':
      return say('event.consentWithdrawn', { name: candidateName(d.candidateId) });
    case 'retention.policy_set':
      return d.requisitionId
        ? say('event.retentionPolicySetRequisition', { title: requisitionTitle(d.requisitionId), policy: label('retentionPolicies', d.policy) })
        : say('event.retentionPolicySet', { name: candidateName(d.candidateId), policy: label('retentionPolicies', d.policy) });
    case 'person.erased':
      return i.t(d.reason === 'request' ? 'event.personErasedOnRequest' : 'event.personErasedRetention');
    case 'access.exported':
      return say('event.accessExported', { name: candidateName(d.candidateId) });
    default:
      return i.t('event.other'); // an event type this build does not know: never its code
  }
}
