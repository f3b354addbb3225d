// The record-outcome dialog's controller (a Lit reactive controller of <runnerup-pool>): whether
// it is open, what it holds, the rank it offers (the core's nextRank answer), saving, and where
// focus goes back to. The dialog itself is views/outcome-form.js.
import { formValues } from '../views/fields.js';
import { SOURCE, emptyOutcomeUi, flagsUi, outcomeCommand } from '../views/outcome-form.js';

export class OutcomeDialog {
  /** Whether the dialog shows. */
  open = false;
  /** What it holds (views/outcome-form.js emptyOutcomeUi). */
  ui = emptyOutcomeUi();
  /** True while its command is being recorded. */
  saving = false;
  #host;
  #env;
  #opener = null;

  /**
   * @param {import('lit').ReactiveControllerHost & HTMLElement} host
   * @param {object} env what the element gives it
   * @param {() => import('../pool.js').Pool | null} env.pool
   * @param {() => string} env.scope the pool table's requisition, or '*'
   * @param {() => string} env.requisition the element's `requisition` attribute
   * @param {() => void} env.clearError clears an error the dialog showed
   * @param {() => void} env.clearStatus
   * @param {(selector: string | null) => void} env.focusAfterUpdate
   * @param {(command: object, options: object) => Promise<boolean>} env.run records a command
   * @param {(values: object) => string} env.recordedStatus what the status line says once recorded
   * @param {(requisitionId: string) => void} env.show shows the requisition just recorded on
   */
  constructor(host, env) {
    this.#host = host;
    this.#env = env;
    host.addController(this);
  }

  hostConnected() {}

  /** Opens the dialog, with `preset` fields (candidateId, requisitionId, ...). */
  show(preset = {}) {
    const scope = this.#env.scope();
    const requisitionId = preset.requisitionId || (scope !== '*' ? scope : '') || this.#env.requisition() || '';
    this.#opener = this.#host.shadowRoot?.activeElement || null;
    const candidateId = preset.candidateId || '';
    this.ui = emptyOutcomeUi({ ...preset, requisitionId, rank: this.#suggestRank(requisitionId, candidateId), flags: this.#flagsOf(candidateId) });
    this.#env.clearError();
    this.#env.clearStatus();
    this.open = true;
    this.#host.requestUpdate();
  }

  close() {
    this.#host.renderRoot.querySelector('dialog.outcome')?.close();
    this.open = false;
    this.#env.clearError();
    const opener = this.#opener;
    this.#opener = null;
    this.#env.focusAfterUpdate(null);
    this.#host.requestUpdate();
    this.#host.updateComplete.then(() => {
      if (opener?.isConnected) opener.focus();
      else this.#host.renderRoot.querySelector('#ru-open-form')?.focus();
    });
  }

  /** A change in the form: a new person or requisition offers their rank again. */
  edit(patch) {
    const { focus, ...rest } = patch;
    const ui = { ...this.ui, ...rest };
    if ('candidateId' in rest || 'requisitionId' in rest) ui.rank = this.#suggestRank(ui.requisitionId, ui.candidateId);
    if ('candidateId' in rest && rest.candidateId !== this.ui.candidateId) {
      // the flag editor starts from this person's flags, as the card's does
      ui.flags = this.#flagsOf(ui.candidateId);
      Object.assign(ui, flagsUi(ui.flags));
    }
    this.ui = ui;
    if (focus) this.#env.focusAfterUpdate(focus);
    this.#host.requestUpdate();
  }

  async submit(event) {
    event.preventDefault();
    const form = /** @type {HTMLFormElement} */ (event.currentTarget);
    if (!form.reportValidity() || this.saving) return;
    const values = formValues(form);
    this.saving = true;
    this.#host.requestUpdate();
    try {
      const command = outcomeCommand({ ...values, hadFlags: Boolean(this.ui.flags) });
      const ok = await this.#env.run(command, { source: SOURCE, status: this.#env.recordedStatus(values) });
      if (!ok) return;
      const scope = this.#env.scope();
      if (scope !== '*' && scope !== values.requisitionId) this.#env.show(values.requisitionId); // show what was just recorded
      this.close();
    } finally {
      this.saving = false;
      this.#host.requestUpdate();
    }
  }

  /** The person's flags as the core holds them, or null when they have none (or nobody is chosen). */
  #flagsOf(candidateId) {
    if (!candidateId) return null;
    try {
      const card = this.#env.pool()?.query({ type: 'candidate', id: candidateId });
      return card?.flagsSet ? card.flags : null;
    } catch {
      return null; // a person the host handed over that is not saved yet
    }
  }

  /** The rank the dialog offers: the one the person holds, else the next free one (the core's). */
  #suggestRank(requisitionId, candidateId) {
    if (!requisitionId) return '1';
    try {
      return String(this.#env.pool()?.query({ type: 'nextRank', requisitionId, ...(candidateId ? { candidateId } : {}) }).suggestedRank ?? 1);
    } catch {
      return '1'; // a requisition the host handed over that is not saved yet: nobody is ranked on it
    }
  }
}
