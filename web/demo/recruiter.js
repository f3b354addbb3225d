// The demo's two recruiters: the page opens as Sam; `?as=priya` (the link on the page opens it in
// another tab) opens it as Priya, so a newcomer sees two people of one team at work on one pool.
// Runs before the widget's script (from connect.js), so the pool opens once, as that recruiter.
export const RECRUITERS = {
  sam: { actor: 'recruiter-sam-okafor', name: 'Sam Okafor', other: 'priya' },
  priya: { actor: 'recruiter-priya-raman', name: 'Priya Raman', other: 'sam' },
};

/** Sets each widget's actor and the page's user from `?as=`; returns the recruiter. */
export function applyRecruiter(widgets) {
  const key = new URLSearchParams(location.search).get('as') === 'priya' ? 'priya' : 'sam';
  const me = RECRUITERS[key];
  // The widget shows who did what by these names (an actor id is never shown).
  const names = Object.values(RECRUITERS).map((r) => ({ id: r.actor, name: r.name }));
  for (const widget of widgets) {
    widget.setAttribute('actor', me.actor);
    widget.recruiters = names;
  }
  const user = document.getElementById('current-user');
  if (user) user.textContent = me.name;
  const link = document.getElementById('other-recruiter');
  if (link) {
    const other = RECRUITERS[me.other];
    link.href = `?as=${me.other}`;
    link.textContent = `Open the pool as ${other.name} too`;
  }
  return me;
}
