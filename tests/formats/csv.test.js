// The exporter's CSV read by tools nobody here wrote: Python's csv module and LibreOffice Calc
// (headless, formula evaluation on). Every cell must arrive as written, and nothing may run.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { execFileSync, spawnSync } from 'node:child_process';
import { CLI, NASTY, RUNNABLE, nastyPool, neutralised, read, soffice, tempDir, titleOf } from './fixture.js';

let pool;
let dir;
let exported;
before(async () => {
  pool = await nastyPool();
  dir = tempDir();
  exported = pool.exportCsv({ bom: true });
  writeFileSync(join(dir, 'pool.csv'), exported);
});
after(() => pool?.dispose());

/** Calc reads an ISO date as a date: its cell holds the day number (1899-12-30 is day 0). */
function asText(cell, want) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(want) && /^\d+$/.test(cell)) {
    return new Date(Date.UTC(1899, 11, 30) + Number(cell) * 86_400_000).toISOString().slice(0, 10);
  }
  return cell;
}

function column(rows, header) {
  const i = rows[0].indexOf(header);
  assert.ok(i >= 0, `no column ${header}`);
  return rows.slice(1).map((r) => r[i]);
}

describe('Python csv module', () => {
  test('reads one row per runner-up with every cell as written, formulas neutralised', () => {
    const rows = read('csv', join(dir, 'pool.csv'));
    assert.equal(rows.length, NASTY.length + 1);
    assert.ok(rows.every((r) => r.length === rows[0].length), 'every row has every column');
    assert.deepEqual(column(rows, 'Title'), NASTY.map((v) => neutralised(titleOf(v))));
    assert.deepEqual(column(rows, 'Reason note'), NASTY.map(neutralised));
    assert.deepEqual(new Set(column(rows, 'Requisition')), new Set([`'=cmd|" /C calc"!A0`]));
    assert.deepEqual(new Set(column(rows, 'Tags')), new Set(["'=tag"]));
    // The columns for reading only, lists joined with "; ", guarded like every other.
    assert.deepEqual(column(rows, 'Interview scores'), NASTY.map((v) => neutralised(`${titleOf(v)}: Mixed; Panel: Yes`)));
    assert.deepEqual(column(rows, 'Future roles'), NASTY.map((v) => neutralised(`${titleOf(v)}; Platform`)));
    assert.ok(column(rows, 'Skill gaps').every((cell) => cell.endsWith('; go')));
    for (const cell of rows.flat()) assert.ok(!RUNNABLE.test(cell), `a cell would run: ${JSON.stringify(cell)}`);
  });

  test('every hostile value is guarded by exactly one quote, and the plain ones by none', () => {
    const rows = read('csv', join(dir, 'pool.csv'));
    const notes = column(rows, 'Reason note');
    for (const [i, value] of NASTY.entries()) {
      const guarded = notes[i] !== value;
      assert.equal(notes[i], guarded ? `'${value}` : value, JSON.stringify(value));
      assert.equal(guarded, /^'*[\s\u0085\u200b]*[=+\-@＝＋－＠\t\r\n]/u.test(value), JSON.stringify(value));
    }
  });
});

describe('the CLI (native build)', () => {
  test('export --format csv --no-names: a pseudonymous sheet Python reads, guarded like the named one', () => {
    writeFileSync(join(dir, 'pool.json'), JSON.stringify(pool.exportLog()));
    writeFileSync(join(dir, 'anonymous.csv'), execFileSync(CLI, ['export', '--format', 'csv', join(dir, 'pool.json'), '--no-names']));
    const rows = read('csv', join(dir, 'anonymous.csv'));
    assert.equal(rows.length, NASTY.length + 1);
    assert.deepEqual(rows[0], read('csv', join(dir, 'pool.csv'))[0], 'the same columns');
    assert.deepEqual(new Set(column(rows, 'Name')), new Set(NASTY.map((_, i) => `Runner-up ${i + 1}`)));
    for (const header of ['Candidate ID', 'Email', 'Phone', 'Links', 'Reason note']) {
      assert.ok(column(rows, header).every((cell) => cell === ''), `${header} is left out`);
    }
    const text = rows.flat().join('\n');
    assert.ok(!text.includes('Person ') && !text.includes('@example.com'), 'no name, no e-mail');
    assert.deepEqual(column(rows, 'Title').sort(), NASTY.map((v) => neutralised(titleOf(v))).sort(), 'what the sheet is read for stays');
    for (const cell of rows.flat()) assert.ok(!RUNNABLE.test(cell), `a cell would run: ${JSON.stringify(cell)}`);
  });

  test('an unknown option is named as unknown; --no-names is refused where it cannot apply', () => {
    const frob = spawnSync(CLI, ['export', '--format', 'csv', join(dir, 'pool.json'), '--frob'], { encoding: 'utf8' });
    assert.equal(frob.status, 2);
    assert.match(frob.stderr, /^runnerup: unknown option --frob\n/);
    const resume = spawnSync(CLI, ['export', '--format', 'jsonresume', '--candidate', 'c-00', join(dir, 'pool.json'), '--no-names'], { encoding: 'utf8' });
    assert.equal(resume.status, 2);
    assert.match(resume.stderr, /--no-names works with --format csv or ics/);
  });
});

describe('LibreOffice Calc (headless)', () => {
  test('imports the CSV with formula evaluation on, and no cell becomes a formula', () => {
    // A control file proves the check can fail: the same values, not neutralised, do run.
    const control = ['Value', ...NASTY.slice(0, 4)].map((v) => `"${v.replaceAll('"', '""')}"`).join('\r\n') + '\r\n';
    writeFileSync(join(dir, 'control.csv'), control);
    // CSV filter: comma, double quote, UTF-8, from line 1, ..., token 13 "evaluate formulas" on
    const filter = 'CSV:44,34,76,1,,0,false,false,false,false,false,false,true';
    soffice(dir, [`--infilter=${filter}`, '--convert-to', 'xlsx', 'pool.csv', 'control.csv']);

    const controlSheet = read('xlsx', join(dir, 'control.xlsx'));
    assert.ok(controlSheet.formulas.includes('A2'), `the control's =1+1 runs: ${JSON.stringify(controlSheet)}`);

    const sheet = read('xlsx', join(dir, 'pool.xlsx'));
    assert.deepEqual(sheet.formulas, [], 'no cell of the export is a formula');
    const expected = read('csv', join(dir, 'pool.csv'));
    assert.equal(sheet.rows.length, expected.length);
    for (const [r, row] of expected.entries()) {
      for (const [c, cell] of row.entries()) {
        const want = cell.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
        assert.equal(asText(sheet.rows[r][c] ?? '', want), want, `row ${r + 1}, column ${expected[0][c]}`);
      }
    }
  });

  test('a round trip CSV -> xlsx -> CSV keeps every cell', () => {
    copyFileSync(join(dir, 'pool.xlsx'), join(dir, 'roundtrip.xlsx'));
    soffice(dir, ['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,false,true,false', join(dir, 'roundtrip.xlsx')]);
    const back = read('csv', join(dir, 'roundtrip.csv'));
    const original = read('csv', join(dir, 'pool.csv'));
    assert.equal(back.length, original.length);
    for (const [r, row] of original.entries()) {
      assert.deepEqual(back[r].map((c) => c.replaceAll('\r\n', '\n')), row.map((c) => c.replaceAll('\r\n', '\n').replaceAll('\r', '\n')), `row ${r + 1}`);
    }
  });
});

describe('every golden pool CSV of the tests (tests/data/formats)', () => {
  const goldens = fileURLToPath(new URL('../data/formats/', import.meta.url));
  const files = readdirSync(goldens).filter((f) => f.endsWith('.csv')).map((f) => join(goldens, f));

  test('reads in Python and goes through LibreOffice and back with no formula and no value changed', () => {
    assert.ok(files.length >= 3, files.join(', '));
    const sheets = join(dir, 'golden-xlsx');
    const back = join(dir, 'golden-back');
    mkdirSync(sheets);
    mkdirSync(back);
    soffice(sheets, ['--infilter=CSV:44,34,76,1,,0,false,false,false,false,false,false,true', '--convert-to', 'xlsx', ...files]);
    soffice(back, ['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,false,true,false',
      ...files.map((f) => join(sheets, basename(f, '.csv') + '.xlsx'))]);
    const lf = (cell) => cell.replaceAll('\r\n', '\n').replaceAll('\r', '\n');
    for (const file of files) {
      const name = basename(file);
      const rows = read('csv', file);
      assert.ok(rows.length > 1 && rows.every((r) => r.length === rows[0].length), `${name}: every row has every column`);
      for (const cell of rows.flat()) assert.ok(!RUNNABLE.test(cell), `${name}: a cell would run: ${JSON.stringify(cell)}`);
      const sheet = read('xlsx', join(sheets, basename(file, '.csv') + '.xlsx'));
      assert.deepEqual(sheet.formulas, [], `${name}: no cell is a formula`);
      for (const [r, row] of rows.entries()) {
        for (const [c, cell] of row.entries()) {
          assert.equal(asText(sheet.rows[r][c] ?? '', lf(cell)), lf(cell), `${name}: row ${r + 1}, column ${rows[0][c]}`);
        }
      }
      const again = read('csv', join(back, name));
      assert.deepEqual(again.map((row) => row.map(lf)), rows.map((row) => row.map(lf)), `${name}: the round trip keeps every cell`);
    }
  });
});
