// The import pipeline: a file read in chunks, every record checked by the core, every event
// stored in one transaction and only then applied (or the core's copy adopted).
import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';
import { compactIfDue } from './compaction.js';
import { sendToHost } from './host.js';
import { newId, storeMany, stored } from './internals.js';
import { broadcast } from './tabs.js';

const REPORT_STEP = 10_000; // records of the import's report taken from the core per step

/**
 * Imports a file read as `chunks` (see Pool.importFile).
 * @param {import('./internals.js').PoolInternals} p
 */
export async function importChunks(p, chunks, { format, mapping, idPrefix, archiveReasons, onProgress, totalBytes }) {
  const first = await chunks.next();
  p.assertOpen('importFile');
  if (format === 'auto' || !format) {
    format = p.core.detectImportFormat(first.done ? '' : first.value.subarray(0, PREVIEW_BYTES));
    if (!format) {
      throw new RunnerUpError(
        'unknown_format',
        'This file does not look like a Greenhouse, Lever, CSV or runner-up pool export. Choose its format and try again; nothing was imported.',
        '/format',
      );
    }
  }
  const options = {};
  if (mapping) options.mapping = mapping;
  if (idPrefix) options.idPrefix = idPrefix;
  if (archiveReasons) options.archiveReasons = archiveReasons;
  const batches = [];
  let lastProgress = { bytesRead: 0, totalBytes, accepted: 0, merged: 0, refused: 0 };
  p.core.importBegin(format, options, p.actor, p.now().toISOString(), newId());
  try {
    for (let chunk = first; !chunk.done; chunk = await chunks.next()) {
      p.assertOpen('importFile');
      const step = p.core.importFeed(chunk.value);
      if (step.events.length) batches.push(step.events);
      const { bytesRead, accepted, merged, refused } = step;
      lastProgress = { bytesRead, totalBytes, accepted, merged, refused };
      onProgress?.({ ...lastProgress, phase: 'reading' });
      if (step.error) break;
      await yieldToPage();
    }
    return await land(p, batches, { format, lastProgress, onProgress });
  } finally {
    p.core.importAbort();
  }
}

/**
 * The end of an import read to its end (or stopped by a malformed document): the report, every
 * event stored in one transaction, then applied (or the core's copy adopted). Throws, nothing
 * stored, when a document was malformed.
 */
async function land(p, batches, { format, lastProgress, onProgress, files }) {
  p.assertOpen('importFile');
  const last = p.core.importFinish();
  if (last.events.length) batches.push(last.events);
  const records = [];
  for (let at = 0; at < last.recordCount; at += REPORT_STEP) {
    if (at > 0) await yieldToPage();
    p.assertOpen('importFile');
    for (const record of p.core.importReportRecords(at, REPORT_STEP)) records.push(record);
  }
  const report = { format, ...(files ? { files } : {}), ...last.report, records };
  if (report.error) {
    const { code, message, path } = report.error;
    const error = new RunnerUpError(code, `Nothing was imported: ${message}${path ? ` (at ${path})` : ''}`, path);
    error.report = { ...report, events: 0 };
    throw error;
  }
  const events = batches.flat();
  if (events.length > 0) {
    onProgress?.({ ...lastProgress, phase: 'storing', applied: 0, total: events.length });
    await storeMany(p, events);
    stored(p, events);
    p.assertOpen('importFile');
    // Stored: now the pool shows them. The core read them into a copy of the pool, applying
    // each record as it came; that copy becomes the pool when nothing changed it meanwhile.
    // Else they are folded in here, a batch (about 1 MiB of the file) at a time, letting the
    // page breathe between batches (a 100k-person import is seconds of work).
    if (p.core.importAdopt()) {
      onProgress?.({ ...lastProgress, phase: 'applying', applied: events.length, total: events.length });
    } else {
      let applied = 0;
      for (const batch of batches) {
        p.core.apply(batch);
        applied += batch.length;
        onProgress?.({ ...lastProgress, phase: 'applying', applied, total: events.length });
        if (batches.length > 1) await yieldToPage();
      }
    }
    await broadcast(p, events);
    sendToHost(p, events);
    p.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin: 'import' } }));
    compactIfDue(p);
  }
  return { ...report, events: events.length };
}

/** A file of an export and the name the core places it by (a folder's files keep their path). */
function namedFile(entry) {
  if (entry && typeof entry === 'object' && 'file' in entry && !(typeof Blob !== 'undefined' && entry instanceof Blob)) {
    return { name: String(entry.name ?? entry.file?.name ?? ''), file: entry.file };
  }
  if (typeof Blob !== 'undefined' && entry instanceof Blob) return { name: entry.webkitRelativePath || entry.name || '', file: entry };
  throw new RunnerUpError('invalid_field', 'The files of an export are File or Blob objects, or {name, file} pairs.', '/files');
}

/**
 * The core's plan for a set of files: the format, each file placed (its kind, reference or
 * document) in the order they are read. Begins an export import in the core; the caller ends it.
 */
