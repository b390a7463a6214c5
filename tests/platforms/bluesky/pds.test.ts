// The test PDS itself: starts on 127.0.0.1 within its bound, takes accounts and app passwords, stops cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPds, type TestPds } from '../../helpers/pds.js';

describe('the test PDS', () => {
  let pds: TestPds;
  beforeAll(async () => {
    pds = await startPds();
  }, 25_000);
  afterAll(() => pds?.stop());

  it('listens on 127.0.0.1 and creates an account with an app password', async () => {
    expect(pds.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const account = await pds.createAccount('probe');
    expect(account.did).toMatch(/^did:plc:/);
    expect(account.appPassword).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(await pds.listRecords(account.did)).toEqual([]);
  });
});
