// The CLI's import and validate, run as a user runs them (build/native/cli/runnerup): whole
// exports, the summary and the per-record report, the documented exit codes and one clear error
// for each kind of unusable input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'build/native/cli/runnerup');
const data = (p) => join(repo, 'tests/data', p);
const run = (...args) => {
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const scratch = () => mkdtempSync(join(tmpdir(), 'runnerup-cli-'));
// An export's files and folders as given on the command line: the directory beside them holds
// expected.json too, which is none of the export's files (the core refuses such a file).
const exportFiles = (name) => readdirSync(data(`imports/${name}`)).filter((n) => n !== 'expected.json')
  .map((n) => data(`imports/${name}/${n}`));

describe('runnerup import', { skip: !existsSync(cli) && 'build/native/cli/runnerup is not built' }, () => {
  test('a whole Greenhouse export: a summary, one JSON line per record, exit 1 when some were refused', () => {
    const dir = scratch();
    const r = run('import', '--format', 'greenhouse', ...exportFiles('greenhouse'), '--into', join(dir, 'pool.json'),
      '--report', join(dir, 'report.jsonl'));
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^4 documents, 14 records: 9 accepted, 1 merged, 4 refused$/m);
    assert.match(r.out, /^10 changed the pool, 0 it held already$/m);
    const lines = readFileSync(join(dir, 'report.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 14);
    assert.deepEqual(lines.filter((l) => l.status === 'refused').map((l) => `${l.document} ${l.id} ${l.field}`), [
      'candidates 60009 /8/first_name', 'applications 7012 /1/candidate_id',
      'activity_feed 102 /notes/1/private', 'activity_feed 103 /notes/0/body']);
    // each line numbered from 1 within its document (index: its place in the file's JSON Pointers)
    assert.deepEqual(lines.filter((l) => l.status === 'refused').map((l) => [l.number, l.index]), [[9, 8], [2, 1], [2, 1], [1, 0]]);
    assert.ok(lines.every((l) => l.changed === (l.status !== 'refused')));
    // the same export again: nothing new
    const before = run('stats', join(dir, 'pool.json')).out;
    const again = run('import', '--format', 'greenhouse', ...exportFiles('greenhouse'), '--into', join(dir, 'pool.json'));
    assert.equal(again.code, 1);
    assert.match(again.out, /^nothing new: the pool held all 10 records accepted or merged already$/m);
    assert.equal(run('stats', join(dir, 'pool.json')).out, before);
  });

  test('every record imported exits 0; the per-record report is not printed without --report', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'in.csv'), 'Name,Email,Job,Stage,Rejection reason\r\nAna Núñez,ana@example.com,Chef,final,Timing\r\n');
    const r = run('import', '--format', 'csv', join(dir, 'in.csv'), '--into', join(dir, 'pool.json'));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n')[0], '1 document, 1 records: 1 accepted, 0 merged, 0 refused');
    assert.doesNotMatch(r.out, /"records"/);
  });

  test('unusable input exits 2 with one clear error and writes nothing', () => {
    const dir = scratch();
    const pool = join(dir, 'pool.json');
    const cases = [
      [['--format', 'lever', data('imports/greenhouse')], /^runnerup: .*activity_feed\/60001\.json looks like a Greenhouse activity feed, not a Lever file: remove it from the files and try again; nothing was imported$/m],
      // a file that is none of the export's is refused, not skipped (the core's plan)
      [['--format', 'greenhouse', data('imports/greenhouse')], /^runnerup: .*expected\.json is none of a Greenhouse export's files .*: remove it from the files/m],
      [['--format', 'lever', data('formats/greenhouse-candidates.json')], /looks like Greenhouse candidates, not a Lever file/],
      [['--format', 'lever', join(data('imports/lever'), 'opportunities.json')], /has no archive_reasons\.json/],
      [['--format', 'csv', data('imports')], /is a directory: a csv import reads one file/],
    ];
    writeFileSync(join(dir, 'empty.csv'), '');
    cases.push([['--format', 'csv', join(dir, 'empty.csv')], /empty\.csv is empty/]);
    for (const [args, message] of cases) {
      const r = run('import', ...args, '--into', pool);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').filter((l) => l.startsWith('runnerup:')).length, 1, r.err);
      assert.ok(!existsSync(pool), 'nothing written');
    }
    mkdirSync(join(dir, 'pool-dir'));
    const into = run('import', '--format', 'greenhouse', data('imports/greenhouse'), '--into', join(dir, 'pool-dir'));
    assert.equal(into.code, 2);
    assert.match(into.err, /is a directory: --into names the pool's log file/);
  });

  test('a bad initiator code in --initiators exits 2 naming the file and the reason, and writes nothing', () => {
    const dir = scratch();
    const pool = join(dir, 'pool.json');
    writeFileSync(join(dir, 'initiators.json'), JSON.stringify({ 'Moved abroad': 'they_left' }));
    const r = run('import', '--format', 'greenhouse', ...exportFiles('greenhouse'), '--into', pool,
      '--initiators', join(dir, 'initiators.json'));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^runnerup: .*initiators\.json \(--initiators\) at \/Moved abroad: invalid_field: .*initiator code/m);
    assert.ok(!existsSync(pool), 'nothing written');
  });

  test('an unknown option is named as one', () => {
    const r = run('import', '--frob', 'x');
    assert.equal(r.code, 2);
    assert.match(r.err, /^runnerup: unknown option --frob$/m);
  });

  test('validate reads a whole Lever export without a pool', () => {
    const r = run('validate', '--format', 'lever', ...exportFiles('lever'));
    assert.equal(r.code, 1);
    assert.match(r.out, /^2 documents, 13 records: 7 accepted, 1 merged, 5 refused \(1 of them anonymised in the ATS\)$/m);
    assert.doesNotMatch(r.out, /changed the pool|nothing new/, 'validate changes no pool');
  });
});
