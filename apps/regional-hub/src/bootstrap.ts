import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { parseIssuerEntry } from '@cix/auth';
import { consoleIssuers, consoleNodeUrls, originOf, type HubEnv } from '@cix/config';
import { configureHttpApp, documentTitle, serviceLogger } from '@cix/platform';
import { HubModule } from './hub.module.js';
import { HubConsumers } from './projection/hub-consumers.js';
import { WATCHLIST_IMPORT_PATH, watchlistFileReader } from './watchlists/import/watchlist-file.middleware.js';

/** The hub is a hybrid app: HTTP for people, a JetStream transport for the national streams. */
export async function createRegionalHub(config: HubEnv): Promise<INestApplication> {
  const signIn = consoleIssuers(config);
  const trusted = config.AUTH_ISSUERS.split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map(parseIssuerEntry);
  // A console issuer the services do not trust would sign people in to a console that refuses them.
  for (const { agency, issuer } of signIn)
    if (!trusted.some((t) => t.agency === agency && t.issuer === issuer))
      throw new Error(`CONSOLE_OIDC_ISSUERS: ${agency}=${issuer} is not an issuer of ${agency} in AUTH_ISSUERS`);
  const app = await NestFactory.create(HubModule.forRoot(config), {
    bodyParser: false,
    logger: serviceLogger('hub', config),
  });
  app.use(WATCHLIST_IMPORT_PATH, watchlistFileReader(config.WATCHLIST_IMPORT_MAX_BYTES)); // before the generic body parsers
  configureHttpApp(app, {
    title: documentTitle.hub,
    bodyLimit: config.BODY_LIMIT,
    security: config,
    metricsToken: config.METRICS_TOKEN,
    // The console fetches the providers' metadata and exchanges codes and refresh tokens at them.
    browser: { connectTo: [...new Set([...Object.values(consoleNodeUrls(config)), ...signIn.map((i) => i.issuer)].map(originOf))] },
  });
  const consoleDir = path.resolve(config.WEB_CONSOLE_DIR);
  // Vite names assets by their content hash: a browser keeps them, so a later visit on a slow line loads only index.html.
  const immutable = (res: { setHeader(n: string, v: string): void }, file: string) =>
    file.startsWith(path.join(consoleDir, 'assets') + path.sep) && res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  if (existsSync(path.join(consoleDir, 'index.html')))
    (app as NestExpressApplication).useStaticAssets(consoleDir, { index: 'index.html', setHeaders: immutable });
  app.connectMicroservice({ strategy: app.get(HubConsumers).server }, { inheritAppConfig: false });
  await app.startAllMicroservices();
  // Only now are the transport's handlers registered: an agency consumed earlier would find none.
  app.get(HubConsumers).leases.start();
  return app;
}
