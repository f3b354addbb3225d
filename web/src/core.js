// The wasm core behind a thin JS layer: loads the Emscripten module once, and wraps the raw
// embind `Pool` handle so that every call parses the JSON result envelope and either returns
// its value or throws a RunnerUpError. No domain rule lives here (docs/BOUNDARY.md).
import createRunnerUpCore from '../../build/wasm/runnerup-core.mjs';
import { RunnerUpError } from './errors.js';

/** @type {Promise<any> | null} */
let modulePromise = null;

/**
 * Loads the wasm module once per page (or node process); later calls share the same promise.
 * In the browser the .wasm is fetched from beside the bundle; in node pass `wasmBinary`
 * (the bytes of runnerup-core.wasm), since Emscripten's web build cannot read files.
 *
 * @param {{wasmBinary?: ArrayBuffer | Uint8Array}} [options]
 * @returns {Promise<any>} the Emscripten module
 */
export function loadCoreModule({ wasmBinary } = {}) {
  if (!modulePromise) {
    const settings = { locateFile: (path) => new URL(path, import.meta.url).href };
    if (wasmBinary) settings.wasmBinary = wasmBinary;
    modulePromise = Promise.resolve()
      .then(() => {
        assertWasmAllowed();
        return createRunnerUpCore(settings);
      })
      .catch((cause) => {
        modulePromise = null; // a later call may retry (e.g. after a network blip)
        if (cause instanceof RunnerUpError) throw cause;
        if (isCspBlock(cause)) throw cspError(cause);
        const detail = describe(cause).replace(/\s*Build with -s ASSERTIONS=1 for more info\.?/, '');
        throw new RunnerUpError(
          'wasm_load_failed',
          'The runner-up pool could not start: its WebAssembly engine (runnerup-core.wasm) could not be loaded. ' +
            `Check that runnerup-core.wasm is served beside runnerup.js as application/wasm. (${detail})`,
          '',
          { cause },
        );
      });
  }
  return modulePromise;
}

// The smallest valid module (magic number and version): compiling it succeeds anywhere
// WebAssembly may run, and throws at once where the page's Content-Security-Policy forbids it.
const EMPTY_WASM_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * Throws `csp_blocks_wasm` when the page's Content-Security-Policy does not let WebAssembly
 * compile (script-src without 'wasm-unsafe-eval'), before Emscripten tries and aborts.
 */
function assertWasmAllowed() {
  if (typeof WebAssembly !== 'object') return; // the module's own load reports it
  try {
    new WebAssembly.Module(EMPTY_WASM_MODULE);
  } catch (cause) {
    if (isCspBlock(cause)) throw cspError(cause);
  }
}

/** True for the CompileError (or EvalError) a browser throws when CSP blocks WebAssembly. */
function isCspBlock(cause) {
  const text = describe(cause);
  return /Content.Security.Policy|unsafe-eval|wasm-eval/i.test(text);
}

function cspError(cause) {
  return new RunnerUpError(
    'csp_blocks_wasm',
    "The runner-up pool cannot start: this page's Content-Security-Policy does not allow WebAssembly: " +
      "add 'wasm-unsafe-eval' to script-src.",
    '',
    { cause },
  );
}

/**
 * Creates an empty core pool.
 * @param {{wasmBinary?: ArrayBuffer | Uint8Array}} [options]
 * @returns {Promise<CorePool>}
 */
export async function createCorePool(options = {}) {
  const M = await loadCoreModule(options);
  return new CorePool(new M.Pool(), M);
}

/** One core pool: the in-memory state, folded from its event log. */
export class CorePool {
  #raw;
  #module;

  /** @param {any} raw an embind `M.Pool` @param {any} module its module (for copying bytes in) */
  constructor(raw, module) {
    this.#raw = raw;
    this.#module = module;
  }

  /** @returns {boolean} */
  get disposed() {
    return this.#raw === null;
  }

  /**
   * The events a command would append, not applied. An empty array means "nothing changed".
   * @param {object | string} command
   * @param {string} actor
   * @param {string} at ISO-8601 UTC instant
   * @param {string} idBase unique string the event ids derive from
   * @returns {object[]}
   */
  propose(command, actor, at, idBase) {
    return this.#call('propose', toJson(command), String(actor), String(at), String(idBase)).events;
  }

