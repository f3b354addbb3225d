// Shared pieces for the views: labelled form controls that show the core's error next to the
// field its path names, badges, dates, and event descriptions. Pure template functions; the
// view context (`ctx`, see registry.js) knows which error is showing.
import { css, html, nothing } from 'lit';

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
`;

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
    ? html`<p id="${id}-error" class="field-error">${ctx.error.message}</p>`
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
        aria-describedby=${db} rows=${a.rows || 2} maxlength=${a.maxlength || 2000} ?required=${o.required}
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
  return html`<p class="form-error" id=${controlIdFor(source, 'form-error')}>${shown ? e.message : ''}</p>`;
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

/** The local date as YYYY-MM-DD. */
export function localDate(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
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
 */
export function dayToInstant(day, now = new Date()) {
  if (!day) return '';
  return day === localDate(now) ? now.toISOString() : `${day}T12:00:00Z`;
}

/** "2026-11-20T12:00:00Z" -> "20 Nov 2026"; dates stay dates. */
export function formatDay(value, locale) {
  if (!value) return '';
  const day = String(value).slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return String(value);
  try {
    return new Intl.DateTimeFormat(locale || undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  } catch {
    return day;
  }
}

/** The do-not-contact badge: shown wherever the person appears. */
export function dncBadge(doNotContact, reason = '') {
  if (!doNotContact) return nothing;
  return html`<span class="badge dnc" title=${reason || 'Do not contact'}>Do not contact</span>`;
}

/** A candidate's name as a button that opens their card. */
export function nameButton(ctx, candidate, extra = '') {
  return html`<button type="button" class="link name-link" data-card=${candidate.id}
    @click=${(e) => ctx.openCard(candidate.id, e.currentTarget)}>${candidate.name}</button>${extra}`;
}

/** Flag badges of a flag set (not do-not-contact, which has its own). */
export function flagBadges(flags, locale) {
  if (!flags) return nothing;
  const out = [];
  if (flags.openToContract) out.push('Open to contract');
  if (flags.openToPartTime) {
    out.push(flags.availableFrom ? `Part-time from ${formatDay(flags.availableFrom, locale)}` : 'Open to part-time');
  }
  const fr = flags.futureRoles || {};
  const roles = [...(fr.families || []), ...(fr.departments || []), ...(fr.requisitions || [])];
  if (roles.length) out.push(`Future roles: ${roles.join(', ')}`);
  return out.map((text) => html`<span class="badge flag">${text}</span> `);
}

/** One line about an event, in the recruiter's words. */
export function describeEvent(event, { candidateName = (id) => id, requisitionTitle = (id) => id, label = (k, c) => c } = {}) {
  const d = event.data || {};
  switch (event.type) {
    case 'candidate.saved':
      return `Saved candidate ${d.candidate?.name || ''}`.trim();
    case 'requisition.saved':
      return `Saved requisition ${d.requisition?.title || ''}`.trim();
    case 'outcome.recorded': {
      const o = d.outcome || {};
      const rank = o.outcome === 'runner_up' && o.rank ? ` #${o.rank}` : '';
      return `Recorded ${candidateName(o.candidateId)} as ${label('outcomes', o.outcome).toLowerCase()}${rank} on ${requisitionTitle(o.requisitionId)}`;
    }
    case 'feedback.requested':
      return `${candidateName(d.candidateId)} asked for feedback`;
    case 'feedback.given':
      return `Feedback given to ${candidateName(d.candidateId)} by ${label('channels', d.channel).toLowerCase()}`;
    case 'flags.set':
      return `Changed the flags of ${candidateName(d.candidateId)}`;
    case 'touchpoint.logged':
      return `Touchpoint with ${candidateName(d.candidateId)}: ${label('channels', d.channel)}, ${label('directions', d.direction).toLowerCase()}`;
    case 'followup.scheduled':
      return `Follow-up with ${candidateName(d.candidateId)} due ${d.due}`;
    case 'followup.closed':
      return `Follow-up ${d.status === 'dismissed' ? 'dismissed' : 'done'}`;
    case 'followup.snoozed':
      return `Follow-up snoozed until ${d.until}`;
    case 'runnerups.ranked':
      return `Ranked the runner-ups of ${requisitionTitle(d.requisitionId)}`;
    case 'hire.backed_out':
      return `Hire backed out of ${requisitionTitle(d.requisitionId)} (${label('backOutReasons', d.reason).toLowerCase()})`;
    case 'requisition.reopened':
      return `Reopened ${requisitionTitle(d.requisitionId)} for ${candidateName(d.candidateId)}`;
    case 'action.undone':
      return 'Undid an action';
    case 'settings.changed':
      return 'Changed the settings';
    default:
      return event.type;
  }
}
