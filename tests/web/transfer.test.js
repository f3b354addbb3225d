// Import and export through the facade (web/src/pool.js, web/src/core.js) against the real wasm
// core: streaming imports that persist before they apply, CSV / JSON Resume / iCalendar exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { createCorePool } from '../../web/src/core.js';
import { RunnerUpError } from '../../web/src/errors.js';
import { openPool } from '../../web/src/pool.js';
import { memoryStorage } from '../../web/src/storage.js';
import { ana, rejects, runnerUp, seed, wasmBinary } from './helpers.js';

const data = (name) => readFileSync(new URL(`../data/formats/${name}`, import.meta.url));
const greenhouse = data('greenhouse-candidates.json');
const NOW = new Date('2026-11-22T10:00:00Z');

async function freshPool(storage = memoryStorage()) {
  return openPool({ name: 'transfer', actor: 'recruiter-1', storage, wasmBinary, sync: false, now: () => NOW });
}

/** A storage whose append fails, as a full disk would. */
function failingStorage() {
  const inner = memoryStorage();
  return {
    ...inner,
    loadEvents: () => inner.loadEvents(),
    async append() {
      throw new RunnerUpError('storage_full', 'The browser refused to store this change: storage is full.');
    },
  };
}


describe('importFile', () => {
  test('a Greenhouse export, fed in small chunks, is stored, then applied, with its report', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    const progress = [];
    const changes = [];
    pool.addEventListener('change', (e) => changes.push(e.detail.events.length));
    const report = await pool.importFile(new Blob([greenhouse]), { chunkSize: 512, onProgress: (p) => progress.push(p) });
    assert.equal(report.format, 'greenhouse', 'detected from the first bytes');
    assert.equal(report.error, null);
    assert.deepEqual([report.accepted, report.merged, report.refused], [5, 1, 1]);
    assert.equal(report.records.length, 7);
    for (const r of report.records.filter((r) => r.status === 'refused')) assert.ok(r.reason.length > 0);
    // reading, chunk by chunk; then storing (one transaction); then applying, batch by batch
    const reading = progress.filter((p) => p.phase === 'reading');
    assert.equal(reading.length, Math.ceil(greenhouse.length / 512));
    assert.equal(reading.at(-1).bytesRead, greenhouse.length);
    assert.equal(reading.at(-1).totalBytes, greenhouse.length);
    assert.ok(reading.every((p, i) => i === 0 || p.bytesRead > reading[i - 1].bytesRead));
    const after = progress.slice(reading.length);
    assert.equal(after[0].phase, 'storing');
    assert.equal(after[0].total, report.events);
    assert.ok(after.slice(1).length > 0 && after.slice(1).every((p) => p.phase === 'applying'));
    assert.equal(after.at(-1).applied, report.events);
    assert.ok(after.slice(1).every((p, i, a) => i === 0 || p.applied > a[i - 1].applied));
    assert.equal(storage.events.length, report.events);
    assert.deepEqual(changes, [report.events], 'one change for the whole import');
    const ana = pool.query({ type: 'candidate', id: '53883394' }).outcomes.find((o) => o.requisitionId === '149995');
    assert.equal(ana.reason.code, 'stronger_candidate');
    assert.equal(ana.reason.text, 'Hired another candidate', 'the ATS\'s words beside the code');
    assert.equal(ana.stageName, 'Onsite Interview');
    pool.dispose();

    // What was stored is the pool: reopening gives the same state.
    const again = await freshPool(storage);
    assert.deepEqual(again.list(), (await importedWhole()).list());
    again.dispose();
  });

  async function importedWhole() {
    const pool = await freshPool();
    await pool.importFile(greenhouse.toString('utf8'), { format: 'greenhouse' });
    return pool;
  }

  test('strings, bytes and streams import the same, in any chunking', async () => {
    const whole = await importedWhole();
    const inputs = [
      () => greenhouse.toString('utf8'),
      () => new Uint8Array(greenhouse),
      () => new Blob([greenhouse]).stream(),
      () =>
        new ReadableStream({
          start(controller) {
            for (let i = 0; i < greenhouse.length; i += 333) controller.enqueue(greenhouse.subarray(i, i + 333));
            controller.close();
          },
        }),
    ];
    for (const input of inputs) {
      const pool = await freshPool();
      const report = await pool.importFile(input(), { chunkSize: 100 });
      assert.equal(report.accepted, 5);
      assert.deepEqual(pool.list(), whole.list());
      pool.dispose();
    }
    whole.dispose();
  });

  test('importing the same file twice merges everyone and adds nothing', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    await pool.importFile(greenhouse);
    const stored = storage.events.length;
    const report = await pool.importFile(greenhouse);
    assert.equal(report.accepted, 0);
    assert.equal(report.events, 0);
    assert.equal(storage.events.length, stored);
    pool.dispose();
  });

  test('a malformed file is refused with a clear error and a report, and changes nothing', async () => {
    const storage = memoryStorage();
    const pool = await freshPool(storage);
    await seed(pool);
    const before = pool.exportLog();
    const truncated = greenhouse.subarray(0, Math.floor(greenhouse.length / 2));
    const error = await rejects(pool.importFile(truncated, { format: 'greenhouse', chunkSize: 256 }), 'malformed_json');
    assert.match(error.message, /^Nothing was imported: .*truncated/);
    assert.ok(error.report.records.length > 0, 'the records read before the error are in the report');
    assert.equal(error.report.events, 0);
    assert.deepEqual(pool.exportLog(), before);
    assert.equal(storage.events.length, before.events.length);
    // invalid UTF-8 is caught too: bytes reach the core as they are
    const latin1 = new Uint8Array([...Buffer.from('[{"id":1,"first_name":"Jos'), 0xe9, ...Buffer.from('"}]')]);
    assert.match((await rejects(pool.importFile(latin1), 'malformed_json')).message, /UTF-8/);
    assert.deepEqual(pool.exportLog(), before);
    // and the pool still works afterwards
    await pool.record(runnerUp(ana.id));
    pool.dispose();
  });

  test('a file of no known format asks for the format', async () => {
    const pool = await freshPool();
    await rejects(pool.importFile('{"jobs":[]}'), 'unknown_format');
    await rejects(pool.importFile('x', { format: 'workday' }), 'invalid_field');
    pool.dispose();
  });

  test('when storage fails nothing is applied', async () => {
    const pool = await freshPool(failingStorage());
    await rejects(pool.importFile(greenhouse), 'storage_full');
    assert.equal(pool.exportLog().events.length, 0);
    assert.equal(pool.list().total, 0);
    pool.dispose();
  });

  test('CSV: a preview shows the mapping, and an adjusted mapping imports the column', async () => {
    const pool = await freshPool();
    const text =
      'Full name,E-mail,Mobile,Job ID,Job,Outcome,Rank,Reason\r\nAna Núñez,ana@example.com,+44 1,r-1,Staff,Runner-up,1,stronger_candidate\r\n';
    const preview = await pool.previewImport(new Blob([text]));
    assert.equal(preview.format, 'csv');
    const byHeader = Object.fromEntries(preview.csv.columns.map((c) => [c.header, c.field]));
    assert.equal(byHeader['E-mail'], 'email');
    assert.equal(byHeader.Mobile, '');
    assert.ok(preview.csv.fields.includes('phone'));
    const mapped = await pool.previewImport(text, { mapping: { Mobile: 'phone' } });
    assert.equal(mapped.csv.columns[2].field, 'phone');
    const report = await pool.importFile(text, { mapping: { Mobile: 'phone' } });
    assert.equal(report.refused, 0, JSON.stringify(report.records));
    const [entry] = pool.list().entries;
    assert.deepEqual(entry.candidate.phones, ['+44 1']);
    pool.dispose();
  });

  test('the pool log re-imports into the identical pool', async () => {
    const source = await importedWhole();
    const log = JSON.stringify(source.exportLog());
    const target = await freshPool();
    const report = await target.importFile(log);
    assert.equal(report.format, 'pool');
    assert.deepEqual(target.exportLog(), source.exportLog());
    source.dispose();
    target.dispose();
  });
});