  /**
   * Proposes a command and holds its events in the core until commit(): the events (for
   * storage) and the proposal's number. A later hold() replaces a held proposal.
   * @returns {{proposal: number, events: object[]}}
   */
  hold(command, actor, at, idBase) {
    return this.#call('propose', toJson(command), String(actor), String(at), String(idBase));
  }

  /**
   * Applies the held proposal `proposal` (its events are not sent again). Throws `conflict` when
   * it is not the one held (committed already, or replaced).
   * @param {number} proposal
   * @returns {{applied: number, skipped: number, erased: string[], unchanged: boolean}}
   */
  commit(proposal) {
    return this.#call('commit', Number(proposal));
  }

  /** Lets the held proposal go (its events could not be stored). Never throws once disposed. */
  drop() {
    if (this.#raw) this.#call('drop');
  }

  /**
   * The recruiter's offset from UTC in minutes: "today" for the rules and the views is the
   * core's (the `today` query).
   * @param {number} minutes
   */
  setUtcOffset(minutes) {
    return this.#call('setUtcOffset', Number(minutes));
  }

  /**
   * Keeps events for applyStaged() (a pool opening from its stored log, in any order).
   * @param {object[]} events
   */
  stage(events) {
    return this.#call('stageAt', ...this.#intoWasm('stage', events));
  }

  /**
   * Applies the next `max` staged events, in the core's fold order.
   * @returns {{applied: number, skipped: number, erased: string[], remaining: number}}
   */
  applyStaged(max) {
    return this.#call('applyStaged', Number(max));
  }

  /**
   * Applies events (all or nothing); already applied ids are skipped. `erased`: the people
   * these events erased.
   * @param {object[] | string} events
   * @returns {{applied: number, skipped: number, erased: string[]}}
   */
  apply(events) {
    return this.#call('applyAt', ...this.#intoWasm('apply', events));
  }

  /**
   * Checks events as apply() would, applying nothing; throws the same RunnerUpError (its path
   * points into the list) for the first event apply() would refuse.
   * @param {object[]} events
   * @returns {{events: number}}
   */
  check(events) {
    return this.#call('checkAt', ...this.#intoWasm('check', events));
  }

  /**
   * Checks events as the sync server admits them into this pool: as check(), and each event's
   * clock no further ahead of this pool's than the core allows (a clock far ahead is refused,
   * invalid_field at `/N/clock`).
   * @param {object[]} events
   * @returns {{events: number}}
   */
  admit(events) {
    return this.#call('admitAt', ...this.#intoWasm('admit', events));
  }

  /**
   * Whom each event is about, as the core decides it (the candidate's id, or '' when an event is
   * about none or several), in the order given; throws as check() for a malformed event.
   * @param {object[]} events
   * @returns {string[]}
   */
  subjects(events) {
    return this.#call('subjectsAt', ...this.#intoWasm('subjects', events)).subjects;
  }

  /** @param {object | string} query */
  query(query) {
    return this.#call('query', toJson(query));
  }

  // ---- imports (the calls are described in wasm/bindings.cpp) ----

  /**
   * The import format the first bytes of a file look like, or null when unsure.
   * @param {Uint8Array | string} head a few KiB from the start of the file
   * @returns {'greenhouse' | 'lever' | 'csv' | 'pool' | null}
   */
  detectImportFormat(head) {
    return this.#call('detectImportFormat', head);
  }

  /**
   * The first row of a CSV file and the field each column maps to under `mapping`.
   * @param {Uint8Array | string} head
   * @param {Record<string, string>} [mapping] header -> field, over the default mapping
   * @returns {{columns: {header: string, field: string}[], isHeader: boolean, fields: string[]}}
   */
  previewCsv(head, mapping = {}) {
    return this.#call('previewCsv', head, toJson(mapping));
  }

  /**
   * Starts proposing an import against the pool as it is now (replacing any import in progress).
   * @param {string} format greenhouse | lever | csv | pool
   * @param {{idPrefix?: string, mapping?: object, archiveReasons?: object}} options
   */
  importBegin(format, options, actor, at, idBase) {
    return this.#call('importBegin', String(format), toJson(options ?? {}), String(actor), String(at), String(idBase));
  }

  /**
   * Reads one chunk of the file. Returns the events the records it completed propose (valid,
   * not applied), the bytes read so far, the running counts and `error` once the file is
   * found malformed (later chunks are ignored).
   * @param {Uint8Array | string} chunk
   * @returns {{events: object[], bytesRead: number, accepted: number, merged: number, refused: number, error: object | null}}
   */
  importFeed(chunk) {
    return this.#call('importFeedAt', ...this.#intoWasm('importFeed', chunk));
  }

  /**
   * Ends the reading: the last events and the report, without its records: `recordCount` of
   * them, read with importReportRecords() (a step at a time: 100,000 at once held the page for a
   * third of a second). The import stays open for importAdopt() or importAbort().
   * @returns {{events: object[], bytesRead: number, report: object, recordCount: number}}
   */
  importFinish() {
    return this.#call('importFinish');
  }

  /**
   * After importFinish(), before importAdopt() or importAbort(): `count` records of the report
   * from the `at`-th.
   * @returns {object[]}
   */
  importReportRecords(at, count) {
    return this.#call('importReportRecords', at, count);
  }

  /**
   * After importFinish(), once its events are stored: the pool takes them as the import already
   * applied them to its private copy, when nothing changed the pool since importBegin() (true);
   * else nothing happens (false) and the caller applies them. Ends the import either way.
   * @returns {boolean}
   */
  importAdopt() {
    return this.#call('importAdopt').adopted;
  }

  /**
   * Begins the import of a whole Greenhouse or Lever export (several files): then importAddFile()
   * for each file, importPlan(), and the files in the plan's order.
   * @param {'greenhouse' | 'lever' | 'auto'} format
   */
  importBeginExport(format, options, actor, at, idBase) {
    return this.#call('importBeginExport', String(format), toJson(options ?? {}), String(actor), String(at), String(idBase));
  }

  /**
   * One file of the export: its name (a path such as "activity_feed/123.json") and first bytes.
   * @param {string} name
   * @param {Uint8Array} head
   */
  importAddFile(name, head) {
    return this.#call('importAddFileAt', String(name), ...this.#intoWasm('importAddFile', head));
  }

  /**
   * Where the core places each file and the order to read them, or a RunnerUpError saying which
   * file cannot be imported (nothing read yet).
   * @returns {{format: string, files: {index: number, name: string, kind: string, subject: string, reference: boolean}[]}}
   */
  importPlan() {
    return this.#call('importPlan');
  }

  /** A reference file of the plan, whole (they are small). */
  importReference(index, bytes) {
    return this.#call('importReferenceAt', Number(index), ...this.#intoWasm('importReference', bytes));
  }

  /** Begins the next document of the plan; importFeed() then reads it. */
  importBeginDocument(index) {
    return this.#call('importBeginDocument', Number(index));
  }

  /**
   * The end of the document being read: as importFeed(), the events of its last records.
   * @returns {{events: object[], bytesRead: number, accepted: number, merged: number, refused: number, error: object | null}}
   */
  importEndDocument() {
    return this.#call('importEndDocument');
  }

  /** Drops the import in progress, if any. Never throws once the pool is disposed. */
  importAbort() {
    if (this.#raw) this.#call('importAbort');
  }

  // ---- exports ----

  /**
   * @param {{view?: {requisitionId?: string}, ids?: string[], bom?: boolean}} [options] view: the
   *   pool table's request, read in the core; ids: those people, in order; default the whole pool
   * @returns {string} RFC 4180 CSV
   */
  exportCsv(options = {}) {
    return this.#call('exportCsv', toJson(options));
  }

  /** @param {string} candidateId @returns {object} a JSON Resume document */
  exportJsonResume(candidateId) {
    return this.#call('exportJsonResume', String(candidateId));
  }

  /**
   * @param {{names?: boolean}} options
   * @param {string} at ISO-8601 UTC instant the file is made at
   * @returns {string} an RFC 5545 calendar of VTODOs
   */
  exportIcs(options, at) {
    return this.#call('exportIcs', toJson(options ?? {}), String(at));
  }

  /** @returns {{format: string, version: number, events: object[]}} */
  exportLog() {
    return this.#call('exportLog');
  }

  /**
   * Builds the search index for `today` a step at a time (the next phase or the next `rows`
   * rows; 0 only tells how far it is). Queries finish a build themselves.
   * @returns {{progress: number, done: boolean}}
   */
  indexStep(today, rows) {
    return this.#call('indexStep', String(today), Number(rows));
  }

  snapshot() {
    return this.#call('snapshot');
  }

  /** The snapshot as JSON text (what storage keeps), without parsing it here. */
  snapshotText() {
    const prefix = '{"ok":true,"value":';
    const text = this.#raw ? this.#raw.snapshot() : '';
    if (text.startsWith(prefix) && text.endsWith('}')) return text.slice(prefix.length, -1);
    return JSON.stringify(this.#call('snapshot')); // reports the failure
  }

  /**
   * The snapshot in the core's binary form (what the browser's storage keeps: restoring it is
   * many times faster than the JSON). Tied to this build: restore() refuses another version.
   * @returns {Uint8Array}
   */
  snapshotBinary() {
    const raw = this.#open('snapshotBinary');
    try {
      return raw.snapshotBinary().slice(); // a copy: the view is of wasm memory
    } catch (cause) {
      throw new RunnerUpError('internal', `The runner-up pool engine failed in snapshotBinary(): ${describe(cause)}`, '', { cause });
    } finally {
      raw.releaseBytes();
    }
  }

  /**
   * snapshotBinary() written a step at a time, `work` entries a step, with `pause()` awaited
   * between steps (the page's turn). The pool must not change meanwhile: a change ends it with a
   * RunnerUpError of code `conflict` (start again).
   * @param {() => Promise<void>} pause
   * @returns {Promise<Uint8Array>}
   */
  async snapshotBinaryInSteps(pause, work = SNAPSHOT_STEP) {
    this.#call('snapshotBinaryBegin');
    while (!this.#call('snapshotBinaryStep', work).done) await pause();
    const raw = this.#open('snapshotBinary');
    try {
      return raw.snapshotBinaryBytes().slice(); // a copy: the view is of wasm memory
    } finally {
      raw.releaseBytes();
    }
  }

  /** @param {object | string | Uint8Array} snapshot the JSON snapshot, or the binary one */
  restore(snapshot) {
    if (snapshot instanceof Uint8Array) {
      this.#restoreInput(snapshot);
      return this.#call('restoreBinaryInput');
    }
    return this.#call('restore', toJson(snapshot));
  }

  /**
   * restore() a step at a time: a binary snapshot is checked and decoded `work` entries a step,
   * with `pause()` awaited between steps (the page's turn); the pool becomes the snapshot at the
   * last step, or stays as it was when the snapshot is damaged or of another version (thrown as
   * restore() throws). A JSON snapshot is restored in one go.
   * @param {object | string | Uint8Array} snapshot
   * @param {() => Promise<void>} pause
   */
  async restoreInSteps(snapshot, pause, work = RESTORE_STEP) {
    if (!(snapshot instanceof Uint8Array)) return this.restore(snapshot);
    this.#restoreInput(snapshot);
    this.#call('restoreBinaryBegin');
    for (;;) {
      const step = this.#call('restoreBinaryStep', work);
      if (step.done) return { events: step.events };
      await pause();
    }
  }

  // embind copies a Uint8Array argument into wasm memory one byte at a time in JS (0.4 s for a
  // 100k pool's 86 MB): the bytes go with one HEAPU8.set into the string the core keeps
  #restoreInput(snapshot) {
    const raw = this.#open('restore');
    const ptr = raw.restoreInput(snapshot.length);
    if (!ptr) {
      throw new RunnerUpError('internal', `The runner-up pool engine could not take ${snapshot.length} bytes for restore() (out of memory).`);
    }
    this.#module.HEAPU8.set(snapshot, ptr); // HEAPU8 after the call: the heap may have grown
  }

  /** After restore(): gives back events the snapshot covers (a chunk at a time). */
  attachHistory(events) {
    return this.#call('attachHistoryAt', ...this.#intoWasm('attachHistory', events));
  }

  /** Ends attachHistory(): `{missing, complete}`. */
  finishHistory() {
    return this.#call('finishHistory');
  }

  /**
   * finishHistory() a step at a time (the first orders the history, each next one places `work`
   * events): `{done: false}` until the step that ends it, which answers `{done: true, missing,
   * complete}`. Nothing changes for the pool's readers until that step.
   */
  finishHistoryStep(work) {
    return this.#call('finishHistoryStep', work);
  }

  /** Frees the wasm handle. Idempotent; never throws. */
  dispose() {
    const raw = this.#raw;
    this.#raw = null;
    if (!raw) return;
    try {
      raw.delete();
    } catch {
      // already deleted or the module is gone: nothing left to free
    }
  }

  /** The raw handle, or the `disposed` error naming `method`. */
  #open(method) {
    if (!this.#raw) throw new RunnerUpError('disposed', `This runner-up pool was disposed; ${method}() cannot be used.`);
    return this.#raw;
  }

  /**
   * Copies an argument into a buffer malloc'ed in wasm memory, for the methods that take
   * (pointer, size) and free the buffer themselves: bytes with one HEAPU8.set, text (or a value,
   * as JSON) encoded as UTF-8. embind's own copy of a string or a Uint8Array is a loop in JS over
   * every character or byte (seconds for a 100k pool's snapshot or import).
   * @returns {[number, number]} the pointer and the size in bytes
   */
  #intoWasm(method, value) {
    this.#open(method);
    const M = this.#module;
    let bytes = value instanceof Uint8Array ? value : null;
    const text = bytes ? '' : toJson(value);
    // short text is encoded straight into wasm memory (room for three bytes a character); long
    // text first on its own, so that the heap, which never shrinks, grows by its size only
    if (!bytes && text.length > ENCODE_IN_PLACE) bytes = utf8.encode(text);
    const room = bytes ? bytes.length : text.length * 3;
    // unsigned: above 2 GB of wasm memory the export's i32 answer reads as a negative number
    const ptr = M._malloc(Math.max(1, room)) >>> 0;
    if (!ptr) {
      throw new RunnerUpError('internal', `The runner-up pool engine could not take ${room} bytes for ${method}() (out of memory).`);
    }
    if (bytes) {
      M.HEAPU8.set(bytes, ptr);
      return [ptr, bytes.length];
    }
    return [ptr, utf8.encodeInto(text, M.HEAPU8.subarray(ptr, ptr + room)).written];
  }

  #call(method, ...args) {
    const raw = this.#open(method);
    let text;
    try {
      // answers that can be long come back as a view of wasm memory, decoded in one call
      const viewed = VIEWED[method];
      const wire = args.map(asBytesIfLarge);
      text = viewed && typeof raw[viewed] === 'function' ? utf8Decoder.decode(raw[viewed](...wire)) : raw[method](...wire);
    } catch (cause) {
      throw new RunnerUpError('internal', `The runner-up pool engine failed in ${method}(): ${describe(cause)}`, '', {
        cause,
      });
    }
    let envelope;
    try {
      envelope = JSON.parse(text);
    } catch (cause) {
      throw new RunnerUpError('internal', `The runner-up pool engine returned an unreadable result from ${method}().`, '', {
        cause,
      });
    }
    if (envelope && envelope.ok === true) return envelope.value;
    const error = (envelope && envelope.error) || {};
    throw new RunnerUpError(
      String(error.code || 'internal'),
      String(error.message || `${method}() failed without a message`),
      String(error.path || ''),
    );
  }
}

function toJson(value) {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describe(cause) {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/**
 * A large string argument as its UTF-8 bytes: embind copies a Uint8Array into the std::string
 * byte for byte, while a JS string goes through its own UTF-8 length and encoding loops, about
 * ten times slower (two seconds for a 100k-person snapshot). Small strings stay as they are.
 */
const LARGE_STRING = 64 * 1024;
/** Text up to this many characters is encoded straight into wasm memory (#intoWasm). */
const ENCODE_IN_PLACE = 1024 * 1024;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
/**
 * Entries of a binary snapshot restored per step (restoreInSteps): a 100k pool's snapshot is about
 * 700,000 of them (ids, people, outcomes, ...), 0.3 s in one go in Chromium; the checksum before
 * them counts 512 bytes as one.
 */
const RESTORE_STEP = 40_000;
/** Entries of a binary snapshot written per step (snapshotBinaryInSteps): 0.12 s in one go at 100k. */
const SNAPSHOT_STEP = 40_000;
/** The methods whose answer the module also gives as a view (wasm/bindings.cpp). */
const VIEWED = { query: 'queryView', exportLog: 'exportLogView' };

function asBytesIfLarge(arg) {
  return typeof arg === 'string' && arg.length > LARGE_STRING ? utf8.encode(arg) : arg;
}
