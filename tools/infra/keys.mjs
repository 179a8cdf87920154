// Development keys, generated at first start into an ignored folder; never committed.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NODE_AGENCIES = ['AZ', 'KZ', 'TM'];
export const ISSUER_AGENCIES = [...NODE_AGENCIES, 'CCP'];

function ensurePair(dir, name) {
  const key = path.join(dir, `${name}.key.pem`);
  const pub = path.join(dir, `${name}.pub.pem`);
  if (!existsSync(key)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { key, pub };
}

/** Token issuers (one per agency plus the programme) and node signing keys (with key ids). */
export function ensureDevKeys(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const issuers = Object.fromEntries(ISSUER_AGENCIES.map((a) => [a, ensurePair(dir, `issuer-${a}`)]));
  const signer = (name, prefix) => {
    const pair = ensurePair(dir, name);
    const idFile = path.join(dir, `${name}.kid`);
    if (!existsSync(idFile)) writeFileSync(idFile, `${prefix}-${new Date().toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`);
    return { ...pair, keyId: readFileSync(idFile, 'utf8').trim() };
  };
  const nodes = Object.fromEntries(NODE_AGENCIES.map((a) => [a, signer(`node-${a}`, a)]));
  const hub = signer('hub', 'HUB');
  return {
    issuers,
    nodes,
    /** Signs the hub's own log (access records). */
    hub,
    /** AUTH_ISSUERS value: `AGENCY=public key file`, comma-separated. */
    authIssuers: ISSUER_AGENCIES.map((a) => `${a}=${issuers[a].pub}`).join(','),
    /** NODE_PUBLIC_KEYS value for the hub's trust store. */
    nodePublicKeys: NODE_AGENCIES.map((a) => `${a}:${nodes[a].keyId}=${nodes[a].pub}`).join(','),
  };
}
