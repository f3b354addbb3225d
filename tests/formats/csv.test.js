// The exporter's CSV read by tools nobody here wrote: Python's csv module and LibreOffice Calc
// (headless, formula evaluation on). Every cell must arrive as written, and nothing may run.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NASTY, nastyPool, neutralised, read, soffice, tempDir, titleOf } from './fixture.js';

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
    for (const cell of rows.flat()) assert.ok(!/^[=+\-@\t\r\n]/.test(cell), `a cell would run: ${JSON.stringify(cell)}`);
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
