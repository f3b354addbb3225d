/**
 * The one error class the runnerup facade throws.
 *
 *   try { await pool.record(command); }
 *   catch (e) { if (e instanceof RunnerUpError) show(e.code, e.message, e.path); }
 *
 * `code` is stable and machine-readable: the core's codes (docs/BOUNDARY.md: `invalid_field`,
 * `unknown_reason`, `note_required`, `conflict`, ...) plus the facade's own:
 * `disposed` (a handle used after `dispose()`), `wasm_load_failed`, `csp_blocks_wasm` (the page's
 * Content-Security-Policy lacks 'wasm-unsafe-eval' in script-src), `internal`,
 * `storage_unavailable`, `storage_timeout`, `storage_full`, `storage_blocked`,
 * `storage_closed`, `storage_version`, `storage_failed`.
 * `path` is a JSON Pointer into the refused input ("/outcome/reason/note"), "" when the error is
 * not about one field.
 */
export class RunnerUpError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {string} [path]
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, path = '', options = undefined) {
    super(message, options);
    this.name = 'RunnerUpError';
    this.code = code;
    this.path = path;
  }

  toJSON() {
    return { name: this.name, code: this.code, message: this.message, path: this.path };
  }
}
