// The local stack's identity providers: a real OpenID Provider (the certified `oidc-provider`
// package) serving one issuer per agency on one loopback port (`http://127.0.0.1:3100/KZ` …), each
// with its agency's demo users, signing with its agency's development issuer key (Ed25519), so the
// console signs in with authorization code + PKCE as it would at an agency's real provider.
// Development only: accounts live in this file, sessions in memory.
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { API_RESOURCE, CONSOLE_CLIENT_ID, DEMO_PASSWORD, demoAccounts, OIDC_AGENCIES } from './oidc-accounts.mjs';

export { API_RESOURCE, CONSOLE_CLIENT_ID, DEMO_PASSWORD, demoAccounts, OIDC_AGENCIES } from './oidc-accounts.mjs';

const LABELS = {
  en: {
    title: 'Sign in',
    at: 'Identity provider of',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Unknown user name or wrong password.',
    demo: 'Demo accounts of the local stack',
    role: 'Role',
    unit: 'Unit',
    signingOut: 'Signing out…',
    signOut: 'Sign out',
  },
  ru: {
    title: 'Вход',
    at: 'Поставщик удостоверений:',
    username: 'Имя пользователя',
    password: 'Пароль',
    submit: 'Войти',
    wrong: 'Неизвестное имя пользователя или неверный пароль.',
    demo: 'Демонстрационные учётные записи локального стенда',
    role: 'Роль',
    unit: 'Подразделение',
    signingOut: 'Выход…',
    signOut: 'Выйти',
  },
};
const AGENCY_NAMES = {
  en: { AZ: 'State Customs Committee (AZ)', KZ: 'State Revenue Committee (KZ)', TM: 'State Customs Service (TM)', CCP: 'Container Control Programme (CCP)' },
  ru: {
    AZ: 'Государственный таможенный комитет (AZ)',
    KZ: 'Комитет государственных доходов (KZ)',
    TM: 'Государственная таможенная служба (TM)',
    CCP: 'Программа контроля контейнеров (CCP)',
  },
};

/**
 * Sessions, codes and tokens in memory (a restart signs everyone out, as a development provider may):
 * the adapter interface of oidc-provider, per provider, entries dropped when they expire.
 */