async function planOf(p, named, { format, idPrefix, archiveReasons }) {
  const options = {};
  if (idPrefix) options.idPrefix = idPrefix;
  if (archiveReasons) options.archiveReasons = archiveReasons;
  p.core.importBeginExport(format || 'auto', options, p.actor, p.now().toISOString(), newId());
  for (const { name, file } of named) {
    const head = await readHead(file, HEAD_BYTES);
    p.assertOpen('importFiles');
    p.core.importAddFile(name, head);
  }
  return p.core.importPlan();
}

/** Where the core places each file of an export, or the RunnerUpError refusing the set (see Pool.previewExport). */
export async function planExport(p, files, options = {}) {
  const named = files.map(namedFile);
  try {
    return await planOf(p, named, options);
  } finally {
    p.core.importAbort();
  }
}

/**
 * Imports a whole Greenhouse or Lever export (see Pool.importFiles): the core places and orders
 * the files; the small reference files are read whole, every document is streamed in chunks.
 */
export async function importExport(p, files, { format, idPrefix, archiveReasons, onProgress, chunkSize = IMPORT_CHUNK_BYTES }) {
  const named = files.map(namedFile);
  const batches = [];
  try {
    const plan = await planOf(p, named, { format, idPrefix, archiveReasons });
    const placed = plan.files.map(({ index, name, kind, subject, reference }) => ({ index, name, kind, subject, reference }));
    const totalBytes = plan.files.reduce((n, f) => n + (named[f.index].file.size ?? 0), 0);
    let bytesRead = 0;
    let counts = { accepted: 0, merged: 0, refused: 0 };
    let lastProgress = { bytesRead, totalBytes, ...counts };
    const progress = (f, n, extra = {}) => {
      lastProgress = { bytesRead, totalBytes, ...counts, file: f.name, kind: f.kind, fileIndex: n, fileCount: plan.files.length };
      onProgress?.({ ...lastProgress, phase: 'reading', ...extra });
    };
    let failed = false;
    for (const [n, f] of plan.files.entries()) {
      const { file } = named[f.index];
      progress(f, n);
      if (f.reference) {
        p.core.importReference(f.index, new Uint8Array(await file.arrayBuffer()));
        p.assertOpen('importFiles');
        bytesRead += file.size ?? 0;
        continue;
      }
      p.core.importBeginDocument(f.index);
      const chunks = byteChunks(file, chunkSize);
      try {
        for await (const chunk of chunks) {
          p.assertOpen('importFiles');
          const step = p.core.importFeed(chunk);
          if (step.events.length) batches.push(step.events);
          bytesRead += chunk.byteLength;
          counts = { accepted: step.accepted, merged: step.merged, refused: step.refused };
          progress(f, n);
          if (step.error) {
            failed = true;
            break;
          }
          await yieldToPage();
        }
      } finally {
        await chunks.return().catch(() => {});
      }
      if (failed) break;
      const end = p.core.importEndDocument();
      if (end.events.length) batches.push(end.events);
      counts = { accepted: end.accepted, merged: end.merged, refused: end.refused };
      progress(f, n, { fileDone: true });
      if (end.error) break;
    }
    return await land(p, batches, { format: plan.format, files: placed, lastProgress, onProgress });
  } finally {
    p.core.importAbort();
  }
}

export const IMPORT_CHUNK_BYTES = 1 << 20;
/** The first bytes of each file of an export the core places it by. */
const HEAD_BYTES = 4096;
export const PREVIEW_BYTES = 64 * 1024;

export function sizeOf(input) {
  if (typeof input === 'string') return null; // its UTF-8 size is known only once encoded
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input.size;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return input.byteLength;
  return null;
}

/** The first `n` bytes of an input (a Blob is sliced, never read whole). */
export async function readHead(input, n) {
  if (typeof input === 'string') return new TextEncoder().encode(input.slice(0, n));
  if (typeof Blob !== 'undefined' && input instanceof Blob) return new Uint8Array(await input.slice(0, n).arrayBuffer());
  if (input instanceof ArrayBuffer) return new Uint8Array(input, 0, Math.min(n, input.byteLength));
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, Math.min(n, input.byteLength));
  throw new RunnerUpError('invalid_field', 'A file to preview is a File, Blob, string or bytes.', '/input');
}

/**
 * An input as chunks of bytes of at most `size`: a Blob (File) is sliced, a string is sliced
 * through a Blob (so it is encoded piecewise), a stream is re-chunked.
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* byteChunks(input, size) {
  if (!(size > 0)) throw new RunnerUpError('invalid_field', 'chunkSize is a positive number of bytes.', '/chunkSize');
  if (typeof input === 'string') input = new Blob([input]);
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    for (let at = 0; at < input.size; at += size) {
      yield new Uint8Array(await input.slice(at, at + size).arrayBuffer());
    }
    return;
  }
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    return;
  }
  if (input && typeof input.getReader === 'function') {
    const reader = input.getReader();
    const encoder = new TextEncoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const bytes = typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value.buffer ?? value, value.byteOffset ?? 0, value.byteLength);
        for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
      }
    } finally {
      reader.releaseLock();
    }
  }
  throw new RunnerUpError('invalid_field', 'importFile() reads a File, Blob, string, bytes or a ReadableStream.', '/input');
}
