import { Inject, Injectable } from '@nestjs/common';
import type { NodeEnv } from '@cix/config';
import type { AlertState, OfficerAlertCommand } from '@cix/contracts';
import type { AppendResult } from '@cix/event-store';
import { ReferenceDataService } from '@cix/platform';
import { decide, type AlertDecisionContext } from '../domain/alert.decider.js';
import { AlertRepository } from '../domain/alert.repository.js';
import { NODE_CONFIG } from '../../node.tokens.js';

/**
 * The shell around the alert's decider, shared by the command handlers: it reads the clock and
 * the configuration, loads the stream, lets `decide` apply every rule, and appends what it
 * decided with the expected version (and idempotency key) the command carries.
 */
@Injectable()
export class AlertCommandRunner {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
  ) {}

  context(now = new Date()): AlertDecisionContext {
    return { agency: this.alerts.agency, now, reference: this.reference, lifecycle: this.config };
  }

  /** Load → decide → append; answers the alert as it now stands. */
  async run(
    command: OfficerAlertCommand,
    idempotency: { idempotencyKey?: string; request?: unknown } = {},
  ): Promise<{ state: AlertState; result: AppendResult }> {
    // A new alert has a fresh id: there is no stream to load.
    const state = command.type === 'RaiseAlert' ? null : await this.alerts.find(command.alertId);
    const [event] = decide(command, state, this.context());
    const expectedVersion = command.type === 'RaiseAlert' ? 0 : command.expectedVersion;
    return this.alerts.append(command.alertId, state, { ...event, expectedVersion, ...idempotency }, command.actor);
  }
}