function memoryAdapter() {
  const store = new Map();
  const grants = new Map();
  const alive = (e) => (e && (!e.exp || e.exp > Date.now()) ? e.payload : undefined);
  return class MemoryAdapter {
    constructor(model) {
      this.model = model;
    }
    key(id) {
      return `${this.model}:${id}`;
    }
    async upsert(id, payload, expiresIn) {
      store.set(this.key(id), { payload, exp: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
      if (payload.grantId) grants.set(payload.grantId, [...(grants.get(payload.grantId) ?? []), this.key(id)]);
    }
    async find(id) {
      return alive(store.get(this.key(id)));
    }
    async findByUid(uid) {
      for (const [k, e] of store) if (k.startsWith(`${this.model}:`) && e.payload.uid === uid) return alive(e);
      return undefined;
    }
    async findByUserCode(userCode) {
      for (const [k, e] of store) if (k.startsWith(`${this.model}:`) && e.payload.userCode === userCode) return alive(e);
      return undefined;
    }
    async consume(id) {
      const e = store.get(this.key(id));
      if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId) {
      for (const k of grants.get(grantId) ?? []) store.delete(k);
      grants.delete(grantId);
    }
  };
}

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const langOf = (uiLocales) => (/^ru\b/i.test(String(uiLocales ?? '').trim()) ? 'ru' : 'en');

const STYLE = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b2530}main{max-width:26rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:6px;box-shadow:0 1px 3px #0003}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #5a6570;border-radius:4px}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;background:#0b4f8a;color:#fff;border:0;border-radius:4px}p.error{color:#a00000;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{border-bottom:1px solid #ccd;padding:.25rem;text-align:left;word-break:break-word}details{margin-top:1.5rem}`;

function page(lang, title, body) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage({ agency, uid, lang, error, username, accounts }) {
  const t = LABELS[lang];
  const rows = accounts.map((a) => `<tr><td><code>${esc(a.username)}</code></td><td>${esc(a.role)}</td><td>${esc(a.unit ?? '—')}</td></tr>`).join('');
  return page(
    lang,
    `${t.title} — ${agency}`,
    `<h1>${t.title}</h1><p>${t.at} ${esc(AGENCY_NAMES[lang][agency])}</p>
${error ? `<p class="error" role="alert" id="login-error">${t.wrong}</p>` : ''}
<form method="post" action="/${agency}/interaction/${esc(uid)}/login" autocomplete="off">
<label for="username">${t.username}</label><input id="username" name="username" required value="${esc(username ?? '')}" ${error ? 'aria-describedby="login-error"' : ''}>
<label for="password">${t.password}</label><input id="password" name="password" type="password" required>
<button type="submit">${t.submit}</button></form>
<details><summary>${t.demo}</summary><p>${t.password}: <code>${DEMO_PASSWORD}</code></p>
<table><thead><tr><th scope="col">${t.username}</th><th scope="col">${t.role}</th><th scope="col">${t.unit}</th></tr></thead><tbody>${rows}</tbody></table></details>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function issuerConfig({ agency, key, accounts, consoleOrigins, audience, accessTokenTtlSeconds }) {
  const jwk = { ...createPrivateKey(key).export({ format: 'jwk' }), use: 'sig', alg: 'EdDSA' };
  jwk.kid = createHash('sha256').update(jwk.x).digest('base64url').slice(0, 16);
  const byId = new Map(accounts.map((a) => [a.username, a]));
  const claimsOf = (a) => ({ agency: a.agency, role: a.role, ...(a.unit ? { unit: a.unit } : {}) });
  return {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: 'Caspian Intel Exchange console',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: consoleOrigins.map((o) => `${o}/`),
        post_logout_redirect_uris: consoleOrigins.map((o) => `${o}/`),
        id_token_signed_response_alg: 'EdDSA',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: {
      // One host serves the four issuers (and browsers share cookies across ports): names of their own.
      names: { session: `_session_${agency}`, interaction: `_interaction_${agency}`, resume: `_interaction_resume_${agency}` },
      keys: [randomBytes(32).toString('base64url')],
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The console asked for the sign-out (id_token_hint): no second question, the form submits itself.
        logoutSource: (ctx, form) => {
          const lang = langOf(ctx.oidc.params.ui_locales);
          const t = LABELS[lang];
          ctx.body = page(
            lang,
            t.signOut,
            `<p>${t.signingOut}</p>${form.replace('</form>', `<input type="hidden" name="logout" value="yes"><button type="submit">${t.signOut}</button></form>`)}
<script>document.getElementById('op.logoutForm').submit()</script>`,
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return { scope: 'api', audience, accessTokenTTL: accessTokenTtlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'EdDSA' } } };
        },
      },
    },
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const a = byId.get(id);
      return a && { accountId: id, claims: () => ({ sub: id, name: id }) };
    },
    // The platform reads agency, role and unit from the access token (libs/auth checks them).
    extraTokenClaims: (_ctx, token) => {
      const a = token.kind === 'AccessToken' ? byId.get(token.accountId) : undefined;
      return a ? claimsOf(a) : undefined;
    },
    // The console is the platform's own client: no consent screen; its grant covers the API.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(API_RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    // Refresh tokens end with the provider session, so signing out ends every renewal too.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => consoleOrigins.includes(origin),
    interactions: { url: (_ctx, interaction) => `/${agency}/interaction/${interaction.uid}` },
    ttl: { AccessToken: accessTokenTtlSeconds, IdToken: 3600, RefreshToken: 8 * 3600, Session: 8 * 3600, Interaction: 600, Grant: 8 * 3600 },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('en', 'Error', `<h1>Sign-in error</h1><p>${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`);
    },
  };
}

/**
 * Starts the providers on `port` (0: any free port) and answers until `stop()`.
 * `keys`: the PEM private key file of each agency's issuer; `consoleOrigins`: where the console runs
 * (its redirect and post-logout URIs are `<origin>/`); `audience`: the `aud` of access tokens.
 */
export async function startOidcProvider({
  port = 0,
  host = '127.0.0.1',
  keys,
  consoleOrigins,
  audience = 'caspian-intel-exchange',
  accessTokenTtlSeconds = 600,
  accounts = demoAccounts(),
  agencies = OIDC_AGENCIES,
}) {
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const base = `http://${host}:${server.address().port}`;
  const providers = {};
  for (const agency of agencies) {
    const own = accounts.filter((a) => a.agency === agency);
    const key = readFileSync(keys[agency]);
    providers[agency] = new Provider(`${base}/${agency}`, issuerConfig({ agency, key, accounts: own, consoleOrigins, audience, accessTokenTtlSeconds }));
    providers[agency].on('server_error', (_ctx, e) => console.error(`[oidc ${agency}] ${e.message}`));
  }
  server.on('request', (req, res) => {
    const path = new URL(req.url, base).pathname;
    const agency = path.split('/')[1];
    const provider = providers[agency];
    if (!provider) {
      res.writeHead(404).end();
      return;
    }
    const rest = path.slice(agency.length + 1) || '/';
    const login = /^\/interaction\/([\w-]+)(\/login)?$/.exec(rest);
    if (login) {
      interaction(provider, agency, req, res, !!login[2], accounts).catch((e) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('en', 'Error', `<h1>Sign-in error</h1><p>${esc(e.message)}</p>`));
      });
      return;
    }
    // The provider routes relative to its issuer's path; originalUrl tells it where it is mounted.
    req.originalUrl = req.url;
    req.url = req.url.slice(agency.length + 1) || '/';
    provider.callback()(req, res);
  });
  return {
    url: base,
    issuers: Object.fromEntries(agencies.map((a) => [a, `${base}/${a}`])),
    accounts,
    password: DEMO_PASSWORD,
    clientId: CONSOLE_CLIENT_ID,
    stop: () => {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

async function interaction(provider, agency, req, res, isLogin, allAccounts) {
  const details = await provider.interactionDetails(req, res);
  const lang = langOf(details.params.ui_locales);
  const accounts = allAccounts.filter((a) => a.agency === agency);
  const html = (status, body) => {
    // The password form is never framed by another page (clickjacking).
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "frame-ancestors 'none'" });
    res.end(body);
  };
  if (details.prompt.name === 'consent') {
    // The console is first-party (loadExistingGrant grants its usual scopes): whatever else it asks is granted too.
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
    if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  if (!isLogin || req.method !== 'POST') return html(200, loginPage({ agency, uid: details.uid, lang, accounts }));
  const form = await readForm(req);
  const username = form.get('username')?.trim() ?? '';
  const account = accounts.find((a) => a.username === username);
  if (!account || form.get('password') !== DEMO_PASSWORD) return html(401, loginPage({ agency, uid: details.uid, lang, error: true, username, accounts }));
  await provider.interactionFinished(req, res, { login: { accountId: account.username } }, { mergeWithLastSubmission: false });
}
