import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containerCheckDigit } from '@cix/contracts';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startPlatform, token } from '../support/platform.js';

// The access log names the alerts each read delivered. A record of a match list names BOTH alerts
// of each match: shown to an auditor who may see only one of them, with the other id dropped, its
// action still says "this alert is in a cross-border match" — what the leak suite says a third
// party must never learn. Such a record is for auditors who may see every alert it names.

const number = `TGHU${String(820001)}`;
const container = number + containerCheckDigit(number);

describe('access records of match reads', () => {
  let p: Awaited<ReturnType<typeof startPlatform>>;
  let kzOfficer: string;
  let tmOfficer: string;
  let ccpAuditor: string;
  const ids = { regional: '', bilateral: '' };

  beforeAll(async () => {
    p = await startPlatform(['KZ', 'TM']);
    kzOfficer = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-officer');
    tmOfficer = await token('TM', 'officer', 'TM-TURKMENBASHI', 'tm-officer');
    ccpAuditor = await token('CCP', 'auditor', undefined, 'ccp-auditor');
    const raise = async (node: string, t: string, unit: string, distribution: Record<string, unknown>) => {
      const r = await call('POST', `${node}/api/alerts`, { token: t, body: minimalSeizure({ unit, route: undefined, containers: [container], distribution }) });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    // TM's alert is regional (the programme sees it); KZ's is shared with TM only.
    ids.regional = await raise(p.nodes.TM.url, tmOfficer, 'TM-TURKMENBASHI', { level: 'regional' });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/alerts/${ids.regional}`, { token: tmOfficer })).status === 200, 'regional on hub');
    ids.bilateral = await raise(p.nodes.KZ.url, kzOfficer, 'KZ-AKTAU', { level: 'bilateral', recipients: ['TM'] });
    await eventually(async () => (await call('GET', `${p.hub.url}/api/matches`, { token: kzOfficer })).body?.items?.length === 1, 'match');
  }, 120_000);

  afterAll(async () => {
    await p?.close();
  });

  it('the programme sees no match of the regional alert, and no record of a read of one', async () => {
    expect((await call('GET', `${p.hub.url}/api/matches`, { token: ccpAuditor })).body.items).toEqual([]);
    expect((await call('GET', `${p.hub.url}/api/alerts/${ids.regional}`, { token: ccpAuditor })).body.matches).toEqual([]);
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?alert=${ids.regional}&limit=200`, { token: ccpAuditor });
    expect(log.status).toBe(200);
    const actions = (log.body.items as Array<{ action: string }>).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith('match.'))).toEqual([]);
    expect(JSON.stringify(log.body)).not.toContain(ids.bilateral);
  });

  it("the reading agency's auditors and the read alert's owner still see the record", async () => {
    const kzAuditor = await token('KZ', 'auditor', undefined, 'kz-auditor');
    const log = await call('GET', `${p.hub.url}/api/audit/access-log?action=match.list&limit=200`, { token: kzAuditor });
    expect(log.status).toBe(200);
    expect((log.body.items as Array<{ action: string }>).map((r) => r.action)).toContain('match.list');
    // The owner of the read alert learns who read it.
    const tmAuditor = await token('TM', 'auditor', undefined, 'tm-auditor');
    const own = await call('GET', `${p.hub.url}/api/audit/access-log?action=match.list&agency=KZ&limit=200`, { token: tmAuditor });
    expect((own.body.items as Array<{ alertIds?: string[] }>).flatMap((r) => r.alertIds ?? [])).toContain(ids.regional);
  });

  // A coordinator may decide on any value it likes: the list then must not answer "how many alerts,
  // of any agency and any sharing, hold this container/company" for values under the bound.
  it('a coordinator deciding on a value learns no count of the alerts holding it', async () => {
    const ccp = await token('CCP', 'coordinator', undefined, 'ccp-coordinator');
    const decided = await call('POST', `${p.hub.url}/api/correlation/common-values`, {
      token: ccp,
      body: { kind: 'container', value: container, decision: 'not-common' },
    });
    expect(decided.status).toBe(200);
    const listed = await call('GET', `${p.hub.url}/api/correlation/common-values`, { token: ccp });
    expect(listed.body.items).toEqual([{ kind: 'container', value: container, decision: 'not-common' }]);
  });
});
