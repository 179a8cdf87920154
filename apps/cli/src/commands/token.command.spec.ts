import { describe, expect, it } from '@jest/globals';
import { cliContext } from '../cli-context.js';
import { tokenCommand } from './token.command.js';

describe('cix token', () => {
  it('without keys in its data folder, says which folder it read and how to point it at a running stack', async () => {
    const run = tokenCommand(cliContext({ CIX_DATA_DIR: '/nonexistent/cix-data' }), ['--agency', 'KZ', '--role', 'auditor']);
    await expect(run).rejects.toThrow('/nonexistent/cix-data/keys/issuer-KZ.key.pem');
    await expect(run).rejects.toThrow(/set CIX_DATA_DIR/);
  });
});
