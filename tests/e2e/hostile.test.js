// Hostile text from the host or a recruiter: nothing executes, nothing breaks the layout, links
// allow only http(s); what the core refuses is refused with a clear error and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.js';

const XSS = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'><svg onload=window.__pwned=3>`;
const LONG_WORD = 'W'.repeat(3000);

test('script and HTML in every text field are shown as text and never run', async () => {
  const b = await launch();
  try {
    const dialogs = [];
    b.page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await b.page.goto(`${b.server.url}/demo/`);
    const root = b.page.locator('runnerup-pool');
    await root.getByRole('tab', { name: 'Pool' }).waitFor();
    const refused = await b.page.evaluate(async ({ xss, longWord }) => {
      const { openPool } = await import('/runnerup.js');
      const pool = await openPool({ name: 'acme-demo', actor: 'recruiter-sam-okafor' });
      const results = {};
      const attempt = async (label, command) => {
        try {
          await pool.record(command);
          results[label] = 'accepted';
        } catch (e) {
          results[label] = `${e.code} ${e.path}`;
        }
      };
      await attempt('xss', { type: 'saveCandidate', candidate: { id: 'hostile-1', name: `Eve ${xss}`, title: xss,
        tags: [xss.slice(0, 90)], skills: ['<b>rust</b>'], links: ['https://example.com/?q=<script>'] } });
      await attempt('outcome', { type: 'recordOutcome', outcome: { candidateId: 'hostile-1', requisitionId: 'req-101',
        stage: 'final', outcome: 'runner_up', reason: { code: 'other', note: xss }, note: `${xss} ${longWord}` } });
      for (const link of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)',
                          'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox'])
        await attempt(`link ${link}`, { type: 'saveCandidate', candidate: { id: 'hostile-2', name: 'Mallory', links: [link] } });
      await attempt('bidi', { type: 'saveCandidate', candidate: { id: 'hostile-3', name: 'Invoice \u202Efdp.exe' } });
      await attempt('1MB note', { type: 'recordOutcome', outcome: { candidateId: 'hostile-1', requisitionId: 'req-101',
        stage: 'final', outcome: 'runner_up', reason: { code: 'timing' }, note: 'n'.repeat(1 << 20) } });
      await attempt('lone surrogate', { type: 'saveCandidate', candidate: { id: 'hostile-4', name: 'Bad \ud800 text' } });
      const candidates = pool.query({ type: 'candidates' }).candidates.map((c) => c.id);
      pool.dispose();
      return { results, candidates };
    }, { xss: XSS, longWord: LONG_WORD });

    assert.equal(refused.results.xss, 'accepted');
    assert.equal(refused.results.outcome, 'accepted');
    for (const [label, result] of Object.entries(refused.results).filter(([l]) => l.startsWith('link ')))
      assert.match(result, /^invalid_field \/candidate\/links\/0$/, `${label} was not refused`);
    assert.match(refused.results.bidi, /^invalid_field \/candidate\/name$/);
    assert.match(refused.results['1MB note'], /^invalid_field \/outcome\/note$/);
    assert.match(refused.results['lone surrogate'], /^(malformed_json|invalid_field)/);
    for (const id of ['hostile-2', 'hostile-3', 'hostile-4']) assert.ok(!refused.candidates.includes(id), `${id} was stored`);

    // The widget shows the hostile text literally, in the list and on the card.
    const row = root.getByRole('button', { name: /^Eve </ }).first();
    await row.waitFor();
    assert.ok((await row.innerText()).includes('<img src=x onerror='));
    await row.click();
    await root.locator('[data-card-of="hostile-1"]').waitFor();
    await b.page.waitForTimeout(300);
    assert.equal(await b.page.evaluate(() => window.__pwned), undefined, 'injected code ran');
    assert.deepEqual(dialogs, []);
    // No element was created from the text anywhere in the widget.
    const injected = await b.page.evaluate(() => {
      const seen = [];
      const walk = (node) => {
        for (const el of node.querySelectorAll('img[src="x"], svg[onload], script')) seen.push(el.outerHTML.slice(0, 80));
        for (const el of node.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      return seen.filter((html) => !['runnerup.js', 'demo.js', 'connect.js'].some((own) => html.includes(own)));
    });
    assert.deepEqual(injected, []);
    // A 3,000-character word does not push the widget out of the page.
    const widths = await b.page.evaluate(() => ({
      widget: document.querySelector('runnerup-pool').getBoundingClientRect().right,
      viewport: document.documentElement.clientWidth,
      scroll: document.documentElement.scrollWidth,
    }));
    assert.ok(widths.widget <= widths.viewport + 1, `the widget overflows the page: ${JSON.stringify(widths)}`);
    assert.ok(widths.scroll <= widths.viewport + 1, `the page scrolls sideways: ${JSON.stringify(widths)}`);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
