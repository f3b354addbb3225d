// Persistent storage: asking the browser not to evict the site's data (the pool) under pressure.

/**
 * Asks the browser to keep this site's storage (the pool) under storage pressure instead of
 * evicting it as best-effort data. Browsers decide by their own rules (Chromium: site engagement
 * or an installed app; Firefox asks the user; Safari may still clear a site's data after 7 days
 * without interaction), so the answer can be no: then the recruiter should export regularly.
 * Never throws.
 * @returns {Promise<{supported: boolean, persisted: boolean}>}
 */
export async function requestPersistence() {
  const storage = globalThis.navigator?.storage;
  if (!storage || typeof storage.persist !== 'function') return { supported: false, persisted: false };
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return { supported: true, persisted: true };
    return { supported: true, persisted: (await storage.persist()) === true };
  } catch {
    return { supported: true, persisted: false };
  }
}
