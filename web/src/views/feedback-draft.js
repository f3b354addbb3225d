// The feedback draft: a message to a person who was not hired, written by the core from what the
// pool recorded (its `feedbackDraft` query: the reason, strengths, improvements, skill gaps,
// contract or part-time work, staying in touch), in the person's language, which the recruiter
// can switch. The recruiter edits it, copies it or opens it in their mail client, and records
// it as feedback given (by e-mail, the text as its summary) once they confirm they sent it.
// What the core left out (a recorded line about a protected characteristic) is listed above the
// message, in words. Opened from the card and from Feedback owed; "Back" returns there.
import { css, html, nothing } from 'lit';
import { errorText } from './fields.js';
import { mailtoHref } from './mailto.js';

const SOURCE = 'draft';
export const DRAFT_VIEW = 'draft';

export const feedbackDraftStyles = css`
  .draft-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .draft-head h3 {
    margin: 0;
    font-size: 1.2em;
  }
  .draft-form {
    display: flex;
    flex-direction: column;
    gap: 0.6rem;
    margin: 0.75rem 0;
    max-width: 48rem;
  }
  .draft-form .field {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
  }
  .draft-form textarea {
    min-height: 16rem;
    width: 100%;
    box-sizing: border-box;
    font: inherit;
    line-height: 1.45;
  }
  .draft-form input[type='text'] {
    width: 100%;
    box-sizing: border-box;
  }
  .draft-form fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
  }
  .draft-left-out {
    margin: 0.5rem 0;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-left: 4px solid var(--_danger);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .draft-left-out p,
  .draft-left-out ul {
    margin: 0.2rem 0;
  }
  .draft-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  a.button {
    display: inline-block;
    padding: 0.35rem 0.75rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    color: var(--_accent);
    background: var(--_surface);
    text-decoration: none;
    font-weight: 600;
  }
  a.button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .draft-confirm {
    padding: 0.6rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .draft-confirm p {
    margin: 0 0 0.5rem;
  }
`;

/**
 * What "I sent it" records, once confirmed: feedback given by e-mail, now, by the recruiter, with
 * the message as sent (as edited) as its summary.
 * @param {{candidateId: string, requisitionId: string | null}} draft the core's feedbackDraft answer
 * @param {string} text the message
 */
export function sentFeedback(draft, text) {
  return {
    type: 'giveFeedback',
    feedback: {
      candidateId: draft.candidateId,
      ...(draft.requisitionId ? { requisitionId: draft.requisitionId } : {}),
      channel: 'email',
      summary: text.trim(),
    },
  };
}

/**
 * The draft for the person and requisition in the view state `draft` (set by ctx.openDraft).
 * @param {import('./registry.js').ViewContext} ctx
 * @param {() => void} onBack
 */