describe('exports', () => {
  test('CSV of the whole pool or of a view, with an optional BOM, neutralising formulas', async () => {
    const pool = await freshPool();
    await pool.importFile(greenhouse);
    await pool.record({ type: 'saveCandidate', candidate: { id: 'c-evil', name: '=HYPERLINK("http://x")' } });
    await pool.record({ type: 'saveRequisition', requisition: { id: 'r-x', title: 'X' } });
    await pool.record(runnerUp('c-evil', { requisitionId: 'r-x' }));
    const ids = pool.list().entries.map((e) => e.candidate.id);
    const whole = pool.exportCsv();
    const lines = whole.trimEnd().split('\r\n');
    assert.match(lines[0], /^Candidate ID,Name,Email/);
    assert.ok(whole.includes(`"'=HYPERLINK(""http://x"")"`), 'a formula-looking cell starts with a quote');
    assert.ok(!whole.startsWith('\uFEFF'));
    assert.ok(pool.exportCsv({ bom: true }).startsWith('\uFEFF'));
    const view = pool.exportCsv({ ids: [ids[1], ids[0]] });
    const rows = view.trimEnd().split('\r\n');
    assert.equal(rows.length, 3);
    assert.ok(rows[1].startsWith(ids[1] + ','));
    assert.ok(rows[2].startsWith(ids[0] + ','));
    const error = await rejects(Promise.resolve().then(() => pool.exportCsv({ ids: ['nobody'] })), 'not_found');
    assert.equal(error.path, '/ids/0');
    // the exported CSV imports back into the same rows
    const copy = await freshPool();
    await copy.importFile(whole);
    assert.equal(copy.exportCsv(), whole);
    copy.dispose();
    pool.dispose();
  });

  test('JSON Resume for one candidate, with the pipeline under meta', async () => {
    const pool = await freshPool();
    await pool.importFile(greenhouse);
    const resume = pool.exportJsonResume('53883394');
    assert.equal(resume.basics.name, 'Ana Núñez');
    assert.ok(resume.meta.runnerup);
    await rejects(Promise.resolve().then(() => pool.exportJsonResume('nobody')), 'not_found');
    pool.dispose();
  });

  test('iCalendar of follow-ups, names optional', async () => {
    const pool = await freshPool();
    await seed(pool);
    await pool.record({ ...runnerUp(ana.id), followUp: { due: '2027-03-01', note: 'Ask about Q2' } });
    const ics = pool.exportIcs();
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /SUMMARY:Follow up with Ana Núñez\r\n/);
    assert.match(ics, /DTSTAMP:20261122T100000Z\r\n/);
    const anonymous = pool.exportIcs({ names: false });
    assert.ok(!anonymous.includes('Ana'));
    assert.ok(!anonymous.includes('Q2'));
    pool.dispose();
  });
});

