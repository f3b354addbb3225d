// Who is asking: every request carries `Authorization: Bearer <JWT>` issued by the ATS.
// HS256 with the shared secret (RUNNERUP_JWT_SECRET), or RS256 / ES256 with the ATS's public key
// (RUNNERUP_JWT_PUBLIC_KEY, PEM). Claims: `sub` is the recruiter's actor id; `pools` maps each
// pool the token may use to a role: viewer (reads), recruiter (reads, writes), admin and privacy
// (reads, writes, erasures). `exp` is honoured when present.
import { importSPKI, jwtVerify, errors } from 'jose';

const ROLES = ['viewer', 'recruiter', 'admin', 'privacy'];
const WRITERS = new Set(['recruiter', 'admin', 'privacy']);
const ERASERS = new Set(['admin', 'privacy']);
// The ATS's own records (the candidates and requisitions it hands the widget) are saved by the
// actor "host", from the browser of whichever recruiter has the page open (web/src/pool.js).
const HOST_ACTOR = 'host';
const HOST_RECORDS = new Set(['candidate.saved', 'requisition.saved']);
/** Verified tokens remembered per instance (the oldest goes first). */
const VERIFIED_TOKENS = 10000;

/** A refusal of the request as a whole: nothing of it is stored. */
export class Refusal extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {string} [path] */
  constructor(status, code, message, path = '') {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

/**
 * @param {{secret?: string, publicKey?: string}} keys
 * @returns {(authorization: string | undefined) => Promise<{sub: string, pools: Record<string, string>}>}
 */
export function makeVerifier({ secret, publicKey }) {
  if (!secret && !publicKey) throw new Error('set RUNNERUP_JWT_SECRET (HS256) or RUNNERUP_JWT_PUBLIC_KEY (RS256/ES256, PEM)');
  // imported once: jose would import raw bytes again for every token (milliseconds each)
  const hmac = secret
    ? globalThis.crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    : null;
  const spki = new Map(); // alg -> imported public key
  const algorithms = [...(hmac ? ['HS256'] : []), ...(publicKey ? ['RS256', 'ES256'] : [])];
  async function keyFor(header) {
    if (header.alg === 'HS256' && hmac) return hmac;
    if ((header.alg === 'RS256' || header.alg === 'ES256') && publicKey) {
      if (!spki.has(header.alg)) spki.set(header.alg, await importSPKI(publicKey, header.alg));
      return spki.get(header.alg);
    }
    throw new Refusal(401, 'token_invalid', `tokens signed with ${header.alg} are not accepted here (${algorithms.join(', ')})`);
  }
  // Tokens whose signature was verified, by their text: a widget sends the same token with every
  // request until it expires, and checking a signature again is most of the CPU of a small push.
  // A token found here is still checked against the clock (exp, nbf) as jose checks it.
  const verified = new Map();
  return async function verify(authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw new Refusal(401, 'token_missing', 'this request needs an Authorization: Bearer <token> header with a token from the ATS');
    let payload = verified.get(m[1]);
    const now = Math.floor(Date.now() / 1000);
    if (payload && ((typeof payload.exp === 'number' && payload.exp <= now) || (typeof payload.nbf === 'number' && payload.nbf > now))) {
      verified.delete(m[1]);
      payload = undefined; // jose says why below
    }
    if (!payload) {
      try {
        ({ payload } = await jwtVerify(m[1], keyFor, { algorithms }));
      } catch (error) {
        if (error instanceof Refusal) throw error;
        if (error instanceof errors.JWTExpired) throw new Refusal(401, 'token_expired', 'the token has expired: ask the ATS for a new one');
        throw new Refusal(401, 'token_invalid', `the token is not valid: ${error.message}`);
      }
      if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value);
      verified.set(m[1], payload);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') {
      throw new Refusal(401, 'token_invalid', 'the token names no recruiter: its sub claim must be the actor id');
    }
    const pools = payload.pools;
    if (!pools || typeof pools !== 'object' || Array.isArray(pools)) {
      throw new Refusal(401, 'token_invalid', 'the token grants no pools: its pools claim maps pool names to roles');
    }
    return { sub: payload.sub, pools };
  };
}

/** The caller's role in `pool`; refuses when the token does not grant it. */
export function roleIn(claims, pool) {
  const role = Object.hasOwn(claims.pools, pool) ? claims.pools[pool] : undefined;
  if (!ROLES.includes(role)) throw new Refusal(403, 'pool_forbidden', `this token does not grant the pool "${pool}"`);
  return role;
}

/**
 * Refuses a write the caller may not make: a viewer's, an event recorded as someone else (but
 * the host's records of candidates and requisitions, actor "host"), an erasure by anyone but
 * privacy or admin. Checks the whole batch before anything is stored.
 */
export function assertMayWrite(claims, role, events) {
  if (!WRITERS.has(role)) throw new Refusal(403, 'role_forbidden', `a ${role} may read this pool but not write to it`);
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i];
    if (!event || typeof event !== 'object') continue; // the store refuses it as malformed
    const hostRecord = event.actor === HOST_ACTOR && HOST_RECORDS.has(event.type);
    if (event.actor !== claims.sub && !hostRecord) {
      throw new Refusal(403, 'actor_mismatch', `event ${i} is recorded as "${String(event.actor)}" but the token is for "${claims.sub}"`, `/events/${i}/actor`);
    }
    if (event.type === 'person.erased' && !ERASERS.has(role)) {
      throw new Refusal(403, 'erasure_forbidden', `only the privacy or admin role may erase a person; this token's role is ${role}`, `/events/${i}`);
    }
  }
}
