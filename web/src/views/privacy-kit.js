// Shared pieces of the data-protection views: styles and the readable access-export page.
import { css, html, nothing } from 'lit';

export const privacyStyles = css`
  :host { display: block; }
  * { box-sizing: border-box; }
  h3 { font-size: 1em; margin: 0 0 0.5rem; }
  h4 { font-size: 0.95em; margin: 1rem 0 0.35rem; }
  section { padding: 0.75rem 0; border-top: 1px solid var(--_border, #d8dee6); }
  section:first-child { border-top: none; }
  .muted { color: var(--_muted, #596573); }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
  label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9em; }
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
export async function attempt(action) {
  try {
    await action();
    return null;
  } catch (error) {
    return error;
  }
}

export function formatDate(value, locale) {
  if (!value) return '—';
  const date = value.length === 10 ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const options = value.length === 10 ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale || undefined, options).format(date);
}

const list = (values) => (values && values.length ? values.join(', ') : '—');

function pairs(entries) {
  return html`<dl>${entries.map(([k, v]) => html`<dt>${k}</dt><dd>${v === '' || v == null ? '—' : v}</dd>`)}</dl>`;
}

/**
 * The access export as a page a recruiter can read and send: every field of the document, in
 * sections. Lit escapes all text, so hostile content in a record stays text.
 */
export function renderAccessExport(doc, locale) {
  const c = doc.candidate;
  const loc = [c.location.city, c.location.region, c.location.country].filter(Boolean).join(', ');
  return html`<article class="export" tabindex="0" aria-label="Access export for ${c.name}">
    <h3>Everything held about ${c.name}</h3>
    <p class="muted">As of ${formatDate(doc.asOf, locale)} · pool id ${doc.subject}</p>
    <h4>Personal details</h4>
    ${pairs([
      ['Name', c.name], ['Emails', list(c.emails)], ['Phones', list(c.phones)], ['Links', list(c.links)],
      ['Location', loc], ['Current title', c.title], ['Skills', list(c.skills)], ['Seniority', c.seniority],
      ['Source', c.source], ['Tags', list(c.tags)],
    ])}
    <h4>Hiring decisions</h4>
    ${doc.outcomes.length === 0 ? html`<p class="muted">None.</p>` : doc.outcomes.map((o) => html`${pairs([
      ['Requisition', o.requisition ? o.requisition.title : o.requisitionId], ['Stage reached', o.stage],
      ['Outcome', o.outcome], ['Reason', `${o.reasonLabel ?? o.reason?.code ?? ''}${o.reason?.note ? ` — ${o.reason.note}` : ''}`],
      ['Initiator', o.initiator], ['Future fit', o.futureFit],
      ['Interview scores', o.scores.map((s) => `${s.by}: ${s.score}`).join('; ')], ['Skill gaps', list(o.skillGaps)],
      ['Note', o.note], ['Decided', `${formatDate(o.decidedAt, locale)} by ${o.decidedBy}`],
    ])}`)}
    <h4>Feedback</h4>
    ${doc.feedbackRequests.map((r) => html`<p>Asked for feedback on ${formatDate(r.requestedAt, locale)}</p>`)}
    ${doc.feedback.length === 0 ? html`<p class="muted">None given.</p>` : doc.feedback.map((f) => pairs([
      ['Given', `${formatDate(f.givenAt, locale)} by ${f.by} (${f.channel})`], ['Strengths', f.strengths],
      ['To improve', f.improvements], ['Summary', f.summary],
    ]))}
    <h4>Flags</h4>
    ${pairs([
      ['Open to contract', doc.flags.openToContract ? 'yes' : 'no'],
      ['Open to part-time', doc.flags.openToPartTime ? `yes${doc.flags.availableFrom ? `, from ${formatDate(doc.flags.availableFrom, locale)}` : ''}` : 'no'],
      ['Future roles', list([...doc.flags.futureRoles.families, ...doc.flags.futureRoles.departments, ...doc.flags.futureRoles.requisitions])],
      ['Do not contact', doc.flags.doNotContact ? `yes — ${doc.flags.doNotContactReason}` : 'no'],
    ])}
    <h4>Contacts</h4>
    ${doc.touchpoints.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${doc.touchpoints.map((t) =>
      html`<li>${formatDate(t.at, locale)} · ${t.channel} · ${t.direction} · ${t.by}${t.note ? html` — ${t.note}` : nothing}</li>`)}</ul>`}
    <h4>Follow-ups</h4>
    ${doc.followUps.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${doc.followUps.map((f) =>
      html`<li>${formatDate(f.due, locale)} · ${f.status} · ${f.owner}${f.note ? html` — ${f.note}` : nothing}</li>`)}</ul>`}
    <h4>Consent and retention</h4>
    ${pairs([
      ['Legal basis', doc.consent.basis], ['Consent given', formatDate(doc.consent.givenAt, locale)],
      ['Consent expires', formatDate(doc.consent.expiresAt, locale)], ['Wording version', doc.consent.wordingVersion],
      ['Consent withdrawn', formatDate(doc.consent.withdrawnAt, locale)],
      ['Retention policy', doc.retention ? doc.retention.policyLabel : ''],
      ['Kept until', doc.retention ? formatDate(doc.retention.retainUntil, locale) : ''],
    ])}
    <h4>History: who did what</h4>
    <table>
      <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
      <tbody>${doc.history.map((e) => html`<tr><td>${formatDate(e.at, locale)}</td><td>${e.actor}</td><td>${e.type}${e.undone ? ' (undone)' : ''}</td></tr>`)}</tbody>
    </table>
    <h4>Access to this data</h4>
    ${doc.audit.length === 0 ? html`<p class="muted">No earlier exports.</p>` : html`<ul>${doc.audit.map((a) =>
      html`<li>${formatDate(a.at, locale)} · ${a.type === 'access_exported' ? 'access export taken' : a.type} by ${a.by}</li>`)}</ul>`}
  </article>`;
}
