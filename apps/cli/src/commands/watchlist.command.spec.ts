import { describe, expect, it } from '@jest/globals';
import { UsageError, cliContext } from '../cli-context.js';
import { watchlistCommand } from './watchlist.command.js';

// Port 9 (discard) on loopback: a request that got that far would fail with a network error, not a usage error.
const ctx = cliContext({ HUB_PORT: '9' });

describe('cix watchlist import', () => {
  it('asks for --list before sending a CSV file, whose list the hub cannot guess', async () => {
    const run = watchlistCommand(ctx, ['import', 'national.csv', '--token', 't']);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/--list NAME/);
  });

  it('asks for --list with --format csv whatever the file is called', async () => {
    await expect(watchlistCommand(ctx, ['import', 'national.txt', '--format', 'csv', '--token', 't'])).rejects.toThrow(/--list NAME/);
  });
});
