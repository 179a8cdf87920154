import { describe, expect, it } from '@jest/globals';
import { UsageError, cliContext } from '../cli-context.js';
import { refusal, watchlistCommand } from './watchlist.command.js';

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

describe('a refused watch-list file', () => {
  const body = JSON.stringify({
    code: 'REQUEST.VALIDATION_FAILED',
    errors: [{ field: 'line 2', rule: 'doctype', message: 'строка 2: объявления DOCTYPE и сущностей не допускаются', params: { line: 2 } }],
  });

  it('is shown as the hub worded each error, one per line, not as raw JSON', () => {
    expect(refusal(400, body, 'ru')).toBe('хаб отклонил файл (400), ничего не сохранено:\n  строка 2: объявления DOCTYPE и сущностей не допускаются');
    expect(refusal(400, body)).toMatch(/^the hub refused the file \(400\); nothing was stored:\n {2}строка 2/);
  });

  it('keeps any other answer as it came', () => {
    expect(refusal(413, 'Payload Too Large')).toBe('the hub answered 413: Payload Too Large');
    expect(refusal(401, '{"code":"AUTH.INVALID_TOKEN","message":"invalid token"}')).toContain('AUTH.INVALID_TOKEN');
  });
});