describe('core import calls', () => {
  test('feeding without an import, and unknown options, are clear errors, not exceptions', async () => {
    const core = await createCorePool({ wasmBinary });
    assert.throws(() => core.importFeed('x'), (e) => e.code === 'conflict');
    assert.throws(() => core.importFinish(), (e) => e.code === 'conflict');
    assert.throws(() => core.importBegin('csv', { colour: 'red' }, 'a', '2026-11-22T10:00:00Z', 'b'), (e) => e.code === 'unknown_field');
    assert.throws(() => core.exportCsv({ bom: 'yes' }), (e) => e.code === 'invalid_field' && e.path === '/bom');
    assert.throws(() => core.exportIcs({ names: true }, 'yesterday'), (e) => e.code === 'invalid_field');
    assert.equal(core.detectImportFormat('Name,Email\r\n'), 'csv');
    assert.equal(core.detectImportFormat('{"jobs":[]}'), null);
    core.importAbort();
    core.importAbort();
    core.dispose();
    core.importAbort(); // after dispose: still no throw
  });

  test('importAdopt takes the pool the import was read into, only when nothing changed the pool since importBegin', async () => {
    const AT = '2026-11-22T10:00:00Z';
    const read = (core, id) => {
      core.importBegin('greenhouse', {}, 'recruiter-1', AT, id);
      const events = [...core.importFeed(greenhouse).events, ...core.importFinish().events];
      assert.ok(events.length > 0);
      return events;
    };
    const pool = (core) => core.query({ type: 'pool' });
    // the reference: the same events applied
    const applied = await createCorePool({ wasmBinary });
    applied.apply(read(applied, 'imp'));
    applied.importAbort();
    // adopted: the same pool, and the import is over
    const adopting = await createCorePool({ wasmBinary });
    read(adopting, 'imp');
    assert.deepEqual(pool(adopting).entries, []);
    assert.equal(adopting.importAdopt(), true);
    assert.deepEqual(pool(adopting), pool(applied));
    assert.deepEqual(adopting.exportLog(), applied.exportLog());
    assert.throws(() => adopting.importAdopt(), (e) => e.code === 'conflict');
    // the pool changed while the events were being stored: not adopted, and nothing changes
    const changed = await createCorePool({ wasmBinary });
    const events = read(changed, 'imp');
    changed.apply([events[0]]);
    const before = changed.exportLog();
    assert.equal(changed.importAdopt(), false);
    assert.deepEqual(changed.exportLog(), before);
    // an import still reading cannot be adopted; a finished one cannot be fed
    const early = await createCorePool({ wasmBinary });
    early.importBegin('greenhouse', {}, 'recruiter-1', AT, 'imp');
    assert.throws(() => early.importAdopt(), (e) => e.code === 'conflict');
    early.importFinish();
    assert.throws(() => early.importFeed('[]'), (e) => e.code === 'conflict');
    for (const core of [applied, adopting, changed, early]) core.dispose();
  });

  test("importFinish gives the report's records by count, read in ranges until the import ends", async () => {
    const core = await createCorePool({ wasmBinary });
    assert.throws(() => core.importReportRecords(0, 10), (e) => e.code === 'conflict');
    const csv = ['Name,Email', ...Array.from({ length: 25 }, (_, i) => `Person ${i},p${i}@example.com`), ',no-name@example.com'].join('\r\n');
    core.importBegin('csv', {}, 'recruiter-1', '2026-11-22T10:00:00Z', 'imp');
    core.importFeed(csv);
    const last = core.importFinish();
    assert.equal(last.recordCount, 26);
    assert.equal(last.report.records.length, 0); // by range only
    assert.equal(last.report.accepted, 25);
    assert.equal(last.report.refused, 1);
    const ranges = [core.importReportRecords(0, 10), core.importReportRecords(10, 10), core.importReportRecords(20, 10)];
    assert.deepEqual(ranges.map((r) => r.length), [10, 10, 6]);
    const records = ranges.flat();
    assert.equal(records.filter((r) => r.status === 'refused').length, 1);
    assert.deepEqual(core.importReportRecords(0, 26), records); // the same records whatever the ranges
    assert.deepEqual(core.importReportRecords(40, 10), []);
    assert.throws(() => core.importReportRecords(-1, 10), (e) => e.code === 'invalid_field');
    core.importAbort();
    assert.throws(() => core.importReportRecords(0, 10), (e) => e.code === 'conflict');
    core.dispose();
  });
});
