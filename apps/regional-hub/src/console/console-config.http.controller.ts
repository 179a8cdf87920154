import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@cix/auth';
import { consoleIssuers, consoleNodeUrls, type HubEnv } from '@cix/config';
import { HUB_CONFIG } from '../hub.tokens.js';

/**
 * What the web console needs before anyone signs in: where each agency's people sign in (their
 * OpenID Provider and the console's public client id there) and where each agency's node is (an
 * officer posts to their own node). Public, and nothing in it is secret: the same URLs are in the page's CSP.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleConfigHttpController {
  constructor(@Inject(HUB_CONFIG) private readonly config: HubEnv) {}

  @Public()
  @Get('config')
  read() {
    return { nodes: consoleNodeUrls(this.config), issuers: consoleIssuers(this.config) };
  }
}
