import { readFileSync } from 'node:fs';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import type { HubEnv } from '@cix/config';
import { HUB_CONFIG } from '../hub.tokens.js';

/**
 * The local stack's demo users for the console's sign-in page: tokens for anyone who asks, so it
 * exists only when the stack turns it on explicitly (DEMO_SIGN_IN=true, with its own generated
 * development tokens in HUB_DEMO_TOKENS_FILE); otherwise 404 like any unknown path.
 */
@ApiExcludeController()
@Controller('demo')
export class DemoUsersHttpController {
  constructor(@Inject(HUB_CONFIG) private readonly config: HubEnv) {}

  @Public()
  @Get('users')
  users() {
    if (this.config.DEMO_SIGN_IN !== 'true' || !this.config.HUB_DEMO_TOKENS_FILE) throw new NotFound('resource');
    const lines = readFileSync(this.config.HUB_DEMO_TOKENS_FILE, 'utf8').split('\n');
    const users: Array<{ label: string; token: string }> = [];
    for (let i = 0; i + 1 < lines.length; i++) if (lines[i].startsWith('# ')) users.push({ label: lines[i].slice(2), token: lines[i + 1].trim() });
    return { users };
  }
}