export function renderFeedbackDraft(ctx, onBack) {
  const { t, h } = ctx;
  const st = ctx.state(DRAFT_VIEW);
  const set = (patch, focus) => ctx.setState(DRAFT_VIEW, patch, focus);
  const draft = ctx.query({
    type: 'feedbackDraft',
    candidateId: st.candidateId,
    ...(st.requisitionId ? { requisitionId: st.requisitionId } : {}),
    ...(st.language ? { language: st.language } : {}),
    locale: ctx.locale,
    today: ctx.today,
  });
  const back = html`<button type="button" part="button" id="ru-draft-back" @click=${onBack}>${t('draft.back')}</button>`;
  if (!draft) return html`<div class="view">${back}</div>`;
  const name = ctx.candidateName(st.candidateId);
  const subject = st.subject ?? draft.subject;
  const body = st.text ?? draft.body;
  const blocked = Boolean(draft.blocked);
  const mail = mailtoHref(draft.to || '', subject, body);
  const copy = async (e) => {
    const area = e.currentTarget.closest('form')?.querySelector('#ru-draft-text');
    try {
      await navigator.clipboard.writeText(body); // no clipboard at all throws too
      set({ copy: 'copied' });
    } catch {
      area?.focus();
      area?.select();
      set({ copy: 'denied' });
    }
  };
  const record = async () => {
    const ok = await ctx.run(sentFeedback(draft, body), { source: SOURCE, status: t('draft.status.recorded', { name }) });
    if (ok) onBack();
  };

  return html`<div class="view draft" data-draft-of=${st.candidateId}>
    <div class="draft-head">
      ${back}
      <h3 id="ru-draft-title" tabindex="-1">${h('draft.title', { name })}</h3>
      ${draft.requisitionId ? html`<span class="muted" dir="auto">${ctx.requisitionTitle(draft.requisitionId)}</span>` : nothing}
    </div>
    <p class="muted">${t('draft.intro')}</p>
    ${draft.leftOut.length
      ? html`<div class="draft-left-out" role="note" id="ru-draft-left-out">
          <p><strong>${t('draft.leftOut.title', { count: draft.leftOut.length })}</strong></p>
          <ul>
            ${draft.leftOut.map(
              (x) => html`<li>${h('draft.leftOut.item', {
                field: t(`draft.field.${x.field}`),
                characteristic: t(`draft.characteristic.${x.characteristic}`),
                text: x.text,
              })}</li>`,
            )}
          </ul>
          <p class="muted">${t('draft.leftOut.hint')}</p>
        </div>`
      : nothing}
    ${blocked ? html`<p class="form-error" id="ru-draft-blocked" title=${draft.blocked}>${t('draft.blocked')}</p>` : nothing}
    <form class="draft-form" data-source=${SOURCE} aria-labelledby="ru-draft-title" @submit=${(e) => e.preventDefault()}>
      <fieldset>
        <legend>${t('draft.language')}</legend>
        ${draft.languages.map(
          (code) => html`<label class="check"><input type="radio" name="draft-language" value=${code}
              .checked=${draft.language === code}
              @change=${() => set({ language: code, subject: null, text: null, copy: '', confirming: false }, '#ru-draft-text')} />${t(`draft.languageName.${code}`)}</label>`,
        )}
      </fieldset>
      <p class="muted" id="ru-draft-language-hint">${t('draft.languageHint')}</p>
      <div class="field">
        <span class="muted" id="ru-draft-to">${draft.to ? h('draft.to', { address: draft.to }) : t('draft.noAddress')}</span>
      </div>
      <div class="field">
        <label for="ru-draft-subject">${t('draft.subject')}</label>
        <input type="text" id="ru-draft-subject" name="subject" autocomplete="off" .value=${subject}
          @input=${(e) => set({ subject: e.target.value, copy: '' })} />
      </div>
      <div class="field">
        <label for="ru-draft-text">${t('draft.message')}</label>
        <textarea id="ru-draft-text" name="text" rows="18" dir="auto" .value=${body}
          @input=${(e) => set({ text: e.target.value, copy: '' })}></textarea>
      </div>
      <div class="draft-actions">
        <button type="button" part="button" id="ru-draft-copy" @click=${copy}>${t('draft.copy')}</button>
        ${blocked
          ? nothing
          : html`<a class="button" part="button" id="ru-draft-mail" href=${mail.href}>${t('draft.openInMail')}</a>`}
        ${blocked
          ? nothing
          : html`<button type="button" part="button" class="primary" id="ru-draft-sent" aria-expanded=${st.confirming ? 'true' : 'false'}
              @click=${() => set({ confirming: true }, '#ru-draft-confirm-yes')}>${t('draft.sent')}</button>`}
      </div>
      <p class="muted" role="status" id="ru-draft-copy-status">${st.copy === 'copied'
          ? t('draft.copied')
          : st.copy === 'denied'
            ? t('draft.copyDenied')
            : ''}</p>
      ${!blocked && !mail.withBody ? html`<p class="muted" id="ru-draft-too-long">${t('draft.tooLongForMail')}</p>` : nothing}
      <p class="form-error" id="ru-draft-error">${ctx.error?.source === SOURCE ? errorText(ctx.i, ctx.error) : ''}</p>
      ${st.confirming && !blocked
        ? html`<div class="draft-confirm" role="group" aria-labelledby="ru-draft-confirm-q">
            <p id="ru-draft-confirm-q">${h('draft.confirm', { name })}</p>
            <div class="draft-actions">
              <button type="button" part="button" class="primary" id="ru-draft-confirm-yes" @click=${record}>${t('draft.confirmYes')}</button>
              <button type="button" part="button" id="ru-draft-confirm-no" @click=${() => set({ confirming: false }, '#ru-draft-sent')}>${t('draft.confirmNo')}</button>
            </div>
          </div>`
        : nothing}
    </form>
  </div>`;
}
