// Runs before the widget's script defines the element, so each pool opens once, already wired to
// the team's sync server (scripts/demo-server.mjs, `npm start`): the two recruiters of the demo
// share one pool there (this tab's recruiter from ?as=, each with their own token).
import { connect } from '../runnerup.js';
import { applyRecruiter } from './recruiter.js';

applyRecruiter(document.querySelectorAll('runnerup-pool'));
for (const widget of document.querySelectorAll('runnerup-pool')) {
  const actor = widget.getAttribute('actor');
  const pool = widget.getAttribute('pool') || 'default';
  let cached = null;
  // the ATS hands the page a token for its recruiter (here: the demo's /api/token; a real ATS
  // signs it in its own backend, with the secret it shares with the sync server)
  const token = async () => {
    if (cached && cached.until > Date.now()) return cached.jwt;
    const response = await fetch(`/api/token?actor=${encodeURIComponent(actor)}&pool=${encodeURIComponent(pool)}`);
    if (!response.ok) throw new Error(`no token: HTTP ${response.status}`);
    cached = { jwt: await response.text(), until: Date.now() + 10 * 60 * 1000 };
    return cached.jwt;
  };
  widget.host = connect('/v1', { pool, token });
}
