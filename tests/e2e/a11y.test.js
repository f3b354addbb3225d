// Accessibility of every view of <runnerup-pool>, checked by axe-core in real Chromium: each tab,
// the candidate card, the feedback draft, the record-outcome dialog, and the privacy panel's form and dialogs, with
// the demo's sample history loaded. axe (WCAG 2.1 A and AA rules) traverses the open shadow roots
// and must report no violation. axe's source is evaluated through the DevTools protocol, which
// the demo page's Content-Security-Policy (no inline script) does not apply to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's violations inside the widget, one readable line per failing node. */
async function violations(page) {
  const hasAxe = await page.evaluate(() => typeof globalThis.axe === 'object');
  if (!hasAxe) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async (tags) => {
    const result = await globalThis.axe.run(
      { include: [['runnerup-pool']] },
      { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
    );
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, TAGS);
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${n}`));
}

async function assertNoViolations(page, where) {
  const list = await violations(page);
  assert.deepEqual(list, [], `axe found violations in ${where}:\n${list.join('\n')}`);
}

describe('axe-core on every view of the widget', () => {
  let b;
  let root;
  before(async () => {
    b = await launch();
    await b.page.goto(`${b.server.url}/demo/`);
    root = b.page.locator('runnerup-pool');
    await root.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
    await b.page.evaluate(() => {
      document.querySelector('runnerup-pool').today = new Date().toISOString().slice(0, 10);
    });
    await b.page.waitForFunction(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-filter')?.options.length >= 4);
    await b.page.getByRole('button', { name: 'Load sample history' }).click();
    await b.page.locator('#activity li', { hasText: 'Loaded the sample history' }).waitFor();
    await root.locator('tbody tr').nth(2).waitFor();
  });
  after(async () => {
    await b?.close();
  });

  const tabs = ['Pool', 'Search', 'Next in line', 'Close out', 'Follow-ups', 'Feedback owed', 'Insights', 'Retention', 'Import / export'];
  for (const name of tabs) {
    test(`the ${name} tab has no violations`, async () => {
      await root.getByRole('tab', { name, exact: true }).click();
      await root.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor();
      await b.page.waitForTimeout(50);
      await assertNoViolations(b.page, `the ${name} tab`);
    });
  }

  test('the hire-backed-out form of Next in line has no violations', async () => {
    await root.getByRole('tab', { name: 'Next in line', exact: true }).click();
    const toggle = root.getByRole('button', { name: 'Hire backed out…' });
    await toggle.click();
    await root.getByRole('form', { name: 'Hire backed out' }).waitFor();
    await assertNoViolations(b.page, 'the hire-backed-out form');
    await toggle.click();
  });

  test('the record-outcome dialog has no violations, also showing an error', async () => {
    await root.getByRole('tab', { name: 'Pool', exact: true }).click();
    await root.getByRole('button', { name: 'Record outcome', exact: true }).click();
    const dialog = root.locator('dialog.outcome');
    await dialog.waitFor();
    await assertNoViolations(b.page, 'the record-outcome dialog');
    // a rank that skips places: the core refuses and the dialog shows the error beside the field
    await dialog.getByLabel('Candidate', { exact: true }).selectOption({ index: 1 });
    await dialog.getByLabel('Reason', { exact: true }).selectOption({ label: 'Timing' });
    await dialog.getByLabel('Rank').fill('99');
    await dialog.getByRole('button', { name: 'Save to pool' }).click();
    await root.locator('#ru-dialog-alert').getByText(/skip/i).waitFor();
    await dialog.locator('.field-error').first().waitFor();
    await assertNoViolations(b.page, 'the record-outcome dialog with an error');
    await b.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  test('the candidate card and its privacy panel have no violations', async () => {
    await root.getByRole('tab', { name: 'Pool', exact: true }).click();
    await root.locator('tbody tr').first().locator('button.name-link, [data-card]').first().click();
    const card = root.locator('[data-card-of]');
    await card.waitFor();
    await card.locator('runnerup-privacy-panel').getByRole('heading', { name: 'Retention' }).waitFor();
    await assertNoViolations(b.page, 'the candidate card');
    // the card's folded forms (log feedback, ...), opened
    await card.locator('details > summary').evaluateAll((summaries) => summaries.forEach((s) => (s.parentElement.open = true)));
    await assertNoViolations(b.page, 'the candidate card with its forms open');

    const panel = card.locator('runnerup-privacy-panel');
    await panel.getByRole('button', { name: 'Record consent…' }).click();
    await panel.getByLabel('Wording version').waitFor();
    await assertNoViolations(b.page, 'the record-consent form');

    await panel.getByRole('button', { name: 'Access export…' }).click();
    const exportDialog = panel.locator('#export-dialog');
    await exportDialog.getByRole('link', { name: 'Download JSON' }).waitFor();
    await assertNoViolations(b.page, 'the access-export dialog');
    await exportDialog.getByRole('button', { name: 'Close' }).click();

    await panel.getByRole('button', { name: 'Erase personal data…' }).click();
    const eraseDialog = panel.locator('#erase-dialog');
    await eraseDialog.getByRole('button', { name: 'Cancel' }).waitFor();
    await assertNoViolations(b.page, 'the erase dialog');
    await eraseDialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the feedback draft, from Feedback owed and from the card, with its confirmation, has no violations', async () => {
    await root.getByRole('tab', { name: 'Feedback owed', exact: true }).click();
    await root.locator('[role=tabpanel] button[data-draft]').first().click(); // the sample history owes feedback
    await root.locator('#ru-draft-text').waitFor();
    await assertNoViolations(b.page, 'the feedback draft from Feedback owed');
    await root.locator('#ru-draft-back').click();
    await root.getByRole('tab', { name: 'Pool', exact: true }).click();
    await root.locator('tbody tr').first().locator('button.name-link, [data-card]').first().click();
    await root.locator('#ru-card-draft').click();
    await root.locator('#ru-draft-text').waitFor();
    await assertNoViolations(b.page, 'the feedback draft');
    await root.locator('#ru-draft-sent').click();
    await root.locator('#ru-draft-confirm-yes').waitFor();
    await assertNoViolations(b.page, 'the feedback draft asking to confirm');
    await root.locator('#ru-draft-confirm-no').click();
    await root.locator('#ru-draft-back').click();
  });

  test('no console errors along the way', () => {
    assert.deepEqual(b.errors, []);
  });
});
