// Data protection through the widget in real Chromium: an access export holds everything about a
// person, whose data IndexedDB holds only sealed; erasing them leaves no trace in any IndexedDB
// store of the origin, while insights still count the anonymous outcome; a person past retention
// is listed as such and blocked. (tests/e2e/shred.test.js searches the profile's files.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.js';

const JOSE = {
  id: 'cand-jose-muller-garcia',
  texts: ['José Müller-García', 'Müller', 'jose.mg@example.com', '+49 30 901820',
    'Jose-outcome-note-7731', 'Jose-reason-note-4410', 'Jose-feedback-summary-9902'],
};

async function openDemo() {
  const b = await launch();
  await b.page.goto(`${b.server.url}/demo/`);
  const root = b.page.locator('runnerup-pool');
  await root.getByRole('tab', { name: 'Pool' }).waitFor();
  return { b, root };
}

/** Records through the widget's own facade in the page (the widget sees it through tab sync). */
function record(page, commands) {
  return page.evaluate(async (list) => {
    const { openPool } = await import('/runnerup.js');
    // The widget saves the host's candidates as it opens: wait until they are stored.
    let pool;
    for (let tries = 0; ; tries++) {
      pool = await openPool({ name: 'acme-demo', actor: 'recruiter-sam-okafor' });
      if (pool.query({ type: 'candidates' }).candidates.length >= 7 || tries > 50) break;
      pool.dispose();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const c of list) await pool.record(c);
    const insights = pool.query({ type: 'insights', today: new Date().toISOString().slice(0, 10) });
    pool.dispose();
    return insights;
  }, commands);
}

/** Every record of every object store of every IndexedDB database of the origin, as text. */
function dumpIndexedDB(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const store of db.objectStoreNames) {
        const tx = db.transaction(store, 'readonly');
        const [keys, values] = await Promise.all([
          new Promise((res) => (tx.objectStore(store).getAllKeys().onsuccess = (e) => res(e.target.result))),
          new Promise((res) => (tx.objectStore(store).getAll().onsuccess = (e) => res(e.target.result))),
        ]);
        out.push(JSON.stringify({ db: name, store, keys, values }));
      }
      db.close();
    }
    return out.join('\n');
  });
}

test('an access export holds everything; an erasure leaves no trace in IndexedDB but insights still count', async () => {
  const { b, root } = await openDemo();
  try {
    await record(b.page, [
      { type: 'recordOutcome', outcome: { candidateId: JOSE.id, requisitionId: 'req-101', stage: 'final', outcome: 'runner_up',
        rank: 1, reason: { code: 'other', note: 'Jose-reason-note-4410' }, futureFit: 'strong', note: 'Jose-outcome-note-7731' } },
      { type: 'giveFeedback', feedback: { candidateId: JOSE.id, channel: 'phone', summary: 'Jose-feedback-summary-9902' } },
    ]);
    // stored sealed under José's key (storage/keys.js): none of it in the clear
    const before = await dumpIndexedDB(b.page);
    for (const t of JOSE.texts) assert.ok(!before.includes(t), `${t} is stored in the clear`);

    // The card, from the pool list.
    await root.locator(`button[data-card="${JOSE.id}"]`).first().click();
    const panel = root.locator('runnerup-privacy-panel');
    await panel.getByRole('button', { name: 'Access export…' }).click();
    const exportDialog = panel.locator('#export-dialog');
    await exportDialog.waitFor({ state: 'visible' });
    const exported = await exportDialog.innerText();
    for (const t of JOSE.texts) assert.ok(exported.includes(t), `${t} missing from the access export`);
    await exportDialog.getByRole('button', { name: 'Close' }).click();

    // Erase, confirmed.
    const told = b.page.evaluate(() => new Promise((resolve) =>
      document.querySelector('runnerup-pool').addEventListener('runnerup-erasure', (e) => resolve(e.detail), { once: true })));
    await panel.getByRole('button', { name: 'Erase personal data…' }).click();
    await panel.locator('#erase-dialog').getByRole('button', { name: 'Erase', exact: true }).click();
    assert.deepEqual(await told, { candidateIds: [JOSE.id] });
    await panel.getByText("This person's personal data was erased.").waitFor();

    const after = await dumpIndexedDB(b.page);
    for (const t of JOSE.texts) assert.ok(!after.includes(t), `${t} is still stored after the erasure`);
    // The audit keeps who erased whom, without personal data.
    assert.ok(after.includes('person.erased'));

    // The host page still hands the widget José after a reload: nothing comes back.
    await b.page.reload();
    await root.getByRole('tab', { name: 'Pool' }).waitFor();
    const insights = await record(b.page, []);
    const reloaded = await dumpIndexedDB(b.page);
    for (const t of JOSE.texts) assert.ok(!reloaded.includes(t), `${t} came back after a reload`);
    const other = insights.reasons.find((r) => r.code === 'other');
    assert.equal(other?.count, 1, 'insights no longer count the anonymous outcome');
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.foreignRequests, []);
  } finally {
    await b.close();
  }
});

