// Closing out a requisition in the demo ATS, in real Chromium with the real wasm: the hire, two
// runner-ups ranked, one not selected and one not a fit, saved as one action; the write-back
// the host page receives (and shows); one Undo takes all of it back; the same by keyboard alone;
// then the hire backs out and the host page stops saying "Filled / Hired Chen Wei".
// Run `node scripts/bundle.mjs` first: the server serves dist/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.js';

const TODAY = '2026-11-20';
const REQ = 'req-101';

async function openDemo(b) {
  await b.page.goto(`${b.server.url}/demo/`);
  const root = b.page.locator('runnerup-pool');
  await root.getByRole('button', { name: 'Record outcome', exact: true }).waitFor();
  await b.page.evaluate((today) => {
    const widget = document.querySelector('runnerup-pool');
    widget.today = today;
    // what the host receives, as an ATS would store it
    window.writeBacks = [];
    widget.addEventListener('runnerup-writeback', (e) => window.writeBacks.push(e.detail));
  }, TODAY);
  await b.page.waitForFunction(() => document.querySelector('runnerup-pool').shadowRoot.querySelector('#ru-filter')?.options.length >= 4);
  return root;
}

const writeBacks = (page) => page.evaluate(() => window.writeBacks);
const statuses = (wb) => Object.fromEntries(wb.candidates.map((c) => [c.id, c.status]));
/** The demo page's own finalists list: name -> what its tag says. */
const hostTags = (page) =>
  page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#finalists li')].map((li) => [li.querySelector('.who').textContent, li.querySelector('.tag').textContent])));

