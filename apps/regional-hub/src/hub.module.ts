import { DiscoveryHttpController } from './discovery/discovery.http.controller.js';
import { DiscoveryRepository } from './discovery/discovery.repository.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthGuard, TOKEN_VERIFIER, TokenVerifier } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { EventStore, loadSigningKey, TrustStore } from '@cix/event-store';
import { natsTls, NatsConnectionManager } from '@cix/messaging';
import { databaseOptions, migrateUnderLock, ReferenceDataService, ReferenceHttpController, ServiceMetrics, tokenPolicy } from '@cix/platform';
import { GetHubAlertHandler } from './alerts/queries/get-alert/get-hub-alert.handler.js';
import { HubAlertsHttpController } from './alerts/queries/hub-alerts.http.controller.js';
import { ListHubAlertsHandler } from './alerts/queries/list-alerts/list-hub-alerts.handler.js';
import { HubHealthHttpController } from './health/health.http.controller.js';
import { HubMetrics } from './health/hub-metrics.js';
import { AppliedEvents } from './projection/applied-events.js';
import { AwaitingFeedbackHandler } from './feedback/awaiting-feedback/awaiting-feedback.handler.js';
import { AwaitingFeedbackHttpController } from './feedback/awaiting-feedback/awaiting-feedback.http.controller.js';
import { HubLifecycle } from './hub.lifecycle.js';
import { HUB_CONFIG, HUB_LOG_AGENCY, NATS, TRUST_STORE } from './hub.tokens.js';
import { CorrelationHttpController } from './correlation/correlation.http.controller.js';
import { AlertFeedService } from './stream/alert-feed.service.js';
import { AccessLogService } from './audit/access-log.service.js';
import { AlertHistoryService } from './audit/alert-history.service.js';
import { AuditReplayService } from './audit/audit-replay.service.js';
import { AuditHttpController } from './audit/audit.http.controller.js';
import { AuditWorkspaceHttpController } from './audit/audit-workspace.http.controller.js';
import { AsOfService } from './audit/as-of/as-of.service.js';
import { QuarantineReadService } from './audit/quarantine/quarantine-read.service.js';
import { AuditReportService } from './audit/report/audit-report.service.js';
import { TrendsHttpController } from './trends/trends.http.controller.js';
import { TrendsService } from './trends/trends.service.js';
import { DemoUsersHttpController } from './demo/demo-users.http.controller.js';
import { ConsoleConfigHttpController } from './console/console-config.http.controller.js';
import { AlertStreamHttpController } from './stream/alert-stream.http.controller.js';
import { StreamAuthGuard } from './stream/stream-auth.guard.js';
import { StreamTickets } from './stream/stream-tickets.js';
import { HUB_MIGRATIONS } from '@cix/read-model';
import { AgencyEventsNatsController } from './projection/agency-events.nats.controller.js';
import { HubConsumers } from './projection/hub-consumers.js';
import { ProjectionService } from './projection/projection.service.js';
import { QuarantineRepository } from './projection/quarantine.repository.js';
import { LIST_CURSOR, ListCursorCodec } from './alerts/domain/list-cursor.js';
import { FeedSignals } from './replicas/feed-signals.js';
import { PostgresTicketStore } from './replicas/postgres-ticket-store.js';
import { ReplicaSession } from './replicas/replica-session.js';

/** Which replica a database session belongs to shows in pg_stat_activity. */
const applicationName = (config: HubEnv) => (config.HUB_REPLICA_ID ? `cix-hub:${config.HUB_REPLICA_ID}` : 'cix-hub');
import { WATCHLIST_PROVIDERS, WatchlistsHttpController, ScreeningHitsHttpController } from './watchlists/watchlists.module-parts.js';

@Module({})
export class HubModule {
  static forRoot(config: HubEnv): DynamicModule {
    return {
      module: HubModule,
      imports: [
        CqrsModule.forRoot(),
        TypeOrmModule.forRootAsync({
          useFactory: () => databaseOptions(config.DATABASE_URL, HUB_MIGRATIONS, applicationName(config), config.DATABASE_SSL_CA_FILE),
          dataSourceFactory: migrateUnderLock,
        }),
      ],
      controllers: [
        HubAlertsHttpController,
        AwaitingFeedbackHttpController,
        DiscoveryHttpController,
        AlertStreamHttpController,
        AuditHttpController,
        AuditWorkspaceHttpController,
        TrendsHttpController,
        DemoUsersHttpController,
        ConsoleConfigHttpController,
        ReferenceHttpController,
        HubHealthHttpController,
        AgencyEventsNatsController,
        CorrelationHttpController,
        WatchlistsHttpController,
        ScreeningHitsHttpController,
      ],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        DiscoveryRepository,
        // The hub trusts every configured issuer, the programme's included.
        {
          provide: TOKEN_VERIFIER,
          inject: [ReferenceDataService],
          useFactory: (ref: ReferenceDataService) => TokenVerifier.fromSpec(config.AUTH_ISSUERS, undefined, tokenPolicy(config, ref)),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: TRUST_STORE, useValue: TrustStore.fromSpec(config.NODE_PUBLIC_KEYS) },
        { provide: LIST_CURSOR, useValue: ListCursorCodec.create(config.HUB_CURSOR_KEY) },
        { provide: ReferenceDataService, useValue: ReferenceDataService.load(config.REFERENCE_DATA_FILE) },
        {
          provide: NATS,
          useValue: new NatsConnectionManager({
            url: config.NATS_URL,
            user: config.NATS_USER,
            password: config.NATS_PASSWORD,
            tls: natsTls(config),
            name: 'regional-hub',
          }),
        },
        { provide: ReplicaSession, useValue: new ReplicaSession(config.DATABASE_URL, `${applicationName(config)}:session`, config.DATABASE_SSL_CA_FILE) },
        { provide: FeedSignals, inject: [DataSource, ReplicaSession], useFactory: (db: DataSource, s: ReplicaSession) => new FeedSignals(db, s) },
        {
          provide: HubConsumers,
          inject: [NATS, QuarantineRepository, ReplicaSession],
          useFactory: (nats: NatsConnectionManager, poison: QuarantineRepository, session: ReplicaSession) =>
            new HubConsumers(nats, config.HUB_AGENCIES.split(','), poison, session, config.HUB_REPLICA_ID),
        },
        {
          // The hub's own facts (who read what) in an append-only, hash-chained, signed log of its own.
          provide: EventStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new EventStore(db, HUB_LOG_AGENCY, loadSigningKey(config.HUB_SIGNING_KEY_FILE, config.HUB_SIGNING_KEY_ID)),
        },
        HubLifecycle,
        { provide: ServiceMetrics, useValue: new ServiceMetrics('hub') },
        HubMetrics,
        AppliedEvents,
        QuarantineRepository,
        ProjectionService,
        ListHubAlertsHandler,
        GetHubAlertHandler,
        AwaitingFeedbackHandler,
        AlertFeedService,
        { provide: StreamTickets, inject: [DataSource], useFactory: (db: DataSource) => new StreamTickets(new PostgresTicketStore(db)) },
        StreamAuthGuard,
        AccessLogService,
        AlertHistoryService,
        AuditReplayService,
        AsOfService,
        QuarantineReadService,
        AuditReportService,
        TrendsService,
        ...WATCHLIST_PROVIDERS,
      ],
    };
  }
}
