// The demo ATS in real Chromium, as a recruiter goes through it: the requisition page with the
// widget, a finalist's name leading to their candidate page, where the widget opens on their
// runner-up record (the `candidate` attribute); both pages pass axe-core, as a whole page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
  });
}

describe('the demo ATS', () => {
  let b;

  before(async () => {
    b = await launch();
  });

  after(async () => {
    await b?.close();
  });

  test('requisition page -> candidate page, the widget on each', async () => {
    await b.page.goto(`${b.server.url}/demo/`);
    const widget = b.page.locator('runnerup-pool');
    await widget.getByRole('button', { name: 'Record outcome' }).waitFor();
    await b.page.getByRole('button', { name: 'Load sample history' }).click();
    await widget.getByRole('row').filter({ hasText: 'Priya Raman' }).waitFor();
    assert.deepEqual(await axeViolations(b.page), []);

    // a finalist's name leads to the candidate page
    await b.page.locator('#finalists').getByRole('link', { name: 'Priya Raman' }).click();
    await b.page.waitForURL(/candidate\.html\?id=cand-priya-raman$/);
    await b.page.getByRole('heading', { level: 1, name: 'Priya Raman' }).waitFor();
    // the widget opens on her card: the reason, the follow-up, the history
    const card = widget.locator('[data-card-of="cand-priya-raman"]');
    await card.waitFor();
    assert.match(await card.innerText(), /Compensation/);
    assert.match(await card.innerText(), /Ask whether the new budget works for her/);
    assert.deepEqual(await axeViolations(b.page), []);

    // closing the card shows the pool
    await card.getByRole('button', { name: /Back/ }).first().click();
    await widget.getByRole('row').filter({ hasText: 'José Müller-García' }).waitFor();
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  });
});
