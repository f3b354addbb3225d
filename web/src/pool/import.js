// The import pipeline: a file read in chunks, every record checked by the core, every event
// stored in one transaction and only then applied (or the core's copy adopted).
import { RunnerUpError } from '../errors.js';
import { yieldToPage } from '../tasks.js';
import { compactIfDue } from './compaction.js';
import { sendToHost } from './host.js';
import { newId, storeMany, stored } from './internals.js';
import { broadcast } from './tabs.js';

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
  let report;
  let events = [];
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
    p.assertOpen('importFile');
    const last = p.core.importFinish();
    if (last.events.length) batches.push(last.events);
    report = { format, ...last.report };
    if (report.error) {
      const { code, message, path } = report.error;
      const error = new RunnerUpError(code, `Nothing was imported: ${message}${path ? ` (at ${path})` : ''}`, path);
      error.report = { ...report, events: 0 };
      throw error;
    }
    events = batches.flat();
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
    }
  } finally {
    p.core.importAbort();
  }
  if (events.length > 0) {
    await broadcast(p, events);
    sendToHost(p, events);
    p.dispatchEvent(new CustomEvent('change', { detail: { events, remote: false, origin: 'import' } }));
    compactIfDue(p);
  }
  return { ...report, events: events.length };
}

export const IMPORT_CHUNK_BYTES = 1 << 20;
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