test('a person past retention is listed for erasure and blocked from outreach', async () => {
  const { b, root } = await openDemo();
  try {
    await record(b.page, [
      { type: 'recordOutcome', outcome: { candidateId: 'cand-aiyana-begay', requisitionId: 'req-101', stage: 'final',
        outcome: 'runner_up', reason: { code: 'timing' }, decidedAt: '2024-01-02T09:00:00Z' } },
      { type: 'setRetentionPolicy', candidateId: 'cand-aiyana-begay', policy: 'nl' },
    ]);
    await root.getByRole('tab', { name: 'Retention' }).click();
    const view = root.locator('runnerup-retention-view');
    await view.getByRole('heading', { name: /Past retention: queued for erasure \(1\)/ }).waitFor();
    await view.getByRole('button', { name: 'Erase Aiyana Begay' }).waitFor();
    // Outreach is refused, with the reason.
    const refused = await b.page.evaluate(async () => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'acme-demo', actor: 'recruiter-sam-okafor' });
      try {
        await pool.record({ type: 'scheduleFollowUp', followUp: { candidateId: 'cand-aiyana-begay', due: '2030-01-01' } });
        return null;
      } catch (e) {
        return { code: e.code, message: e.message };
      } finally {
        pool.dispose();
      }
    });
    assert.equal(refused?.code, 'blocked');
    assert.match(refused.message, /retention period ended on 2024-02-02/);
    // The card says so too.
    await view.getByRole('button', { name: 'Aiyana Begay', exact: true }).click();
    await root.locator('runnerup-privacy-panel').getByText('Retention ended — queued for erasure').waitFor();
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('the default policy follows the country; a policy that would queue an erasure asks first, with the core’s date', async () => {
  const { b, root } = await openDemo();
  try {
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    // decided 270 days ago: the team default (12 months) keeps them, the UK's 6 months would not
    const decidedAt = `${day(Date.now() - 270 * 86400000)}T09:00:00Z`;
    await record(b.page, [
      { type: 'recordOutcome', outcome: { candidateId: 'cand-olusegun-adeyemi', requisitionId: 'req-101', stage: 'final',
        outcome: 'runner_up', reason: { code: 'timing' }, decidedAt } },
      { type: 'recordOutcome', outcome: { candidateId: 'cand-aiyana-begay', requisitionId: 'req-101', stage: 'final',
        outcome: 'runner_up', reason: { code: 'timing' } } },
    ]);
    // Aiyana lives in Germany: Germany's policy, chosen by her country, with its duration
    await root.locator('button[data-card="cand-aiyana-begay"]').first().click();
    let panel = root.locator('runnerup-privacy-panel');
    await panel.getByText(/Germany, chosen by the person's country/).waitFor();
    await panel.getByText('Kept for 6 months from the decision.').waitFor();
    await root.getByRole('button', { name: '← Back' }).click();

    // Olúṣẹgun lives in Portugal (no policy of its own): the team's
    await root.locator('button[data-card="cand-olusegun-adeyemi"]').first().click();
    panel = root.locator('runnerup-privacy-panel');
    await panel.getByText(/Team default, chosen by team/).waitFor();
    const select = panel.getByLabel('Retention policy for this person');
    const options = await select.locator('option').allInnerTexts();
    assert.ok(options.includes('United Kingdom (6 months from the decision)'), options.join(' | '));
    assert.ok(options.includes('France (24 months from the last contact)'), options.join(' | '));

    // the UK's would queue him for erasure: asked first, nothing saved on Cancel
    const dialog = panel.locator('#policy-dialog');
    await select.selectOption('uk');
    await dialog.waitFor({ state: 'visible' });
    const said = await dialog.innerText();
    // already past the UK's period: due from today (the core's today), as the panel's locale writes it
    const shown = await b.page.evaluate(async () => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'acme-demo', actor: 'recruiter-sam-okafor' });
      const today = pool.today();
      pool.dispose();
      const panel = document.querySelector('runnerup-pool').shadowRoot.querySelector('runnerup-privacy-panel');
      const lang = panel.closest('[lang]')?.lang || document.documentElement.lang || 'en';
      return new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));
    });
    assert.match(said, /queues them for erasure on/);
    assert.ok(said.includes(shown), `the erasure date (${shown}) in: ${said}`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByText('Retention policy not changed.').waitFor();
    assert.equal(await select.inputValue(), 'default');
    await panel.getByText(/Team default, chosen by team/).waitFor();

    // France's does not queue anything: saved at once, no question asked
    await select.selectOption('fr');
    await panel.getByText('Retention policy saved.').waitFor();
    assert.equal(await dialog.isVisible(), false);
    await panel.getByText(/France, chosen by person/).waitFor();

    // the team erases automatically on expiry: the confirmation says erased; confirmed, he is
    await root.getByRole('tab', { name: 'Retention' }).click();
    await root.locator('runnerup-retention-view').getByLabel('Erase automatically on expiry').check();
    await root.getByRole('tab', { name: 'Pool' }).click();
    await root.locator('button[data-card="cand-olusegun-adeyemi"]').first().click();
    panel = root.locator('runnerup-privacy-panel');
    await panel.getByText(/France, chosen by person/).waitFor();
    await panel.getByLabel('Retention policy for this person').selectOption('uk');
    const auto = panel.locator('#policy-dialog');
    await auto.waitFor({ state: 'visible' });
    assert.match(await auto.innerText(), /erased automatically from/);
    await auto.getByRole('button', { name: 'Save and erase' }).click();
    await panel.getByText('Retention ended — queued for erasure').waitFor();
    // the automatic erasure runs as the pool opens: after a reload he is erased
    await b.page.reload();
    await root.getByRole('tab', { name: 'Pool' }).waitFor();
    const erased = await b.page.evaluate(async () => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'acme-demo', actor: 'recruiter-sam-okafor' });
      const answer = pool.query({ type: 'erased' }).candidateIds;
      pool.dispose();
      return answer;
    });
    assert.ok(erased.includes('cand-olusegun-adeyemi'), `erased: ${erased}`);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