describe('closing out a requisition', () => {
  let b;
  before(async () => {
    b = await launch();
  });
  after(async () => {
    await b?.close();
  });

  test('hired, runner-ups ranked, not selected, not a fit in one action; the write-back; one Undo; a back-out the host page shows', async () => {
    const { page } = b;
    const root = await openDemo(b);
    await root.getByRole('tab', { name: 'Close out', exact: true }).click();
    const row = (id) => root.locator(`fieldset.finalist[data-finalist="${id}"]`);
    // the host's hire first, as hired; everyone else not decided yet
    await row('cand-chen-wei').waitFor();
    assert.equal(await row('cand-chen-wei').locator('select[name^="choice."]').inputValue(), 'hired');
    assert.equal(await root.locator('fieldset.finalist').first().getAttribute('data-finalist'), 'cand-chen-wei');

    const decide = async (id, choice, reason) => {
      await row(id).locator('select[name^="choice."]').selectOption({ label: choice });
      await row(id).getByLabel('Reason', { exact: true }).selectOption({ label: reason });
    };
    await decide('cand-jose-muller-garcia', 'Runner-up', 'Stronger candidate selected');
    await decide('cand-aiyana-begay', 'Runner-up', 'Skills gap');
    await decide('cand-priya-raman', 'Not selected', 'Compensation expectations');
    await decide('cand-yuki-tanaka', 'Not a fit', 'Interview result');
    await row('cand-aiyana-begay').getByLabel('Feedback owed').check();
    // ranks are offered in the order shown; the recruiter swaps them
    assert.equal(await row('cand-aiyana-begay').getByLabel('Rank').inputValue(), '1');
    assert.equal(await row('cand-jose-muller-garcia').getByLabel('Rank').inputValue(), '2');
    await row('cand-jose-muller-garcia').getByLabel('Rank').fill('1');
    await row('cand-aiyana-begay').getByLabel('Rank').fill('2');
    await root.getByRole('button', { name: 'Save close-out' }).click();
    await root.locator('[role="status"]').getByText('Closed out Senior Backend Engineer: 5 finalists decided.').waitFor();

    // the write-back: the ATS ids and what each is now
    await page.waitForFunction(() => window.writeBacks.length === 1);
    const [closed] = await writeBacks(page);
    assert.equal(closed.action, 'closeOut');
    assert.equal(closed.undone, false);
    assert.deepEqual(closed.requisition, { id: REQ, code: null, status: 'filled', hiredCandidateId: 'cand-chen-wei', reopenedFor: null });
    assert.deepEqual(statuses(closed), {
      'cand-chen-wei': 'hired',
      'cand-jose-muller-garcia': 'runner_up',
      'cand-aiyana-begay': 'runner_up',
      'cand-priya-raman': 'not_selected',
      'cand-yuki-tanaka': 'not_a_fit',
    });
    assert.deepEqual(closed.candidates.filter((c) => c.rank).map((c) => [c.id, c.rank]).sort(), [['cand-aiyana-begay', 2], ['cand-jose-muller-garcia', 1]]);
    // the host page shows it
    assert.deepEqual(await hostTags(page), {
      'Chen Wei': 'Hired',
      'José Müller-García': 'Runner-up #1',
      'Aiyana Begay': 'Runner-up #2',
      'Priya Raman': 'Not selected',
    });

    // in the pool: four, in the order decided
    await root.getByRole('tab', { name: 'Pool', exact: true }).click();
    await root.locator('tbody tr').nth(3).waitFor();
    assert.equal(await root.locator('tbody tr').count(), 4);

    // one Undo takes the whole close-out back
    const undo = root.getByRole('button', { name: /^Undo: / });
    assert.equal(await undo.innerText(), 'Undo: Closed out Senior Backend Engineer');
    await undo.click();
    await root.locator('[role="status"]').getByText('Undone: Closed out Senior Backend Engineer.').waitFor();
    await root.getByText('No runner-ups for this requisition yet.').waitFor();
    await page.waitForFunction(() => window.writeBacks.length === 2);
    const undone = (await writeBacks(page))[1];
    assert.equal(undone.undone, true);
    assert.equal(statuses(undone)['cand-jose-muller-garcia'], 'undecided');
    assert.equal(statuses(undone)['cand-chen-wei'], 'hired', 'the host’s hire stays the hire');
    assert.equal((await hostTags(page))['José Müller-García'], 'Final round');

    // the same close-out by keyboard alone: José as the runner-up
    await root.getByRole('tab', { name: 'Close out', exact: true }).click();
    const jose = row('cand-jose-muller-garcia');
    await jose.locator('select[name^="choice."]').focus();
    await page.keyboard.type('Runner');
    await jose.getByLabel('Reason', { exact: true }).waitFor();
    await page.keyboard.press('Tab'); // stage
    await page.keyboard.press('Tab'); // rank
    await page.keyboard.press('Tab'); // reason
    await page.keyboard.type('Stronger');
    assert.equal(await jose.getByLabel('Reason', { exact: true }).inputValue(), 'stronger_candidate');
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.querySelector('runnerup-pool').shadowRoot.activeElement?.id);
      if (id === 'ru-co-save') break;
    }
    await page.keyboard.press('Enter');
    await root.locator('[role="status"]').getByText(/Closed out Senior Backend Engineer: 2 finalists decided\./).waitFor();
    await page.waitForFunction(() => window.writeBacks.length === 3);

    // the hire backs out: the host page no longer says "Filled / Hired Chen Wei"
    assert.equal(await page.locator('#req-status').innerText(), 'Filled');
    await root.getByRole('tab', { name: 'Next in line', exact: true }).click();
    await root.getByRole('button', { name: 'Hire backed out…' }).click();
    await root.getByLabel('Why the hire backed out').selectOption({ label: 'Offer declined' });
    await root.getByRole('button', { name: 'Mark backed out' }).click();
    await page.waitForFunction(() => window.writeBacks.length === 4);
    const backOut = (await writeBacks(page))[3];
    assert.equal(backOut.action, 'backOut');
    assert.deepEqual([backOut.requisition.status, backOut.requisition.hiredCandidateId], ['reopened', null]);
    assert.equal(statuses(backOut)['cand-chen-wei'], 'offer_declined');
    assert.equal(await page.locator('#req-status').innerText(), 'Reopened');
    assert.equal(await page.locator('#req-hired').innerText(), '—');
    assert.equal((await hostTags(page))['Chen Wei'], 'Offer declined');
    assert.match(await page.locator('#activity').innerText(), /runnerup-writeback: req-101 is reopened/);

    assert.deepEqual(b.errors, [], 'no console errors or page errors');
    assert.deepEqual(b.foreignRequests, []);
  });
});
